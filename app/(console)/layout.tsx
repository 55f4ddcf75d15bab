import { redirect } from 'next/navigation';
import { Suspense, type ReactNode } from 'react';
import { DomainSwitcher } from '@/components/domain-switcher';
import { Nav } from '@/components/nav';
import { OperatorProvider } from '@/components/operator';
import { OperatorMenu } from '@/components/operator-menu';
import { DatabaseUnavailable } from '@/components/status/service-outage';
import { XmppDisconnectedAlert } from '@/components/status/xmpp-alert';
import { currentOperator } from '@/server/auth/current';
import { pageDatabaseRead } from '@/server/http/database-outage';

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const session = await pageDatabaseRead(currentOperator);
  if (!session.available) return <DatabaseUnavailable />;
  const operator = session.value;
  if (!operator) redirect('/sign-in');
  return (
    <OperatorProvider operator={{ id: operator.id, email: operator.email, name: operator.name, role: operator.role }}>
      <div className="shell">
        <Suspense>
          <Nav />
        </Suspense>
        <div className="main">
          <header className="topbar">
            <Suspense>
              <DomainSwitcher />
            </Suspense>
            <div className="spacer" />
            <OperatorMenu />
          </header>
          <main className="content">
            <XmppDisconnectedAlert />
            {children}
          </main>
        </div>
      </div>
    </OperatorProvider>
  );
}
