import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/sign-in-form';
import { DatabaseUnavailable } from '@/components/status/service-outage';
import { getDb } from '@/server/database';
import { pageDatabaseRead } from '@/server/http/database-outage';
import { countOperators } from '@/server/operators/repository';

export const metadata = { title: 'Set up · xmpp-service' };
// Asks the database on every request, never at build time.
export const dynamic = 'force-dynamic';

/** First run only: once any operator exists this page is gone and /api/setup refuses. */
export default async function SetupPage() {
  const operators = await pageDatabaseRead(async () => countOperators(await getDb()));
  if (!operators.available) return <DatabaseUnavailable />;
  if (operators.value > 0) redirect('/sign-in');
  return <SignInForm mode="setup" next="/buddies" />;
}
