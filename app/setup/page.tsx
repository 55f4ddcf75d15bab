import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/sign-in-form';
import { getDb } from '@/db/client';
import { countOperators } from '@/server/operators/repository';

export const metadata = { title: 'Set up · xmpp-service' };
// Asks the database on every request, never at build time.
export const dynamic = 'force-dynamic';

/** First run only: once any operator exists this page is gone and /api/setup refuses. */
export default async function SetupPage() {
  if ((await countOperators(await getDb())) > 0) redirect('/sign-in');
  return <SignInForm mode="setup" next="/buddies" />;
}
