import xml, { type Element } from '@xmpp/xml';
import type { SenderRoster } from './command';
import type { RosterItem } from '@/lib/protocol/response';

export const rosterNs = 'jabber:iq:roster';
const subscriptions = new Set<RosterItem['subscription']>(['none', 'to', 'from', 'both', 'remove']);

/** The part of the @xmpp/component entity this module needs. */
export interface IqRequester {
  iqCaller: { request(stanza: Element, timeout?: number): Promise<Element> };
}

export interface SenderRosterOptions {
  /** Each roster request fails after this long instead of holding the command. */
  timeoutMs?: number;
}

/**
 * The sender's server-side roster through XEP-0356 (privileged entity): the component asks the
 * server, from its own JID, for the roster of `senderBare`, the bare JID the server stamped on the
 * request. Nothing else can be named, so a command cannot reach another user's roster.
 */
export function createSenderRoster(
  entity: IqRequester,
  componentJid: string,
  senderBare: string,
  options: SenderRosterOptions = {},
): SenderRoster {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const request = (type: 'get' | 'set', ...items: Element[]) =>
    entity.iqCaller.request(
      xml('iq', { type, from: componentJid, to: senderBare }, xml('query', { xmlns: rosterNs }, ...items)),
      timeoutMs,
    );

  return {
    async get() {
      return parseRosterItems((await request('get')).getChild('query', rosterNs));
    },
    async set(item) {
      await request('set', itemElement(item));
    },
  };
}

/**
 * Why a roster request failed, in words for the client: the server's error condition (XEP-0356
 * access refused is `forbidden`), no answer in time, or a lost connection. Nothing internal.
 */
export function rosterFailureReason(error: unknown): string {
  const condition =
    error instanceof Error && error.name === 'StanzaError' ? (error as Error & { condition?: unknown }).condition : undefined;
  if (typeof condition === 'string') return `the XMPP server answered ${condition}`;
  if (error instanceof Error && error.name === 'TimeoutError') return 'the XMPP server did not answer in time';
  return 'the connection to the XMPP server failed';
}

/** The items of a `<query xmlns='jabber:iq:roster'>` (a result or a push); items without a JID are dropped. */
export function parseRosterItems(query: Element | undefined): RosterItem[] {
  return (query?.getChildren('item') ?? []).flatMap(parseItem);
}

function parseItem(element: Element): RosterItem[] {
  const jid = element.attrs.jid;
  if (!jid) return [];
  const subscription = element.attrs.subscription as RosterItem['subscription'] | undefined;
  return [
    {
      jid,
      ...(element.attrs.name === undefined ? {} : { name: element.attrs.name }),
      subscription: subscription && subscriptions.has(subscription) ? subscription : 'none',
      groups: element.getChildren('group').map((group) => group.text()),
    },
  ];
}

/** RFC 6121 2.1.5: a set carries no subscription state, except 'remove' to delete the item. */
function itemElement(item: RosterItem): Element {
  return xml(
    'item',
    { jid: item.jid, name: item.name, subscription: item.subscription === 'remove' ? 'remove' : undefined },
    ...item.groups.map((group) => xml('group', {}, group)),
  );
}
