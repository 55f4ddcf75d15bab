import { desc, eq, gte, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { commandMetrics, workerErrors, workerStatus } from '@/db/schema';

/**
 * What the status page shows, read from what the workers record. A worker whose heartbeat is
 * older than `staleAfterMs` is taken as gone, whatever its last row says.
 */
export const staleAfterMs = 90_000;
const metricsWindowMs = 60 * 60 * 1000;

/** The row `npm start` writes when it could not start any XMPP connection, with the reason. */
export const setupWorkerId = 'xmpp-setup';
/** Who the exits of the private Prosody are listed under in the last errors. */
export const privateProsodyId = 'private-prosody';

export interface WorkerView {
  workerId: string;
  componentJid: string;
  service: string;
  connected: boolean;
  connectedSince: Date | null;
  heartbeatAt: Date;
  stale: boolean;
  lastError: string | null;
  lastErrorAt: Date | null;
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
  workers: WorkerView[];
  recentErrors: { at: Date; workerId: string; message: string }[];
  commands: CommandStats[];
  checkedAt: Date;
}

export async function readServiceStatus(db: DbOrTx, now = new Date()): Promise<ServiceStatus> {
  const rows = await db.select().from(workerStatus).orderBy(desc(workerStatus.heartbeatAt));
  const workers = rows
    .filter((row) => row.workerId !== setupWorkerId)
    .map((row) => ({ ...row, stale: now.getTime() - row.heartbeatAt.getTime() > staleAfterMs }));
  const connected = workers.some((worker) => worker.connected && !worker.stale);
  const setupProblem = rows.find((row) => row.workerId === setupWorkerId)?.lastError ?? null;
  const workerProblem = workers.find((worker) => worker.lastError)?.lastError ?? null;
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
