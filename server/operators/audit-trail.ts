import { and, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { auditLog, domains, operators } from '@/db/schema';

/** Reading the audit log for the console: who changed what and when, newest first. */
export interface AuditFilter {
  actor?: string;
  domain?: string;
  objectType?: string;
  page?: number;
  pageSize?: number;
}

export interface AuditEntryRow {
  id: number;
  at: Date;
  actor: string;
  /** The operator's name when they have one (the actor is their email), else null. */
  actorName: string | null;
  domain: string | null;
  objectType: string;
  objectId: string;
  action: string;
  before: unknown;
  after: unknown;
}

export async function listAuditEntries(db: DbOrTx, filter: AuditFilter) {
  const pageSize = Math.min(Math.max(filter.pageSize ?? 50, 1), 200);
  const page = Math.max(filter.page ?? 1, 1);
  const conditions: SQL[] = [];
  if (filter.actor) conditions.push(eq(auditLog.actor, filter.actor));
  if (filter.domain) conditions.push(eq(domains.name, filter.domain));
  if (filter.objectType) conditions.push(eq(auditLog.objectType, filter.objectType));
  const where = and(...conditions);
  const [totals] = await db.select({ total: count() }).from(auditLog).leftJoin(domains, eq(domains.id, auditLog.domainId)).where(where);
  const entries: AuditEntryRow[] = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actor: auditLog.actor,
      actorName: sql<string | null>`nullif(${operators.name}, '')`,
      domain: domains.name,
      objectType: auditLog.objectType,
      objectId: auditLog.objectId,
      action: auditLog.action,
      before: auditLog.before,
      after: auditLog.after,
    })
    .from(auditLog)
    .leftJoin(domains, eq(domains.id, auditLog.domainId))
    .leftJoin(operators, eq(operators.id, auditLog.operatorId))
    .where(where)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return { entries, total: totals?.total ?? 0, page, pageSize };
}

/** The values the filters can take: everyone and everything that appears in the log. */
export async function auditFilterOptions(db: DbOrTx) {
  const actors = await db.selectDistinct({ value: auditLog.actor }).from(auditLog).orderBy(auditLog.actor);
  const objectTypes = await db.selectDistinct({ value: auditLog.objectType }).from(auditLog).orderBy(auditLog.objectType);
  return { actors: actors.map((row) => row.value), objectTypes: objectTypes.map((row) => row.value) };
}
