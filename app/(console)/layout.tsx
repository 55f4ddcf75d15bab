import { Suspense, type ReactNode } from 'react';
import { DomainSwitcher } from '@/components/domain-switcher';
import { Nav } from '@/components/nav';

export default function ConsoleLayout({ children }: { children: ReactNode }) {
  return (
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
        </header>
        <main className="content">{children}</main>
      </div>
    </div>
  );
}
