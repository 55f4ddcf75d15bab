import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DbOrTx } from '@/db/client';
import type { Settings } from './config';
import { log } from './log';
import {
  findRunningPrivateProsody,
  PrivateProsody,
  prosodyInstalled,
  type ProsodyExit,
  type RunningPrivateProsody,
} from './prosody/private-prosody';
import { recordProsodyExit, recordXmppSetup } from './status/service-status';

/**
 * Which server the worker serves (XMPP_SERVER): Prosody, with its account store
 * (XMPP_ACCOUNT_STORE) and XEP-0356 rosters through the component; or ejabberd, with accounts and
 * rosters through its mod_http_api on loopback (EJABBERD_API_URL).
 */
export type XmppServerKind =
  | { kind: 'prosody'; accountStore: string }
  /** accountStore: `sql:<url>` of ejabberd's SQL database; without it, accounts are asked through the HTTP API. */
  | { kind: 'ejabberd'; apiUrl: string; accountStore?: string };

/** Where the worker connects, and where registered accounts are looked up. */
export interface XmppTarget {
  service: string;
  componentJid: string;
  componentSecret: string;
  /** Which server it is, and where its accounts and rosters are read (server/worker/xmpp-server/adapter.ts). */
  server: XmppServerKind;
  privateProsody?: PrivateProsody;
}

export type XmppSetup = { ok: true; target: XmppTarget } | { ok: false; reason: string };

/**
 * With XMPP_COMPONENT_SERVICE set, the worker joins that server. Without it, development mode:
 * the private Prosody of PROSODY_DATA_DIR. When another live process (`npm start`, `npm run
 * worker`) already runs it, the worker joins that one; otherwise it is started here, if Prosody is
 * installed, and restarted whenever it exits; with `statusDb` its exits and restarts are also
 * shown on the status page.
 */
export async function setUpXmpp(config: Settings, statusDb?: DbOrTx): Promise<XmppSetup> {
  if (config.XMPP_COMPONENT_SERVICE) {
    if (!config.XMPP_COMPONENT_SECRET) return { ok: false, reason: 'XMPP_COMPONENT_SERVICE is set but XMPP_COMPONENT_SECRET is not' };
    const server = existingServer(config);
    if (typeof server === 'string') return { ok: false, reason: server };
    return {
      ok: true,
      target: {
        service: config.XMPP_COMPONENT_SERVICE,
        componentJid: config.XMPP_COMPONENT_JID,
        componentSecret: config.XMPP_COMPONENT_SECRET,
        server,
      },
    };
  }
  if (config.XMPP_SERVER === 'ejabberd') {
    return {
      ok: false,
      reason: 'XMPP_SERVER is ejabberd but XMPP_COMPONENT_SERVICE is not set: the product starts a private server only for Prosody',
    };
  }
  const dataDir = resolve(config.PROSODY_DATA_DIR);
  const running = findRunningPrivateProsody(dataDir);
  if (running) return joinRunningProsody(config, running);
  if (!prosodyInstalled()) {
    return {
      ok: false,
      reason:
        'No XMPP server: Prosody is not installed. Install it (apt-get install -y prosody prosody-modules lua-dbi-postgresql) ' +
        'and restart, or set XMPP_COMPONENT_SERVICE to use an existing server.',
    };
  }
  const componentSecret = config.XMPP_COMPONENT_SECRET ?? persistentSecret(dataDir);
  const sql = config.DATABASE_URL ? prosodySqlSettings(config.DATABASE_URL) : undefined;
  let prosody: PrivateProsody;
  try {
    prosody = new PrivateProsody({
      dataDir,
      domains: [config.XMPP_DOMAIN],
      componentJid: config.XMPP_COMPONENT_JID,
      componentSecret,
      c2sPort: config.PROSODY_C2S_PORT,
      componentPort: config.PROSODY_COMPONENT_PORT,
      allowRegistration: true,
      sql,
      stanzaLimitBytes: config.XMPP_STANZA_LIMIT_BYTES,
    });
  } catch (error) {
    return { ok: false, reason: `The private Prosody cannot run: ${(error as Error).message}` };
  }
  if (prosody.relocated) {
    log.warn('prosody.relocated', {
      dataDir,
      runtimeDir: prosody.runtimeDir,
      reason: `the prosody user cannot reach ${dataDir} (a parent directory such as /root is closed to it): its config, data and log are kept in runtimeDir`,
    });
  }
  try {
    await prosody.start();
  } catch (error) {
    await prosody.stop();
    return { ok: false, reason: `The private Prosody did not start: ${(error as Error).message}` };
  }
  log.info('prosody.started', {
    c2s: `127.0.0.1:${config.PROSODY_C2S_PORT}`,
    component: `127.0.0.1:${config.PROSODY_COMPONENT_PORT}`,
    domain: config.XMPP_DOMAIN,
    storage: sql ? 'sql' : 'internal',
    pid: prosody.pid,
    dir: prosody.runtimeDir,
  });
  superviseWithReports(prosody, { componentJid: config.XMPP_COMPONENT_JID, service: 'private Prosody' }, statusDb);
  return {
    ok: true,
    target: { ...privateProsodyTarget(config, config.PROSODY_COMPONENT_PORT, componentSecret, prosody.dataPath), privateProsody: prosody },
  };
}

/**
 * The worker's target on a private Prosody (started here or joined): its component port and
 * secret, and its accounts in SQL storage in the product's database or in its files.
 */
function privateProsodyTarget(config: Settings, componentPort: number, componentSecret: string, dataPath: string): XmppTarget {
  const accountStore = config.XMPP_ACCOUNT_STORE ?? (config.DATABASE_URL ? `sql:${config.DATABASE_URL}` : `file:${dataPath}`);
  return {
    service: `xmpp://127.0.0.1:${componentPort}`,
    componentJid: config.XMPP_COMPONENT_JID,
    componentSecret,
    server: { kind: 'prosody', accountStore },
  };
}

/**
 * Connects to the private Prosody another process runs for this data directory, with the port and
 * secret of its config, rather than starting a second one on the same ports. That process starts,
 * restarts and stops it.
 */
function joinRunningProsody(config: Settings, running: RunningPrivateProsody): XmppSetup {
  const componentSecret = running.componentSecrets.get(config.XMPP_COMPONENT_JID);
  const runBy = `the private Prosody of ${running.runtimeDir} (process ${running.pid}, run by process ${running.ownerPid})`;
  if (componentSecret === undefined) {
    return {
      ok: false,
      reason: `${runBy} serves the component ${[...running.componentSecrets.keys()].join(', ')}, not ${config.XMPP_COMPONENT_JID}: give both processes the same XMPP_COMPONENT_JID`,
    };
  }
  log.info('prosody.joined', {
    pid: running.pid,
    ownerPid: running.ownerPid,
    component: `127.0.0.1:${running.componentPort}`,
    dir: running.runtimeDir,
    hint: `${runBy} is used as it is: it stops when that process stops`,
  });
  return { ok: true, target: privateProsodyTarget(config, running.componentPort, componentSecret, running.dataPath) };
}

/** The existing server's adapter settings (XMPP_SERVER), or why they are incomplete. */
function existingServer(config: Settings): XmppServerKind | string {
  if (config.XMPP_SERVER === 'ejabberd') {
    if (!config.EJABBERD_API_URL) return 'XMPP_SERVER is ejabberd but EJABBERD_API_URL is not set';
    const accountStore = config.XMPP_ACCOUNT_STORE;
    if (accountStore === undefined) return { kind: 'ejabberd', apiUrl: config.EJABBERD_API_URL };
    if (!accountStore.startsWith('sql:'))
      return 'with XMPP_SERVER=ejabberd, XMPP_ACCOUNT_STORE is sql:<postgres url> of its SQL database, or unset (accounts through its HTTP API)';
    return { kind: 'ejabberd', apiUrl: config.EJABBERD_API_URL, accountStore };
  }
  if (!config.XMPP_ACCOUNT_STORE) return 'XMPP_COMPONENT_SERVICE is set but XMPP_ACCOUNT_STORE is not';
  return { kind: 'prosody', accountStore: config.XMPP_ACCOUNT_STORE };
}

/** Restarts the private Prosody when it exits, saying so in the log (and on the status page). */
function superviseWithReports(
  prosody: PrivateProsody,
  target: { componentJid: string; service: string },
  statusDb: DbOrTx | undefined,
): void {
  const report = (write: (db: DbOrTx) => Promise<void>) => {
    if (statusDb) write(statusDb).catch((err: unknown) => log.warn('prosody.status_not_recorded', { err }));
  };
  prosody.supervise({
    exited(exit: ProsodyExit, restartInMs: number) {
      log.error('prosody.exited', { ...exit, restartInMs, log: prosody.logPath });
      report((db) => recordProsodyExit(db, target, describeExit(exit, restartInMs)));
    },
    restarted() {
      log.info('prosody.restarted', { pid: prosody.pid });
      report((db) => recordXmppSetup(db, target, { ok: true }));
    },
    restartFailed(err: Error, retryInMs: number) {
      log.error('prosody.restart_failed', { err, retryInMs });
      report((db) =>
        recordProsodyExit(
          db,
          target,
          `The private Prosody did not restart (${err.message}); next attempt in ${Math.round(retryInMs / 1000)} s.`,
        ),
      );
    },
  });
}

function describeExit(exit: ProsodyExit, restartInMs: number): string {
  const how = exit.signal ? `killed by ${exit.signal}` : `exit code ${exit.code}`;
  const lastLine = exit.logTail.trim().split('\n').pop();
  return `The private Prosody (process ${exit.pid}) exited (${how}); restarting it in ${Math.round(restartInMs / 1000)} s.${lastLine ? ` Its log ends: ${lastLine}` : ''}`;
}

function persistentSecret(dataDir: string): string {
  const file = join(dataDir, 'component-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(24).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

export function prosodySqlSettings(databaseUrl: string) {
  const url = new URL(databaseUrl);
  return {
    host: url.hostname || '127.0.0.1',
    port: Number(url.port || 5432),
    database: decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres',
    username: decodeURIComponent(url.username) || 'postgres',
    password: decodeURIComponent(url.password),
  };
}
