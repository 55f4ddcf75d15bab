import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { commandMetrics } from '@/db/schema';

interface Bucket {
  minute: Date;
  command: string;
  workerId: string;
  count: number;
  errors: number;
  totalMicros: number;
  maxMicros: number;
}

/** Past this many pending buckets (a database down for hours) the oldest are dropped, not hoarded. */
const maxPendingBuckets = 10_000;

/**
 * One worker's per-minute command counts and latency, added up in memory on the hot path and
 * written in one upsert per flush. A failed flush keeps its buckets for the next one.
 */
export class CommandMetrics {
  private pending = new Map<string, Bucket>();

  constructor(private readonly workerId: string) {}

  record(command: string, micros: number, isError: boolean, at = new Date()): void {
    const minute = new Date(Math.floor(at.getTime() / 60_000) * 60_000);
    const key = `${minute.getTime()} ${command}`;
    const bucket = this.pending.get(key) ?? { minute, command, workerId: this.workerId, count: 0, errors: 0, totalMicros: 0, maxMicros: 0 };
    bucket.count += 1;
    bucket.errors += isError ? 1 : 0;
    bucket.totalMicros += Math.round(micros);
    bucket.maxMicros = Math.max(bucket.maxMicros, Math.round(micros));
    this.pending.set(key, bucket);
    if (this.pending.size > maxPendingBuckets) this.pending.delete(this.pending.keys().next().value!);
  }

  async flush(db: Db): Promise<void> {
    if (this.pending.size === 0) return;
    const batch = this.pending;
    this.pending = new Map();
    try {
      await db
        .insert(commandMetrics)
        .values([...batch.values()])
        .onConflictDoUpdate({
          target: [commandMetrics.minute, commandMetrics.command, commandMetrics.workerId],
          set: {
            count: sql`${commandMetrics.count} + excluded.count`,
            errors: sql`${commandMetrics.errors} + excluded.errors`,
            totalMicros: sql`${commandMetrics.totalMicros} + excluded.total_micros`,
            maxMicros: sql`greatest(${commandMetrics.maxMicros}, excluded.max_micros)`,
          },
        });
    } catch (error) {
      for (const [key, bucket] of batch) this.merge(key, bucket);
      throw error;
    }
  }

  private merge(key: string, bucket: Bucket): void {
    const current = this.pending.get(key);
    if (!current) return void this.pending.set(key, bucket);
    current.count += bucket.count;
    current.errors += bucket.errors;
    current.totalMicros += bucket.totalMicros;
    current.maxMicros = Math.max(current.maxMicros, bucket.maxMicros);
  }
}
