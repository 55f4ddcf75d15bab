import { redirect } from 'next/navigation';
import { Suspense, type ReactNode } from 'react';
import { DomainSwitcher } from '@/components/domain-switcher';
import { Nav } from '@/components/nav';
import { OperatorProvider } from '@/components/operator';
import { OperatorMenu } from '@/components/operator-menu';
import { XmppDisconnectedAlert } from '@/components/status/xmpp-alert';
import { currentOperator } from '@/server/auth/current';

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const operator = await currentOperator();
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
