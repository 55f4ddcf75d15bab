import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, lt, ne } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { operatorSessions, operators } from '@/db/schema';
import { sessionLifetimeMs } from './cookie';

export type Operator = typeof operators.$inferSelect;
/** The operator as the console may see it: never the password hash. */
export type OperatorView = Omit<Operator, 'passwordHash'>;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** 256 random bits; only its SHA-256 is stored, so a copy of the table opens no session. */
export async function createSession(db: DbOrTx, operatorId: number, userAgent: string, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  // Sessions ended a day ago are of no use to anyone: drop them while adding one.
  await db.delete(operatorSessions).where(lt(operatorSessions.expiresAt, new Date(now.getTime() - 24 * 60 * 60 * 1000)));
  await db.insert(operatorSessions).values({
    tokenHash: hashToken(token),
    operatorId,
    userAgent: userAgent.slice(0, 300),
    createdAt: now,
    expiresAt: new Date(now.getTime() + sessionLifetimeMs),
  });
  return token;
}

/** The operator behind a session token, if the session is unexpired, unrevoked and the operator enabled. */
export async function operatorForToken(db: DbOrTx, token: string | undefined, now = new Date()): Promise<OperatorView | undefined> {
  if (!token) return undefined;
  const [row] = await db
    .select({ operator: operators })
    .from(operatorSessions)
    .innerJoin(operators, eq(operators.id, operatorSessions.operatorId))
    .where(
      and(
        eq(operatorSessions.tokenHash, hashToken(token)),
        isNull(operatorSessions.revokedAt),
        gt(operatorSessions.expiresAt, now),
        isNull(operators.disabledAt),
      ),
    );
  return row ? withoutHash(row.operator) : undefined;
}

export async function revokeSession(db: DbOrTx, token: string): Promise<void> {
  await db
    .update(operatorSessions)
    .set({ revokedAt: new Date() })
    .where(and(eq(operatorSessions.tokenHash, hashToken(token)), isNull(operatorSessions.revokedAt)));
}

/** Signs an operator out everywhere (but in the session of `keepToken`); returns how many sessions were still open. */
export async function revokeOperatorSessions(db: DbOrTx, operatorId: number, keepToken?: string, now = new Date()): Promise<number> {
  const revoked = await db
    .update(operatorSessions)
    .set({ revokedAt: now })
    .where(
      and(
        eq(operatorSessions.operatorId, operatorId),
        isNull(operatorSessions.revokedAt),
        gt(operatorSessions.expiresAt, now),
        keepToken === undefined ? undefined : ne(operatorSessions.tokenHash, hashToken(keepToken)),
      ),
    )
    .returning({ tokenHash: operatorSessions.tokenHash });
  return revoked.length;
}

export function withoutHash({ id, email, name, role, disabledAt, createdAt }: Operator): OperatorView {
  return { id, email, name, role, disabledAt, createdAt };
}
