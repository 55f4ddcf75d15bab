import { and, count, eq, gt, isNull, ne, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/client';
import { operatorSessions, operators } from '@/db/schema';
import { recordAudit, systemActor, type Actor } from '../audit';
import { operatorActor } from '../auth/actor';
import { hashPassword, minimumPasswordLength, verifyPassword } from '../auth/passwords';
import type { Role } from '../../lib/auth/roles';
import { revokeOperatorSessions, withoutHash, type OperatorView } from '../auth/sessions';
import { normalizeEmail } from '../auth/sign-in';
import { processSignInThrottle, type SignInThrottle } from '../auth/sign-in-throttle';
import { Refusal } from '../../lib/refusal';

export interface NewOperator {
  email: string;
  name?: string;
  role: Role;
  password: string;
}

export interface OperatorRow extends OperatorView {
  openSessions: number;
}

export async function countOperators(db: DbOrTx): Promise<number> {
  const [row] = await db.select({ total: count() }).from(operators);
  return row?.total ?? 0;
}

export async function listOperators(db: DbOrTx, now = new Date()): Promise<OperatorRow[]> {
  const open = db
    .select({ operatorId: operatorSessions.operatorId, openSessions: count().as('open_sessions') })
    .from(operatorSessions)
    .where(and(isNull(operatorSessions.revokedAt), gt(operatorSessions.expiresAt, now)))
    .groupBy(operatorSessions.operatorId)
    .as('open');
  const rows = await db
    .select({ operator: operators, openSessions: sql<number>`coalesce(${open.openSessions}, 0)`.mapWith(Number) })
    .from(operators)
    .leftJoin(open, eq(open.operatorId, operators.id))
    .orderBy(operators.email);
  return rows.map((row) => ({ ...withoutHash(row.operator), openSessions: row.openSessions }));
}

export async function createOperator(db: DbOrTx, actor: Actor, input: NewOperator): Promise<OperatorView> {
  if (input.password.length < minimumPasswordLength) {
    throw new Refusal(400, `The password must have at least ${minimumPasswordLength} characters.`);
  }
  const email = normalizeEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(operators)
      .values({ email, name: input.name?.trim() ?? '', role: input.role, passwordHash })
      .onConflictDoNothing()
      .returning();
    if (!created) throw new Refusal(409, `An operator with the email ${email} already exists.`);
    const view = withoutHash(created);
    await recordAudit(tx, actor, { objectType: 'operator', objectId: created.id, action: 'create', after: view });
    return view;
  });
}

/**
 * The first admin, from ADMIN_EMAIL/ADMIN_PASSWORD at start-up or the first-run setup page. The
 * table lock makes two simultaneous first runs create one admin, not two.
 */
export async function createFirstAdmin(db: DbOrTx, input: Omit<NewOperator, 'role'>): Promise<OperatorView | undefined> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`LOCK TABLE ${operators} IN SHARE ROW EXCLUSIVE MODE`);
    if ((await countOperators(tx)) > 0) return undefined;
    return createOperator(tx, systemActor, { ...input, role: 'admin' });
  });
}

async function loadOperator(db: DbOrTx, id: number) {
  const [operator] = await db.select().from(operators).where(eq(operators.id, id));
  if (!operator) throw new Refusal(404, `There is no operator #${id}.`);
  return operator;
}

/** The console must always keep someone who can manage operators. */
async function refuseIfLastAdmin(tx: DbOrTx, id: number, what: string): Promise<void> {
  const [row] = await tx
    .select({ others: count() })
    .from(operators)
    .where(and(eq(operators.role, 'admin'), isNull(operators.disabledAt), ne(operators.id, id)));
  if ((row?.others ?? 0) === 0) throw new Refusal(409, `This is the last enabled admin: ${what} would leave nobody to manage operators.`);
}

export async function changeOperatorRole(db: DbOrTx, actor: Actor, id: number, role: Role): Promise<OperatorView> {
  return db.transaction(async (tx) => {
    const before = await loadOperator(tx, id);
    if (before.role === 'admin' && role !== 'admin') await refuseIfLastAdmin(tx, id, 'changing its role');
    const [after] = await tx.update(operators).set({ role }).where(eq(operators.id, id)).returning();
    const view = withoutHash(after!);
    await recordAudit(tx, actor, { objectType: 'operator', objectId: id, action: 'change_role', before: withoutHash(before), after: view });
    return view;
  });
}

/** Disabling also ends the operator's sessions at once; enabling lets them sign in again. */
export async function setOperatorDisabled(db: DbOrTx, actor: Actor, id: number, disabled: boolean): Promise<OperatorView> {
  if (disabled && actor.operatorId === id) throw new Refusal(409, 'You cannot disable yourself; ask another admin.');
  return db.transaction(async (tx) => {
    const before = await loadOperator(tx, id);
    if (disabled && before.role === 'admin') await refuseIfLastAdmin(tx, id, 'disabling it');
    const [after] = await tx
      .update(operators)
      .set({ disabledAt: disabled ? (before.disabledAt ?? new Date()) : null })
      .where(eq(operators.id, id))
      .returning();
    if (disabled) await revokeOperatorSessions(tx, id);
    const view = withoutHash(after!);
    await recordAudit(tx, actor, {
      objectType: 'operator',
      objectId: id,
      action: disabled ? 'disable' : 'enable',
      before: withoutHash(before),
      after: view,
    });
    return view;
  });
}

export async function revokeSessionsOf(db: DbOrTx, actor: Actor, id: number): Promise<number> {
  return db.transaction(async (tx) => {
    await loadOperator(tx, id);
    const revoked = await revokeOperatorSessions(tx, id);
    await recordAudit(tx, actor, { objectType: 'operator', objectId: id, action: 'revoke_sessions', after: { revoked } });
    return revoked;
  });
}

/** An admin sets a new password for an operator who lost theirs; whoever held the old one is signed out. */
export async function resetOperatorPassword(db: DbOrTx, actor: Actor, id: number, password: string): Promise<OperatorView> {
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const operator = withoutHash(await loadOperator(tx, id));
    await tx.update(operators).set({ passwordHash }).where(eq(operators.id, id));
    const revoked = await revokeOperatorSessions(tx, id);
    await recordAudit(tx, actor, { objectType: 'operator', objectId: id, action: 'reset_password', after: { revokedSessions: revoked } });
    return operator;
  });
}

export type OwnPasswordChange =
  { kind: 'changed'; revokedSessions: number } | { kind: 'wrong-password' } | { kind: 'throttled'; retryAfterMs: number };

/**
 * An operator's own change, from a signed-in session: the current password is asked again (a
 * session left open must not be enough) and its wrong guesses are throttled as failed sign-ins
 * (server/auth/sign-in-throttle.ts). The operator's other sessions end; the one making the change stays open.
 */
export async function changeOwnPassword(
  db: Db,
  operator: OperatorView,
  change: { currentPassword: string; newPassword: string; sessionToken: string; clientAddress: string },
  throttle: SignInThrottle = processSignInThrottle(),
): Promise<OwnPasswordChange> {
  const attempt = { account: operator.email, address: change.clientAddress };
  const retryAfterMs = throttle.waitMs(attempt);
  if (retryAfterMs > 0) return { kind: 'throttled', retryAfterMs };
  const stored = await loadOperator(db, operator.id);
  if (!(await verifyPassword(stored.passwordHash, change.currentPassword))) {
    throttle.recordFailure({ ...attempt, accountExists: true });
    return { kind: 'wrong-password' };
  }
  throttle.recordSuccess(attempt);
  const passwordHash = await hashPassword(change.newPassword);
  return db.transaction(async (tx) => {
    await tx.update(operators).set({ passwordHash }).where(eq(operators.id, operator.id));
    const revokedSessions = await revokeOperatorSessions(tx, operator.id, change.sessionToken);
    await recordAudit(tx, operatorActor(operator), {
      objectType: 'operator',
      objectId: operator.id,
      action: 'change_password',
      after: { revokedSessions },
    });
    return { kind: 'changed', revokedSessions };
  });
}
