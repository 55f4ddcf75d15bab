import { and, count, desc, eq, gte, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { commandMetrics, workerErrors, workerStatus } from '@/db/schema';

/**
 * What the status page shows, read from what the workers record. A worker refreshes its heartbeat
 * every `heartbeatIntervalMs`; one whose heartbeat is older than `staleAfterMs` (that many missed)
 * vanished (kill -9, a lost machine) and no longer counts, whatever its last row says.
 */
export const heartbeatIntervalMs = 10_000;
export const staleAfterMs = 9 * heartbeatIntervalMs;
const metricsWindowMs = 60 * 60 * 1000;
/** Each worker's command rate is its commands per minute over this window. */
const rateWindowMinutes = 5;

/** The row `npm start` writes when it could not start any XMPP connection, with the reason. */
export const setupWorkerId = 'xmpp-setup';
/** Who the exits of the private Prosody are listed under in the last errors. */
export const privateProsodyId = 'private-prosody';

export interface WorkerView {
  workerId: string;
  /** The machine it runs on. */
  host: string;
  componentJid: string;
  /** The XMPP server it connects to (`xmpp://host:port`): in a cluster, the node it serves. */
  service: string;
  connected: boolean;
  connectedSince: Date | null;
  heartbeatAt: Date;
  stale: boolean;
  lastError: string | null;
  lastErrorAt: Date | null;
  /** Commands and vCard requests it answered per minute, over the last few minutes. */
  commandsPerMinute: number;
}

export interface CommandStats {
  command: string;
  count: number;
  errors: number;
  avgMs: number;
  maxMs: number;
}

export interface ServiceStatus {
  connected: boolean;
  /** Why the service is not connected, when something said so (start-up or the worker's last error). */
  problem: string | null;
  /** Every worker that reported, live or gone (not yet deleted), by the server it connects to, then host and id. */
  workers: WorkerView[];
  recentErrors: { at: Date; workerId: string; message: string }[];
  commands: CommandStats[];
  checkedAt: Date;
}

const isStale = (heartbeatAt: Date, now: Date) => now.getTime() - heartbeatAt.getTime() > staleAfterMs;

/** The workers connected now, wherever they run: what the console alone (XMPP_WORKER=off) reports as its XMPP health. */
export async function countLiveWorkers(db: DbOrTx, now = new Date()): Promise<number> {
  const [live] = await db
    .select({ workers: count() })
    .from(workerStatus)
    .where(and(eq(workerStatus.connected, true), gte(workerStatus.heartbeatAt, new Date(now.getTime() - staleAfterMs))));
  return live?.workers ?? 0;
}

export async function readServiceStatus(db: DbOrTx, now = new Date()): Promise<ServiceStatus> {
  const rows = await db.select().from(workerStatus).orderBy(workerStatus.service, workerStatus.host, workerStatus.workerId);
  const rates = await commandRates(db, now);
  const workers = rows
    .filter((row) => row.workerId !== setupWorkerId)
    .map((row) => ({ ...row, stale: isStale(row.heartbeatAt, now), commandsPerMinute: rates.get(row.workerId) ?? 0 }));
  const connected = workers.some((worker) => worker.connected && !worker.stale);
  const setupProblem = rows.find((row) => row.workerId === setupWorkerId)?.lastError ?? null;
  // The complaint of the worker heard from last says best why the service is not connected.
  const workerProblem =
    workers.filter((worker) => worker.lastError).sort((a, b) => b.heartbeatAt.getTime() - a.heartbeatAt.getTime())[0]?.lastError ?? null;
  const recentErrors = await db
    .select({ at: workerErrors.at, workerId: workerErrors.workerId, message: workerErrors.message })
    .from(workerErrors)
    .orderBy(desc(workerErrors.at))
    .limit(10);
  const commands = await db
    .select({
      command: commandMetrics.command,
      count: sql<number>`sum(${commandMetrics.count})`.mapWith(Number),
      errors: sql<number>`sum(${commandMetrics.errors})`.mapWith(Number),
      totalMicros: sql<number>`sum(${commandMetrics.totalMicros})`.mapWith(Number),
      maxMicros: sql<number>`max(${commandMetrics.maxMicros})`.mapWith(Number),
    })
    .from(commandMetrics)
    .where(gte(commandMetrics.minute, new Date(now.getTime() - metricsWindowMs)))
    .groupBy(commandMetrics.command)
    .orderBy(commandMetrics.command);
  return {
    connected,
    problem: connected ? null : (setupProblem ?? workerProblem),
    workers,
    recentErrors,
    commands: commands.map((row) => ({
      command: row.command,
      count: row.count,
      errors: row.errors,
      avgMs: row.count > 0 ? Math.round(row.totalMicros / row.count / 10) / 100 : 0,
      maxMs: Math.round(row.maxMicros / 10) / 100,
    })),
    checkedAt: now,
  };
}

/** Each worker's commands per minute over the last rateWindowMinutes (the current minute included). */
async function commandRates(db: DbOrTx, now: Date): Promise<Map<string, number>> {
  const since = new Date(Math.floor(now.getTime() / 60_000) * 60_000 - (rateWindowMinutes - 1) * 60_000);
  const rows = await db
    .select({ workerId: commandMetrics.workerId, count: sql<number>`sum(${commandMetrics.count})`.mapWith(Number) })
    .from(commandMetrics)
    .where(gte(commandMetrics.minute, since))
    .groupBy(commandMetrics.workerId);
  return new Map(rows.map((row) => [row.workerId, Math.round((row.count / rateWindowMinutes) * 10) / 10]));
}

/**
 * Called by `npm start` after setting up XMPP: remembers why no worker could start (so the status
 * page can say it), or forgets an old reason once XMPP is set up.
 */
export async function recordXmppSetup(
  db: DbOrTx,
  target: { componentJid: string; service: string },
  outcome: { ok: true } | { ok: false; reason: string },
  now = new Date(),
): Promise<void> {
  if (outcome.ok) {
    await db.delete(workerStatus).where(eq(workerStatus.workerId, setupWorkerId));
    return;
  }
  const row = {
    componentJid: target.componentJid,
    service: target.service,
    connected: false,
    connectedSince: null,
    lastError: outcome.reason,
    lastErrorAt: now,
    heartbeatAt: now,
  };
  await db
    .insert(workerStatus)
    .values({ workerId: setupWorkerId, ...row })
    .onConflictDoUpdate({ target: workerStatus.workerId, set: row });
}

/**
 * The private Prosody exited unexpectedly: listed in the last errors for good, and the reason the
 * service is not connected until it is back (recordXmppSetup with `ok` forgets that reason).
 */
export async function recordProsodyExit(
  db: DbOrTx,
  target: { componentJid: string; service: string },
  message: string,
  now = new Date(),
): Promise<void> {
  await db.insert(workerErrors).values({ workerId: privateProsodyId, message, at: now });
  await recordXmppSetup(db, target, { ok: false, reason: message }, now);
}
