import { EventEmitter } from 'node:events';
import xml, { type Element } from '@xmpp/xml';
import type { RosterItem } from '@/lib/protocol/response';
import { parseRosterItems, rosterNs } from '@/server/worker/roster';

/**
 * What a user's own client sees of its roster, for tests that check the worker's roster writes
 * from the user's side: reading it, editing it, the pushes the server sends, and a real presence
 * subscription between two users (the only way to get subscription state other than none).
 */
export interface RosterTestClient {
  send(stanza: Element): Promise<unknown>;
  on(event: 'stanza', listener: (stanza: Element) => void): unknown;
  removeListener(event: 'stanza', listener: (stanza: Element) => void): unknown;
  iqCaller: { request(stanza: Element, timeout?: number): Promise<Element> };
  iqCallee: { set(ns: string, name: string, handler: (ctx: { stanza: Element; element: Element }) => unknown): void };
}

export interface OwnRoster {
  /** The roster version (RFC 6121 2.6): the server moves it on every change it stores. */
  ver: string | undefined;
  items: RosterItem[];
}

/** Reads the roster as the user (asking for versioning); this also makes the resource receive pushes. */
export async function readOwnRoster(client: RosterTestClient): Promise<OwnRoster> {
  const result = await client.iqCaller.request(xml('iq', { type: 'get' }, xml('query', { xmlns: rosterNs, ver: '' })));
  const query = result.getChild('query', rosterNs);
  return { ver: query?.attrs.ver, items: comparable(parseRosterItems(query)) };
}

/** Groups are a set (the server keeps no order): sorted, so tests can compare items whole. */
function comparable(items: RosterItem[]): RosterItem[] {
  return items.map((item) => ({ ...item, groups: [...item.groups].sort() }));
}

export function itemOf(roster: OwnRoster, jid: string): RosterItem | undefined {
  return roster.items.find((item) => item.jid === jid);
}

/** The user edits its own roster, as a client app would (no subscription: the server owns that). */
export async function setOwnRosterItem(client: RosterTestClient, item: { jid: string; name?: string; groups: string[] }): Promise<void> {
  await client.iqCaller.request(
    xml(
      'iq',
      { type: 'set' },
      xml(
        'query',
        { xmlns: rosterNs },
        xml('item', { jid: item.jid, name: item.name }, ...item.groups.map((group) => xml('group', {}, group))),
      ),
    ),
  );
}

/** The user deletes an item from its own roster (RFC 6121 2.5). */
export async function removeOwnRosterItem(client: RosterTestClient, jid: string): Promise<void> {
  await client.iqCaller.request(
    xml('iq', { type: 'set' }, xml('query', { xmlns: rosterNs }, xml('item', { jid, subscription: 'remove' }))),
  );
}

/** Records every roster push the server sends this client, and acknowledges it as RFC 6121 asks. */
export class RosterPushes {
  readonly received: RosterItem[] = [];
  private readonly events = new EventEmitter();

  constructor(client: RosterTestClient) {
    client.iqCallee.set(rosterNs, 'query', ({ element }) => {
      for (const item of comparable(parseRosterItems(element))) {
        this.received.push(item);
        this.events.emit('push', item);
      }
      return true;
    });
  }

  /** Resolves with the first push, from now on, that matches. */
  next(matches: (item: RosterItem) => boolean): Promise<RosterItem> {
    return new Promise((resolve) => {
      const listener = (item: RosterItem) => {
        if (!matches(item)) return;
        this.events.removeListener('push', listener);
        resolve(item);
      };
      this.events.on('push', listener);
    });
  }
}

/** Resolves with the first stanza, from now on, that matches. */
export function nextStanza(client: RosterTestClient, matches: (stanza: Element) => boolean): Promise<Element> {
  return new Promise((resolve) => {
    const listener = (stanza: Element) => {
      if (!matches(stanza)) return;
      client.removeListener('stanza', listener);
      resolve(stanza);
    };
    client.on('stanza', listener);
  });
}

/**
 * `subscriber` subscribes to `contact`'s presence and `contact` approves: afterwards the
 * subscriber's item for the contact has subscription `to` (or `both`). Waits on the real stanzas.
 */
export async function subscribeToPresence(
  subscriber: { client: RosterTestClient; pushes: RosterPushes; jid: string },
  contact: { client: RosterTestClient; jid: string },
): Promise<void> {
  const requestArrived = nextStanza(
    contact.client,
    (stanza) => stanza.is('presence') && stanza.attrs.type === 'subscribe' && bare(stanza.attrs.from) === subscriber.jid,
  );
  const approved = subscriber.pushes.next(
    (item) => item.jid === contact.jid && (item.subscription === 'to' || item.subscription === 'both'),
  );
  await subscriber.client.send(xml('presence', { to: contact.jid, type: 'subscribe' }));
  await requestArrived;
  await contact.client.send(xml('presence', { to: subscriber.jid, type: 'subscribed' }));
  await approved;
}

function bare(jid: string | undefined): string | undefined {
  return jid?.split('/')[0];
}
