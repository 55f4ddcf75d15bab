import { randomUUID } from 'node:crypto';
import { client as xmppClient, type Client } from '@xmpp/client';
import xml, { type Element } from '@xmpp/xml';
import type { ResponsePayload } from '@/lib/protocol/response';
import { oobNs, receiptsNs } from '@/server/worker/envelope';
import { domainOf } from '@/server/worker/sender';
import { readStreamWhole } from '@/server/worker/stream-reading';
import { withTimeout } from './with-timeout';

/**
 * The one XMPP test client: a real @xmpp/client session that sends the protocol's commands and
 * keeps what it receives until a test takes it. The XMPP suites, the browser tests and the benches
 * all use it. It imports nothing that opens a database or starts a server, so Playwright can load it.
 */
/** The XMPP suites' domain and component (the browser tests' product serves localhost instead). */
export const servedDomain = 'served.test';
export const componentJid = `xmpp-service.${servedDomain}`;
/** The address the spec's examples write to (xmpp_service@…), at our component. */
export const serviceJid = serviceJidOf(componentJid);
const responseTimeoutMs = 15_000;

export interface Account {
  local: string;
  domain: string;
  /** Bare JID. */
  jid: string;
  password: string;
}

export interface CommandResponse {
  type: string;
  action: string;
  /** The payload text exactly as received. */
  payloadText: string;
  /** The payload read with JSON.parse: a response that is not strict JSON fails the test. */
  payload: ResponsePayload;
  stanza: Element;
}

export interface CommandOptions {
  /** Omitted: the request carries no <action> (as the spec's search-users example). Default: same as type. */
  action?: string | null;
  to?: string;
  id?: string;
  /** Add XEP-0184 <request/>. */
  receipt?: boolean;
}

/** Receiving end shared by test users and the peer component. */
export interface CommandInbox {
  /** The next command response not yet taken (optionally of this oob type). */
  response(type?: string, timeoutMs?: number): Promise<CommandResponse>;
  /** Waits for the XEP-0184 receipt of a request id. */
  receipt(id: string, timeoutMs?: number): Promise<Element>;
  /** The next received message matching `predicate`, consumed. */
  message(predicate: (stanza: Element) => boolean, timeoutMs?: number): Promise<Element>;
  /** Messages from the component received and not taken yet (Prosody's own notices are left out). */
  unreadFromService(): Element[];
}

export interface TestUser extends Account, CommandInbox {
  client: Client;
  /** The full JID the server bound. */
  fullJid: string;
  /** Writes a stanza as it is, raw XML; the server stamps `from`. */
  sendRaw(stanzaXml: string): Promise<void>;
  send(stanza: Element): Promise<void>;
  /** Sends a command (payload text verbatim, or an object as JSON) and waits for its response. */
  command(type: string, payload: string | object, options?: CommandOptions): Promise<CommandResponse>;
  iq(request: Element, timeoutMs?: number): Promise<Element>;
  /** vcard-temp get to `to` (default: the component): the DESC text. */
  vcardDesc(to?: string): Promise<string>;
  stop(): Promise<void>;
}

interface Waiter {
  predicate: (stanza: Element) => boolean;
  resolve: (stanza: Element) => void;
}

/** A real client session of `account` on the Prosody listening on c2sPort; stop() it when done. */
export function serviceJidOf(serviceComponentJid: string): string {
  return `xmpp_service@${serviceComponentJid}`;
}

export interface ConnectOptions {
  resource?: string;
  /** The product's component this client talks to (default: the XMPP suites' `componentJid`). */
  componentJid?: string;
}

export async function connectAccount(
  account: Account,
  c2sPort: number,
  { resource = `test-${randomUUID().slice(0, 8)}`, componentJid: service = componentJid }: ConnectOptions = {},
): Promise<TestUser> {
  const client = xmppClient({
    service: `xmpp://127.0.0.1:${c2sPort}`,
    domain: account.domain,
    username: account.local,
    password: account.password,
    resource,
  });
  // As a phone's XMPP library does: whole characters, and a parser whose cost follows the stanza.
  readStreamWhole(client);
  client.reconnect.stop();
  client.on('error', () => {}); // a failed start rejects below; later errors end the test's waits by timeout
  const inbox = commandInbox(client, account.jid, service);
  await withTimeout(client.start(), 15_000, `${account.jid} could not connect`);
  await client.send(xml('presence'));
  const fullJid = client.jid?.toString() ?? `${account.jid}/${resource}`;

  return {
    ...account,
    ...inbox,
    client,
    fullJid,
    sendRaw: (stanzaXml) => client.write(stanzaXml),
    send: (stanza) => client.send(stanza),
    async command(type, payload, commandOptions = {}) {
      await client.send(commandRequest(type, payload, { to: serviceJidOf(service), ...commandOptions }));
      return inbox.response(type.trim().slice(0, 200));
    },
    iq: (request, timeoutMs = responseTimeoutMs) => client.iqCaller.request(request, timeoutMs),
    async vcardDesc(to = service) {
      const result = await client.iqCaller.request(
        xml('iq', { type: 'get', to }, xml('vCard', { xmlns: 'vcard-temp' })),
        responseTimeoutMs,
      );
      const desc = result.getChild('vCard', 'vcard-temp')?.getChild('DESC');
      if (!desc) throw new Error(`the vCard answer has no DESC: ${result.toString()}`);
      return desc.text();
    },
    async stop() {
      await client.stop().catch(() => {});
    },
  };
}

/** The request envelope of a command: payload text verbatim, or an object as JSON. */
export function commandRequest(type: string, payload: string | object, options: CommandOptions): Element {
  const action = options.action === undefined ? type : options.action;
  return xml(
    'message',
    { to: options.to ?? serviceJid, id: options.id ?? randomUUID(), type: 'chat' },
    xml('body'),
    xml(
      'x',
      { xmlns: oobNs },
      xml('type', {}, type),
      action === null ? null : xml('action', {}, action),
      xml('payload', {}, typeof payload === 'string' ? payload : JSON.stringify(payload)),
    ),
    options.receipt ? xml('request', { xmlns: receiptsNs }) : null,
  );
}

/** Keeps the messages `entity` receives until a test takes them, or hands them to a test waiting for one. */
export function commandInbox(
  entity: { on(event: 'stanza', listener: (stanza: Element) => void): unknown },
  owner: string,
  service = componentJid,
): CommandInbox {
  const inbox: Element[] = [];
  const waiters: Waiter[] = [];
  entity.on('stanza', (stanza: Element) => {
    if (!stanza.is('message')) return;
    const index = waiters.findIndex((waiter) => waiter.predicate(stanza));
    if (index === -1) return void inbox.push(stanza);
    waiters.splice(index, 1)[0]!.resolve(stanza);
  });
  const message = (predicate: (stanza: Element) => boolean, timeoutMs = responseTimeoutMs) => {
    const index = inbox.findIndex(predicate);
    if (index !== -1) return Promise.resolve(inbox.splice(index, 1)[0]!);
    let waiter: Waiter | undefined;
    const arrived = new Promise<Element>((resolve) => {
      waiter = { predicate, resolve };
      waiters.push(waiter);
    });
    return withTimeout(arrived, timeoutMs, `${owner} received no matching message within ${timeoutMs} ms`).finally(() => {
      const index = waiters.indexOf(waiter!);
      if (index !== -1) waiters.splice(index, 1);
    });
  };
  return {
    message,
    response: async (type, timeoutMs) =>
      toResponse(await message((stanza) => isResponse(stanza) && (type === undefined || oobText(stanza, 'type') === type), timeoutMs)),
    receipt: (id, timeoutMs) => message((stanza) => stanza.getChild('received', receiptsNs)?.attrs.id === id, timeoutMs),
    unreadFromService: () => inbox.filter((stanza) => domainOf(stanza.attrs.from ?? '') === service),
  };
}

function isResponse(stanza: Element): boolean {
  return stanza.attrs.type !== 'error' && stanza.getChild('x', oobNs)?.getChild('payload') !== undefined;
}

function oobText(stanza: Element, name: string): string {
  return stanza.getChild('x', oobNs)?.getChild(name)?.text() ?? '';
}

function toResponse(stanza: Element): CommandResponse {
  const payloadText = oobText(stanza, 'payload');
  return {
    type: oobText(stanza, 'type'),
    action: oobText(stanza, 'action'),
    payloadText,
    payload: JSON.parse(payloadText) as ResponsePayload,
    stanza,
  };
}
