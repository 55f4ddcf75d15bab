import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { versionRules } from '@/db/schema';
import { recordAudit, type Actor } from '../audit';
import { Refusal } from '../../lib/refusal';
import type { VersionRule } from '../../lib/version-rules/evaluate';
import type { VersionRuleInput } from './rule-input';

/** Console and CLI writes of version rules: every change audited in the same transaction. */
export async function listRules(db: DbOrTx): Promise<VersionRule[]> {
  return db.select().from(versionRules).orderBy(asc(versionRules.osCode), asc(versionRules.packageName));
}

async function loadRule(db: DbOrTx, id: number): Promise<VersionRule> {
  const [rule] = await db.select().from(versionRules).where(eq(versionRules.id, id));
  if (!rule) throw new Refusal(404, `There is no version rule #${id}.`);
  return rule;
}

function duplicate(input: VersionRuleInput): Refusal {
  return new Refusal(409, `A rule for ${input.osCode} ${input.packageName} already exists: edit that one.`, [
    { path: 'packageName', message: 'This OS code and package already have a rule.' },
  ]);
}

export async function createRule(db: DbOrTx, actor: Actor, input: VersionRuleInput): Promise<VersionRule> {
  return db.transaction(async (tx) => {
    const [created] = await tx.insert(versionRules).values(input).onConflictDoNothing().returning();
    if (!created) throw duplicate(input);
    await recordAudit(tx, actor, { objectType: 'version_rule', objectId: created.id, action: 'create', after: created });
    return created;
  });
}

export async function updateRule(db: DbOrTx, actor: Actor, id: number, input: VersionRuleInput): Promise<VersionRule> {
  return db.transaction(async (tx) => {
    const before = await loadRule(tx, id);
    const [clash] = await tx
      .select({ id: versionRules.id })
      .from(versionRules)
      .where(and(eq(versionRules.osCode, input.osCode), eq(versionRules.packageName, input.packageName)));
    if (clash && clash.id !== id) throw duplicate(input);
    const [after] = await tx
      .update(versionRules)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(versionRules.id, id))
      .returning();
    await recordAudit(tx, actor, { objectType: 'version_rule', objectId: id, action: 'update', before, after });
    return after!;
  });
}

/** Create or replace the rule of an OS code and package (the CLI's `version-rules set`). */
export async function setRule(db: DbOrTx, actor: Actor, input: VersionRuleInput): Promise<VersionRule> {
  const [existing] = await db
    .select({ id: versionRules.id })
    .from(versionRules)
    .where(and(eq(versionRules.osCode, input.osCode), eq(versionRules.packageName, input.packageName)));
  return existing ? updateRule(db, actor, existing.id, input) : createRule(db, actor, input);
}

export async function deleteRule(db: DbOrTx, actor: Actor, id: number): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await loadRule(tx, id);
    await tx.delete(versionRules).where(eq(versionRules.id, id));
    await recordAudit(tx, actor, { objectType: 'version_rule', objectId: id, action: 'delete', before });
  });
}
