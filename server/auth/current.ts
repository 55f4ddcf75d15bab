import { cookies } from 'next/headers';
import { getDb } from '@/server/database';
import { sessionCookieName } from './cookie';
import { operatorForToken, type OperatorView } from './sessions';

/** The signed-in operator of the page being rendered (server components), if any. */
export async function currentOperator(): Promise<OperatorView | undefined> {
  const token = (await cookies()).get(sessionCookieName)?.value;
  return operatorForToken(await getDb(), token);
}
