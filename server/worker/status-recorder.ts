import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { workerErrors, workerStatus } from '@/db/schema';
import { log } from '../log';

/**
 * What the worker tells the console about itself: its connection in `worker_status` (one row per
 * worker) and its failures in `worker_errors`. Writes are queued one after another so that a late
 * "disconnected" cannot overwrite an earlier-started "connected", and a failing database only
 * costs a log line: the worker keeps serving.
 */
export class WorkerStatusRecorder {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    readonly workerId: string,
    private readonly componentJid: string,
    private readonly service: string,
  ) {}

  connected(): Promise<void> {
    return this.upsert({ connected: true, connectedSince: new Date() });
  }

  disconnected(reason?: string): Promise<void> {
    return this.upsert({ connected: false, connectedSince: null, ...(reason ? { lastError: reason, lastErrorAt: new Date() } : {}) });
  }

  heartbeat(): Promise<void> {
    return this.enqueue(() =>
      this.db.update(workerStatus).set({ heartbeatAt: new Date() }).where(eq(workerStatus.workerId, this.workerId)),
    );
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
