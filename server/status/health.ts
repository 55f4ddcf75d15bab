import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { log } from '../log';
import { isDatabaseUnreachable, unreachableReason, withDatabaseDeadline } from '../database-errors';
import { countLiveWorkers } from './service-status';

/**
 * GET /api/health: whether this process can serve, checked live (not read from the database, which
 * may be what is down). Each part answers within `healthProbeMs`, so the whole answer comes well
 * within the 2 s a load balancer typically allows.
 */
export const healthProbeMs = 1_000;

export interface PartHealth {
  ok: boolean;
  detail: string;
}

export interface Health {
  ok: boolean;
  /** The parts that are not ok, by name: `database`, `xmpp`. */
  down: Array<'database' | 'xmpp'>;
  database: PartHealth;
  xmpp: PartHealth;
  checkedAt: Date;
}

/** What this process knows of its XMPP component connection: the worker `npm start` runs, or why none runs. */
export interface XmppConnection {
  readonly online: boolean;
  /** Why it is not online (the last disconnect's reason, or why no worker could start). */
  readonly problem: string | undefined;
}

/**
 * The console alone (XMPP_WORKER=off): its XMPP is the workers that run elsewhere, as they report
 * their heartbeats in the database.
 */
export const workersElsewhere = { elsewhere: true } as const;
export type XmppSource = XmppConnection | typeof workersElsewhere;

/**
 * The console's code (bundled by Next.js) and server/main.ts share one process under `npm start`:
 * globalThis gives the health route the worker main.ts started, as db/client.ts does the database.
 */
const xmppKey = Symbol.for('xmpp-service.xmpp-connection');
type ProcessGlobal = typeof globalThis & { [xmppKey]?: XmppSource };

export function setProcessXmpp(source: XmppSource): void {
  (globalThis as ProcessGlobal)[xmppKey] = source;
}

export async function checkHealth(database: () => Promise<Db>, now = () => new Date()): Promise<Health> {
  const source = (globalThis as ProcessGlobal)[xmppKey];
  const databaseHealth = await checkDatabase(database);
  const xmppHealth = source && 'elsewhere' in source ? await checkWorkersElsewhere(database, databaseHealth, now()) : checkXmpp(source);
  const down = [...(databaseHealth.ok ? [] : (['database'] as const)), ...(xmppHealth.ok ? [] : (['xmpp'] as const))];
  return { ok: down.length === 0, down, database: databaseHealth, xmpp: xmppHealth, checkedAt: now() };
}

let databaseWasDown = false;

async function checkDatabase(database: () => Promise<Db>): Promise<PartHealth> {
  try {
    await withDatabaseDeadline(
      database().then((db) => db.execute(sql`SELECT 1`)),
      healthProbeMs,
    );
    if (databaseWasDown) log.info('health.database_back');
    databaseWasDown = false;
    return { ok: true, detail: 'answering' };
  } catch (err) {
    // Probed every few seconds by a load balancer: say it when it changes, not on every probe.
    const reason = isDatabaseUnreachable(err) ? unreachableReason(err) : 'a test query failed';
    if (!databaseWasDown) log.warn('health.database_unavailable', { reason });
    databaseWasDown = true;
    return { ok: false, detail: `unavailable: ${reason}` };
  }
}

async function checkWorkersElsewhere(database: () => Promise<Db>, databaseHealth: PartHealth, now: Date): Promise<PartHealth> {
  if (!databaseHealth.ok)
    return { ok: false, detail: 'unknown: the workers run elsewhere and report in the database, which is unavailable' };
  try {
    const live = await withDatabaseDeadline(
      database().then((db) => countLiveWorkers(db, now)),
      healthProbeMs,
    );
    if (live > 0) return { ok: true, detail: `${live} worker${live === 1 ? '' : 's'} connected elsewhere` };
    return { ok: false, detail: 'not connected: no live worker reports to this database (XMPP_WORKER=off: they run with npm run worker)' };
  } catch {
    return { ok: false, detail: "unknown: reading the workers' heartbeats failed" };
  }
}

function checkXmpp(connection: XmppConnection | undefined): PartHealth {
  if (!connection) return { ok: false, detail: 'no XMPP worker runs in this process' };
  if (connection.online) return { ok: true, detail: 'connected' };
  return { ok: false, detail: `not connected: ${connection.problem ?? 'connecting'}` };
}
