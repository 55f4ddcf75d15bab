import { and, count, eq, gt, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { signInAttempts } from '@/db/schema';

/**
 * 5 wrong passwords for one email from one address lock that pair out for 15 minutes. The client
 * address comes from X-Forwarded-For, which a client can forge when no proxy sets it, so an email
 * is also locked after 20 failures from anywhere in the same window.
 */
export const signInLimit = { failuresPerAddress: 5, failuresPerEmail: 20, windowMs: 15 * 60 * 1000 };

export async function recordSignInAttempt(db: DbOrTx, email: string, clientAddress: string, succeeded: boolean, at = new Date()): Promise<void> {
  await db.insert(signInAttempts).values({ email, clientAddress, succeeded, at });
  // Only the window matters; older attempts would just grow the table.
  await db.delete(signInAttempts).where(lt(signInAttempts.at, new Date(at.getTime() - 2 * signInLimit.windowMs)));
}

export async function isSignInLocked(db: DbOrTx, email: string, clientAddress: string, now = new Date()): Promise<boolean> {
  const recentFailures = and(
    eq(signInAttempts.email, email),
    eq(signInAttempts.succeeded, false),
    gt(signInAttempts.at, new Date(now.getTime() - signInLimit.windowMs)),
  );
  const [row] = await db
    .select({
      fromAnywhere: count(),
      fromAddress: count(sql`CASE WHEN ${signInAttempts.clientAddress} = ${clientAddress} THEN 1 END`),
    })
    .from(signInAttempts)
    .where(recentFailures);
  return (row?.fromAddress ?? 0) >= signInLimit.failuresPerAddress || (row?.fromAnywhere ?? 0) >= signInLimit.failuresPerEmail;
}
