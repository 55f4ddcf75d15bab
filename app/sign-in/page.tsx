import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/sign-in-form';
import { DatabaseUnavailable } from '@/components/status/service-outage';
import { getDb } from '@/server/database';
import { currentOperator } from '@/server/auth/current';
import { safeNextPath } from '@/server/auth/next-path';
import { pageDatabaseRead } from '@/server/http/database-outage';
import { countOperators } from '@/server/operators/repository';

export const metadata = { title: 'Sign in · xmpp-service' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const next = safeNextPath((await searchParams).next);
  const state = await pageDatabaseRead(async () => ({ operators: await countOperators(await getDb()), operator: await currentOperator() }));
  if (!state.available) return <DatabaseUnavailable />;
  if (state.value.operators === 0) redirect('/setup');
  if (state.value.operator) redirect(next);
  return <SignInForm mode="sign-in" next={next} />;
}
