import { and, eq, lt, ne } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { commandMetrics, workerErrors, workerStatus } from '@/db/schema';
import { log } from '../log';
import { setupWorkerId } from '../status/service-status';

/**
 * How long the row of a worker that vanished (kill -9, a lost machine) stays on the status page,
 * shown as gone, before a live worker's housekeeping deletes it.
 */
export const goneWorkerKeptMs = 24 * 60 * 60 * 1000;
/** Per-minute command counts: the status page shows the last hour; a week is kept for a look back. */
export const commandMetricsKeptMs = 7 * 24 * 60 * 60 * 1000;
/** Worker errors: the status page lists the last ten; a month is kept for a look back. */
export const workerErrorsKeptMs = 30 * 24 * 60 * 60 * 1000;
/** How often each worker deletes what is past keeping: often enough, and rarely enough to cost nothing. */
const sweepEveryMs = 60 * 60 * 1000;

/**
 * What the worker tells the console about itself: its connection in `worker_status` (one row per
 * worker process, deleted when it stops cleanly) and its failures in `worker_errors`. Writes are queued one after another so that a late
 * "disconnected" cannot overwrite an earlier-started "connected", and a failing database only
 * costs a log line: the worker keeps serving.
 */
export class WorkerStatusRecorder {
  private queue: Promise<void> = Promise.resolve();
  private lastSweep: number | undefined;

  constructor(
    private readonly db: Db,
    readonly workerId: string,
    private readonly host: string,
    private readonly componentJid: string,
    private readonly service: string,
  ) {}

  connected(): Promise<void> {
    return this.upsert({ connected: true, connectedSince: new Date() });
  }

  disconnected(reason?: string): Promise<void> {
    return this.upsert({ connected: false, connectedSince: null, ...(reason ? { lastError: reason, lastErrorAt: new Date() } : {}) });
  }

  /**
   * Keeps this worker counted as live; at its first beat and then hourly, also deletes what is past
   * keeping, so that the status tables stay small however long the workers run.
   */
  heartbeat(now = new Date()): Promise<void> {
    return this.enqueue(async () => {
      await this.db.update(workerStatus).set({ heartbeatAt: now }).where(eq(workerStatus.workerId, this.workerId));
      if (this.lastSweep !== undefined && now.getTime() - this.lastSweep < sweepEveryMs) return;
      this.lastSweep = now.getTime();
      const olderThan = (keptMs: number) => new Date(now.getTime() - keptMs);
      await this.db
        .delete(workerStatus)
        .where(and(lt(workerStatus.heartbeatAt, olderThan(goneWorkerKeptMs)), ne(workerStatus.workerId, setupWorkerId)));
      await this.db.delete(commandMetrics).where(lt(commandMetrics.minute, olderThan(commandMetricsKeptMs)));
      await this.db.delete(workerErrors).where(lt(workerErrors.at, olderThan(workerErrorsKeptMs)));
    });
  }

  /** A clean stop: the worker no longer exists, so it leaves no row to count or to show. */
  removed(): Promise<void> {
    return this.enqueue(() => this.db.delete(workerStatus).where(eq(workerStatus.workerId, this.workerId)));
  }

  error(message: string): Promise<void> {
    return this.enqueue(async () => {
      const at = new Date();
      await this.db.insert(workerErrors).values({ workerId: this.workerId, message, at });
      await this.db.update(workerStatus).set({ lastError: message, lastErrorAt: at }).where(eq(workerStatus.workerId, this.workerId));
    });
  }

  /** Resolves when every write queued so far has been attempted. */
  settled(): Promise<void> {
    return this.queue;
  }

  private upsert(fields: Partial<typeof workerStatus.$inferInsert>): Promise<void> {
    const row = {
      workerId: this.workerId,
      host: this.host,
      componentJid: this.componentJid,
      service: this.service,
      connected: false,
      ...fields,
      heartbeatAt: new Date(),
    };
    return this.enqueue(() => this.db.insert(workerStatus).values(row).onConflictDoUpdate({ target: workerStatus.workerId, set: row }));
  }

  private enqueue(write: () => Promise<unknown>): Promise<void> {
    this.queue = this.queue.then(write).then(
      () => undefined,
      (err: unknown) => log.warn('worker.status_write_failed', { workerId: this.workerId, err }),
    );
    return this.queue;
  }
}
