import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/sign-in-form';
import { getDb } from '@/db/client';
import { currentOperator } from '@/server/auth/current';
import { safeNextPath } from '@/server/auth/next-path';
import { countOperators } from '@/server/operators/repository';

export const metadata = { title: 'Sign in · xmpp-service' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const next = safeNextPath((await searchParams).next);
  if ((await countOperators(await getDb())) === 0) redirect('/setup');
  if (await currentOperator()) redirect(next);
  return <SignInForm mode="sign-in" next={next} />;
}
