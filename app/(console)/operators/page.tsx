import { OperatorsPage } from '@/components/operators/operators-page';
import { currentOperator } from '@/server/auth/current';
import { hasRole } from '@/server/auth/roles';

export const metadata = { title: 'Operators · xmpp-service' };

export default async function Page() {
  const operator = await currentOperator();
  if (!operator || !hasRole(operator.role, 'admin')) {
    return <div className="banner warn">Only admins manage operators. Ask an admin to change your role if you need to.</div>;
  }
  return <OperatorsPage />;
}
