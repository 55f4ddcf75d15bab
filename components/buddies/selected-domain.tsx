'use client';

import { Suspense, type ReactNode } from 'react';
import { useDomains, useSelectedDomain } from '../domain-switcher';

/** A buddies page for the domain chosen in the header; one instance per domain (its undo history and revision). */
export function ForSelectedDomain({ children }: { children: (domain: string) => ReactNode }) {
  return (
    <Suspense>
      <Selected>{children}</Selected>
    </Suspense>
  );
}

function Selected({ children }: { children: (domain: string) => ReactNode }) {
  const domain = useSelectedDomain();
  const { data } = useDomains();
  if (data && data.domains.length === 0) return <p className="muted">There is no domain yet: add one first.</p>;
  return domain ? <div key={domain}>{children(domain)}</div> : <p className="muted">Loading domains…</p>;
}
