import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';

/**
 * Changes the XMPP worker keeps in memory for, announced with PostgreSQL NOTIFY on one channel.
 * Announced inside the writer's transaction, a change reaches every listening worker (this process
 * or another one on the same PostgreSQL) when it commits, and never when it rolls back.
 */
export const changesChannel = 'xmpp_service_changes';

const changeSchema = z.discriminatedUnion('kind', [
  /** A buddies version was published or rolled back to: the domain's vCard changed. */
  z.object({ kind: z.literal('buddies'), domainId: z.number().int() }),
  /** A channel of the domain was created, renamed or deleted. */
  z.object({ kind: z.literal('channels'), domainId: z.number().int() }),
  /** A domain was added. */
  z.object({ kind: z.literal('domains') }),
]);
export type Change = z.infer<typeof changeSchema>;

export async function announceChange(tx: DbOrTx, change: Change): Promise<void> {
  await tx.execute(sql`SELECT pg_notify(${changesChannel}, ${JSON.stringify(change)})`);
}

/** A NOTIFY payload read back; undefined for anything this version does not know. */
export function readChange(payload: string): Change | undefined {
  try {
    const parsed = changeSchema.safeParse(JSON.parse(payload));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
