import { OperatorsPage } from '@/components/operators/operators-page';
import { DatabaseUnavailable } from '@/components/status/service-outage';
import { currentOperator } from '@/server/auth/current';
import { hasRole } from '@/lib/auth/roles';
import { pageDatabaseRead } from '@/server/http/database-outage';

export const metadata = { title: 'Operators · xmpp-service' };

export default async function Page() {
  const session = await pageDatabaseRead(currentOperator);
  if (!session.available) return <DatabaseUnavailable />;
  const operator = session.value;
  if (!operator || !hasRole(operator.role, 'admin')) {
    return <div className="banner warn">Only admins manage operators. Ask an admin to change your role if you need to.</div>;
  }
  return <OperatorsPage />;
}
