import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { operators } from '@/db/schema';
import { verifyDecoy, verifyPassword } from './passwords';
import { createSession, withoutHash, type OperatorView } from './sessions';
import { processSignInThrottle, type SignInThrottle } from './sign-in-throttle';

export interface SignInRequest {
  email: string;
  password: string;
  clientAddress: string;
  userAgent: string;
}

export type SignInResult =
  { kind: 'signed-in'; token: string; operator: OperatorView } | { kind: 'throttled'; retryAfterMs: number } | { kind: 'refused' };

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** One answer for an unknown email, a wrong password and a disabled operator: the form reveals nothing. */
export async function signIn(
  db: DbOrTx,
  request: SignInRequest,
  throttle: SignInThrottle = processSignInThrottle(),
): Promise<SignInResult> {
  const attempt = { account: normalizeEmail(request.email), address: request.clientAddress };
  const retryAfterMs = throttle.waitMs(attempt);
  if (retryAfterMs > 0) return { kind: 'throttled', retryAfterMs };
  const [operator] = await db.select().from(operators).where(eq(operators.email, attempt.account));
  const passwordMatches = operator ? await verifyPassword(operator.passwordHash, request.password) : await verifyDecoy(request.password);
  if (!operator || !passwordMatches || operator.disabledAt) {
    throttle.recordFailure({ ...attempt, accountExists: Boolean(operator) });
    return { kind: 'refused' };
  }
  throttle.recordSuccess(attempt);
  return { kind: 'signed-in', token: await createSession(db, operator.id, request.userAgent), operator: withoutHash(operator) };
}
