import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Settings } from './config';
import { log } from './log';
import { PrivateProsody, prosodyInstalled } from './prosody/private-prosody';

/** Where the worker connects, and where registered accounts are looked up. */
export interface XmppTarget {
  service: string;
  componentJid: string;
  componentSecret: string;
  /** `sql:<postgres url>` (Prosody's SQL store) or `file:<prosody data_path>` (its internal store). */
  accountStore: string;
  privateProsody?: PrivateProsody;
}

export type XmppSetup = { ok: true; target: XmppTarget } | { ok: false; reason: string };

/**
 * With XMPP_COMPONENT_SERVICE set, the worker joins that server. Without it, development mode:
 * a private Prosody under PROSODY_DATA_DIR, if Prosody is installed.
 */
export async function setUpXmpp(config: Settings): Promise<XmppSetup> {
  if (config.XMPP_COMPONENT_SERVICE) {
    if (!config.XMPP_COMPONENT_SECRET) return { ok: false, reason: 'XMPP_COMPONENT_SERVICE is set but XMPP_COMPONENT_SECRET is not' };
    if (!config.XMPP_ACCOUNT_STORE) return { ok: false, reason: 'XMPP_COMPONENT_SERVICE is set but XMPP_ACCOUNT_STORE is not' };
    return {
      ok: true,
      target: {
        service: config.XMPP_COMPONENT_SERVICE,
        componentJid: config.XMPP_COMPONENT_JID,
        componentSecret: config.XMPP_COMPONENT_SECRET,
        accountStore: config.XMPP_ACCOUNT_STORE,
      },
    };
  }
  if (!prosodyInstalled()) {
    return {
      ok: false,
      reason:
        'No XMPP server: Prosody is not installed. Install it (apt-get install -y prosody prosody-modules lua-dbi-postgresql) ' +
        'and restart, or set XMPP_COMPONENT_SERVICE to use an existing server.',
    };
  }
  const dataDir = resolve(config.PROSODY_DATA_DIR);
  const componentSecret = config.XMPP_COMPONENT_SECRET ?? persistentSecret(dataDir);
  const sql = config.DATABASE_URL ? prosodySqlSettings(config.DATABASE_URL) : undefined;
  const prosody = new PrivateProsody({
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
  });
  return {
    ok: true,
    target: {
      service: `xmpp://127.0.0.1:${config.PROSODY_COMPONENT_PORT}`,
      componentJid: config.XMPP_COMPONENT_JID,
      componentSecret,
      accountStore: config.XMPP_ACCOUNT_STORE ?? (config.DATABASE_URL ? `sql:${config.DATABASE_URL}` : `file:${prosody.dataPath}`),
      privateProsody: prosody,
    },
  };
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
