import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { component as xmppComponent } from '@xmpp/component';
import { openDatabase, type Database } from '@/db/client';
import { readSettings } from '@/server/config';
import { findDomain, type Domain } from '@/server/domains';
import { PrivateProsody, type PrivateProsodyOptions } from '@/server/prosody/private-prosody';
import { freePort } from '@/test/support/free-port';
import { seedDemoData } from '@/server/seed/seed';
import { startWorker, type Worker, type WorkerOptions } from '@/server/worker/worker';
import { prosodySqlSettings, type XmppServerKind } from '@/server/xmpp-setup';
import { loadEjabberdSchema, PrivateEjabberd } from './private-ejabberd';
import { openTestDatabase, type DatabaseKind, type TestDatabase } from './databases';
import { startTcpProxy, type TcpProxy } from './tcp-proxy';
import { withTimeout } from './with-timeout';
import {
  commandInbox,
  commandRequest,
  componentJid,
  connectAccount,
  servedDomain,
  type Account,
  type CommandInbox,
  type CommandOptions,
  type CommandResponse,
  type TestUser,
} from './xmpp-client';

export { withTimeout };
export { commandRequest, componentJid, connectAccount, servedDomain, serviceJid } from './xmpp-client';
export type { Account, CommandOptions, CommandResponse, TestUser } from './xmpp-client';

/**
 * Everything an XMPP test needs, for real: a private Prosody on free ports (data under the OS temp
 * dir), a fresh test database seeded with the demo data for `servedDomain`, the worker connected as
 * the component, and users registered with prosodyctl who connect with @xmpp/client.
 * `unservedDomain` is a second Prosody host with no row in `domains`; `peerComponentJid` is a
 * second component of the same Prosody, a sender that is not a user.
 */
export const unservedDomain = 'unserved.test';
export const peerComponentJid = `peer.${servedDomain}`;
// One JSON line per command is the product's log; in test output only warnings and errors help.
process.env.LOG_LEVEL ??= 'warn';

export interface HarnessOptions {
  database: DatabaseKind;
  /** The XMPP server under test (default Prosody). */
  server?: 'prosody' | 'ejabberd';
  /** Prosody's own storage: its files under the data dir (default), or SQL in the test's PostgreSQL database. */
  prosodyStorage?: 'internal' | 'sql';
  /** ejabberd's accounts of the served domain: Mnesia (default), or SQL in the test's PostgreSQL database. */
  ejabberdAccounts?: 'mnesia' | 'sql';
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

export async function startXmppHarness(options: HarnessOptions): Promise<XmppHarness> {
  if (
    (options.prosodyStorage === 'sql' || options.ejabberdAccounts === 'sql' || options.proxyDatabase) &&
    options.database !== 'postgres'
  ) {
    throw new Error('prosodyStorage "sql", ejabberdAccounts "sql" and proxyDatabase need the postgres database kind');
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
    const { c2sPort, componentPort, componentSecret, peerComponentPort } = server;

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
    // Tests rely on what the worker keeps in memory (a database cut after the first command, say).
    if (!(await withTimeout(worker.waitListening(), 15_000, 'the worker did not listen for changes')))
      throw new Error('the worker could not listen for changes: see its worker.not_listening log line');

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
      const user = await connectAccount(account, c2sPort, { resource });
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
      peerComponentTarget: { service: `xmpp://127.0.0.1:${peerComponentPort}`, jid: peerComponentJid, secret: peerComponentSecret },
      connectPeerComponent() {
        peer ??= connectPeerComponent(peerComponentPort, peerComponentSecret).then((connected) => {
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
  /** Where the peer component connects: the same listener on Prosody, one of its own on ejabberd. */
  peerComponentPort: number;
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
    const accountStore = options.ejabberdAccounts === 'sql' ? `sql:${database.url}` : undefined;
    if (accountStore) await loadEjabberdSchema(database.url!);
    const peerComponentPort = await freePort();
    const ejabberd = new PrivateEjabberd({
      dir: dataDir,
      domains: [servedDomain, unservedDomain],
      components: [
        { jid: componentJid, secret: componentSecret },
        { jid: peerComponentJid, secret: peerComponentSecret, port: peerComponentPort },
      ],
      c2sPort,
      componentPort,
      httpPort: await freePort(),
      ...(accountStore ? { sqlAccounts: { url: database.url!, host: servedDomain } } : {}),
    });
    cleanups.push(() => ejabberd.stop());
    await ejabberd.start();
    return {
      ...ports,
      peerComponentPort,
      kind: { kind: 'ejabberd', apiUrl: ejabberd.apiUrl, ...(accountStore ? { accountStore } : {}) },
      handles: { ejabberd, ...(accountStore ? { accountStore } : {}) },
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
    peerComponentPort: componentPort,
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
