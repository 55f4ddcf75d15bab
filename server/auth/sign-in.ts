import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { operators } from '@/db/schema';
import { verifyDecoy, verifyPassword } from './passwords';
import { isSignInLocked, recordSignInAttempt } from './rate-limit';
import { createSession, withoutHash, type OperatorView } from './sessions';

export interface SignInRequest {
  email: string;
  password: string;
  clientAddress: string;
  userAgent: string;
}

export type SignInResult = { kind: 'signed-in'; token: string; operator: OperatorView } | { kind: 'locked' } | { kind: 'refused' };

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** One answer for an unknown email, a wrong password and a disabled operator: the form reveals nothing. */
export async function signIn(db: DbOrTx, request: SignInRequest): Promise<SignInResult> {
  const email = normalizeEmail(request.email);
  if (await isSignInLocked(db, email, request.clientAddress)) return { kind: 'locked' };
  const [operator] = await db.select().from(operators).where(eq(operators.email, email));
  const passwordMatches = operator ? await verifyPassword(operator.passwordHash, request.password) : await verifyDecoy(request.password);
  const accepted = Boolean(operator && passwordMatches && !operator.disabledAt);
  await recordSignInAttempt(db, email, request.clientAddress, accepted);
  if (!operator || !accepted) return { kind: 'refused' };
  return { kind: 'signed-in', token: await createSession(db, operator.id, request.userAgent), operator: withoutHash(operator) };
}
