import type { DbOrTx } from '@/db/client';
import { auditLog } from '@/db/schema';

/** Who made a change: a signed-in operator, the CLI, or the system itself (seed, migrations). */
export interface Actor {
  label: string;
  operatorId: number | null;
}

export const systemActor: Actor = { label: 'system', operatorId: null };

export interface AuditEntry {
  domainId?: number | null;
  objectType: string;
  objectId: string | number;
  action: string;
  before?: unknown;
  after?: unknown;
}

/** Call inside the transaction that makes the change, so the log and the change land together. */
export async function recordAudit(tx: DbOrTx, actor: Actor, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    actor: actor.label,
    operatorId: actor.operatorId,
    domainId: entry.domainId ?? null,
    objectType: entry.objectType,
    objectId: String(entry.objectId),
    action: entry.action,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}
