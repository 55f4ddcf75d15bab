import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { client as xmppClient, type Client } from '@xmpp/client';
import { component as xmppComponent } from '@xmpp/component';
import xml, { type Element } from '@xmpp/xml';
import { openDatabase, type Database } from '@/db/client';
import { readSettings } from '@/server/config';
import { findDomain, type Domain } from '@/server/domains';
import { PrivateProsody, type PrivateProsodyOptions } from '@/server/prosody/private-prosody';
import { freePort } from '@/test/support/free-port';
import { seedDemoData } from '@/server/seed/seed';
import type { ResponsePayload } from '@/lib/protocol/response';
import { oobNs, receiptsNs } from '@/server/worker/envelope';
import { domainOf } from '@/server/worker/sender';
import { startWorker, type Worker, type WorkerOptions } from '@/server/worker/worker';
import { prosodySqlSettings, type XmppServerKind } from '@/server/xmpp-setup';
import { PrivateEjabberd } from './private-ejabberd';
import { openTestDatabase, type DatabaseKind, type TestDatabase } from './databases';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';
import { withTimeout } from './with-timeout';

export { withTimeout };

/**
 * Everything an XMPP test needs, for real: a private Prosody on free ports (data under the OS temp
 * dir), a fresh test database seeded with the demo data for `servedDomain`, the worker connected as
 * the component, and users registered with prosodyctl who connect with @xmpp/client.
 * `unservedDomain` is a second Prosody host with no row in `domains`; `peerComponentJid` is a
 * second component of the same Prosody, a sender that is not a user.
 */
export const servedDomain = 'served.test';
export const unservedDomain = 'unserved.test';
export const componentJid = `xmpp-service.${servedDomain}`;
export const peerComponentJid = `peer.${servedDomain}`;
/** The address the spec's examples write to (xmpp_service@…), at our component. */
export const serviceJid = `xmpp_service@${componentJid}`;
const responseTimeoutMs = 15_000;
// One JSON line per command is the product's log; in test output only warnings and errors help.
process.env.LOG_LEVEL ??= 'warn';

export interface HarnessOptions {
  database: DatabaseKind;
  /** The XMPP server under test (default Prosody). */
  server?: 'prosody' | 'ejabberd';
  /** Prosody's own storage: its files under the data dir (default), or SQL in the test's PostgreSQL database. */
  prosodyStorage?: 'internal' | 'sql';
  /** Route the worker's database connection through a TCP proxy the test can cut (PostgreSQL only). */
  proxyDatabase?: boolean;
  worker?: Partial<Omit<WorkerOptions, 'db' | 'listen' | 'target'>>;
  /** What the server grants the component (default: roster `both`). */
  prosody?: Pick<PrivateProsodyOptions, 'rosterAccess'>;
}

export interface XmppHarness {
  /** The test's database (direct connection): set up data and read results through it. */
  database: TestDatabase;
  /** The served domain's row, seeded with the spec's buddies, channels `news` and `offers`, a version rule. */
  domain: Domain;
  /** The private Prosody (Prosody harness only). */
  prosody: PrivateProsody;
  /** The private ejabberd node (ejabberd harness only). */
  ejabberd: PrivateEjabberd;
  worker: Worker;
  /** Where the harness's worker connects: another worker started with it joins the same component. */
  workerTarget: WorkerOptions['target'];
  /** Present with `proxyDatabase`: cut() takes the database away from the worker. */
  databaseProxy?: TcpProxy;
  /** `sql:<url>` or `file:<data path>`: what the worker's account directory reads (Prosody harness only). */
  accountStore: string;
  c2sPort: number;
  /** Registers an account with prosodyctl or ejabberdctl (not connected); a random MSISDN-like name unless given. */
  registerAccount(options?: { domain?: string; local?: string }): Account;
  /** Registers an account and connects it. */
  createUser(options?: { domain?: string; local?: string }): Promise<TestUser>;
  /** Connects an existing account. */
  connect(account: Account, resource?: string): Promise<TestUser>;
  /** `peerComponentJid`, an XEP-0114 component of the same server, connected on first use. */
  connectPeerComponent(): Promise<PeerComponent>;
  /** Where and how another program connects as `peerComponentJid` instead (the benchmark's bare component). */
  peerComponentTarget: { service: string; jid: string; secret: string };
  stop(): Promise<void>;
}

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
interface CommandInbox {
  /** The next command response not yet taken (optionally of this oob type). */
  response(type?: string, timeoutMs?: number): Promise<CommandResponse>;
  /** Waits for the XEP-0184 receipt of a request id. */
  receipt(id: string, timeoutMs?: number): Promise<Element>;
  /** The next received message matching `predicate`, consumed. */
  message(predicate: (stanza: Element) => boolean, timeoutMs?: number): Promise<Element>;
  /** Messages from the component received and not taken yet (Prosody's own notices are left out). */
  unreadFromService(): Element[];
}

/**
 * Another component of the harness's Prosody: it writes to the service as a server-side entity
 * does, from its own domain (no user name) or from any JID of it (Prosody allows a component no other).
 */
export interface PeerComponent extends CommandInbox {
  jid: string;
  /** Sends a command from `from` (default: the component's own domain) and waits for its response. */
  command(type: string, payload: string | object, options?: CommandOptions & { from?: string }): Promise<CommandResponse>;
  stop(): Promise<void>;
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

export async function startXmppHarness(options: HarnessOptions): Promise<XmppHarness> {
  if ((options.prosodyStorage === 'sql' || options.proxyDatabase) && options.database !== 'postgres') {
    throw new Error('prosodyStorage "sql" and proxyDatabase need the postgres database kind');
  }
  const cleanups: Array<() => Promise<void> | void> = [];
  const cleanUp = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    const database = await openTestDatabase(options.database);
    cleanups.push(() => database.close());
    await seedDemoData(database.db, servedDomain);
    const domain = await findDomain(database.db, servedDomain);
    if (!domain) throw new Error('the seed did not create the served domain');

    const peerComponentSecret = randomBytes(16).toString('hex');
    const server = await startTestServer(options, database, peerComponentSecret, cleanups);
    const { c2sPort, componentPort, componentSecret } = server;

    let workerDatabase: Database = database;
    let databaseProxy: TcpProxy | undefined;
    if (options.proxyDatabase) {
      const direct = new URL(database.url!);
      databaseProxy = await startTcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) });
      cleanups.push(() => databaseProxy!.close());
      const proxied = new URL(direct);
      proxied.port = String(databaseProxy.port);
      const proxiedDatabase: Database = await openDatabase({ url: proxied.toString() });
      cleanups.push(() => proxiedDatabase.close());
      workerDatabase = proxiedDatabase;
    }

    const workerTarget = { service: `xmpp://127.0.0.1:${componentPort}`, componentJid, componentSecret, server: server.kind };
    const worker = startWorker({
      db: workerDatabase.db,
      concurrency: workerDatabase.concurrency,
      listen: workerDatabase.listen,
      target: workerTarget,
      settings: readSettings(),
      ...options.worker,
    });
    cleanups.push(() => worker.stop());
    await withTimeout(worker.waitOnline(), 15_000, `the worker did not connect to the XMPP server:\n${server.logTail()}`);

    const users: Array<{ stop(): Promise<void> }> = [];
    cleanups.push(async () => {
      await Promise.all(users.map((user) => user.stop()));
    });
    const registerAccount = (accountOptions: { domain?: string; local?: string } = {}): Account => {
      const local = accountOptions.local ?? randomMsisdn();
      const accountDomain = accountOptions.domain ?? servedDomain;
      const password = randomBytes(9).toString('base64url');
      server.registerUser(local, accountDomain, password);
      return { local, domain: accountDomain, jid: `${local}@${accountDomain}`, password };
    };
    // The server takes one connection per component JID: every test of a harness shares it.
    let peer: Promise<PeerComponent> | undefined;
    const connect = async (account: Account, resource = `test-${randomUUID().slice(0, 8)}`) => {
      const user = await connectAccount(account, c2sPort, resource);
      users.push(user);
      return user;
    };

    return {
      database,
      domain,
      // The harness's own server: asking a Prosody harness for its ejabberd (or the reverse) is a test's bug.
      get prosody() {
        return serverPart(server.handles.prosody, 'prosody', options);
      },
      get accountStore() {
        return serverPart(server.handles.accountStore, 'accountStore', options);
      },
      get ejabberd() {
        return serverPart(server.handles.ejabberd, 'ejabberd', options);
      },
      worker,
      workerTarget,
      databaseProxy,
      c2sPort,
      registerAccount,
      createUser: (accountOptions) => connect(registerAccount(accountOptions)),
      connect,
      peerComponentTarget: { service: `xmpp://127.0.0.1:${componentPort}`, jid: peerComponentJid, secret: peerComponentSecret },
      connectPeerComponent() {
        peer ??= connectPeerComponent(componentPort, peerComponentSecret).then((connected) => {
          users.push(connected);
          return connected;
        });
        return peer;
      },
      stop: cleanUp,
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

/** The private server a harness runs, seen the same way whichever it is. */
interface TestServer {
  c2sPort: number;
  componentPort: number;
  componentSecret: string;
  kind: XmppServerKind;
  /** What the harness exposes of the server itself (harness.prosody or harness.ejabberd). */
  handles: Partial<Pick<XmppHarness, 'prosody' | 'accountStore' | 'ejabberd'>>;
  registerUser(local: string, domain: string, password: string): void;
  logTail(): string;
}

function serverPart<T>(part: T | undefined, name: string, options: HarnessOptions): T {
  if (part === undefined) throw new Error(`harness.${name} does not exist on a harness running ${options.server ?? 'prosody'}`);
  return part;
}

async function startTestServer(
  options: HarnessOptions,
  database: TestDatabase,
  peerComponentSecret: string,
  cleanups: Array<() => Promise<void> | void>,
): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), `xs-${options.server ?? 'prosody'}-`));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const [c2sPort, componentPort] = [await freePort(), await freePort()];
  const componentSecret = randomBytes(16).toString('hex');
  const ports = { c2sPort, componentPort, componentSecret };
  if (options.server === 'ejabberd') {
    const ejabberd = new PrivateEjabberd({
      dir: dataDir,
      domains: [servedDomain, unservedDomain],
      components: [
        { jid: componentJid, secret: componentSecret },
        { jid: peerComponentJid, secret: peerComponentSecret },
      ],
      c2sPort,
      componentPort,
      httpPort: await freePort(),
    });
    cleanups.push(() => ejabberd.stop());
    await ejabberd.start();
    return {
      ...ports,
      kind: { kind: 'ejabberd', apiUrl: ejabberd.apiUrl },
      handles: { ejabberd },
      registerUser: (local, domain, password) => ejabberd.registerUser(local, domain, password),
      logTail: () => ejabberd.logTail(),
    };
  }
  const prosody = new PrivateProsody({
    dataDir,
    domains: [servedDomain, unservedDomain],
    componentJid,
    componentSecret,
    c2sPort,
    componentPort,
    allowRegistration: true,
    sql: options.prosodyStorage === 'sql' ? prosodySqlSettings(database.url!) : undefined,
    otherComponents: [{ jid: peerComponentJid, secret: peerComponentSecret }],
    ...options.prosody,
  });
  await prosody.start();
  cleanups.push(() => prosody.stop());
  const accountStore = options.prosodyStorage === 'sql' ? `sql:${database.url}` : `file:${prosody.dataPath}`;
  return {
    ...ports,
    kind: { kind: 'prosody', accountStore },
    handles: { prosody, accountStore },
    registerUser: (local, domain, password) => prosody.registerUser(local, domain, password),
    logTail: () => prosody.logTail(),
  };
}

/** An Italian-mobile-like MSISDN in international 00 form, random enough for parallel tests. */
export function randomMsisdn(): string {
  return `0039347${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
}

interface Waiter {
  predicate: (stanza: Element) => boolean;
  resolve: (stanza: Element) => void;
}

/** A real client session of `account` on the Prosody listening on c2sPort; stop() it when done. */
export async function connectAccount(account: Account, c2sPort: number, resource = `test-${randomUUID().slice(0, 8)}`): Promise<TestUser> {
  const client = xmppClient({
    service: `xmpp://127.0.0.1:${c2sPort}`,
    domain: account.domain,
    username: account.local,
    password: account.password,
    resource,
  });
  client.reconnect.stop();
  client.on('error', () => {}); // a failed start rejects below; later errors end the test's waits by timeout
  const inbox = commandInbox(client, account.jid);
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
      await client.send(commandRequest(type, payload, commandOptions));
      return inbox.response(type.trim().slice(0, 200));
    },
    iq: (request, timeoutMs = responseTimeoutMs) => client.iqCaller.request(request, timeoutMs),
    async vcardDesc(to = componentJid) {
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

async function connectPeerComponent(componentPort: number, secret: string): Promise<PeerComponent> {
  const entity = xmppComponent({ service: `xmpp://127.0.0.1:${componentPort}`, domain: peerComponentJid, password: secret });
  entity.reconnect.stop();
  entity.on('error', () => {});
  const inbox = commandInbox(entity, peerComponentJid);
  await withTimeout(entity.start(), 15_000, `${peerComponentJid} could not connect`);
  return {
    ...inbox,
    jid: peerComponentJid,
    async command(type, payload, { from = peerComponentJid, ...commandOptions } = {}) {
      // A component's stanzas carry their own from: the server checks it is of the component's domain.
      const request = commandRequest(type, payload, commandOptions);
      request.attrs.from = from;
      await entity.send(request);
      return inbox.response(type.trim().slice(0, 200));
    },
    async stop() {
      await entity.stop().catch(() => {});
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
function commandInbox(entity: { on(event: 'stanza', listener: (stanza: Element) => void): unknown }, owner: string): CommandInbox {
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
    unreadFromService: () => inbox.filter((stanza) => domainOf(stanza.attrs.from ?? '') === componentJid),
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
