'use client';

import { Suspense } from 'react';
import { BuddiesEditor } from '@/components/buddies/buddies-editor';
import { useSelectedDomain } from '@/components/domain-switcher';

function SelectedDomainEditor() {
  const domain = useSelectedDomain();
  // One editor per domain: its undo history and revision belong to that domain's draft.
  return domain ? <BuddiesEditor key={domain} domain={domain} /> : <p className="muted">Loading domains…</p>;
}

export default function BuddiesPage() {
  return (
    <Suspense>
      <SelectedDomainEditor />
    </Suspense>
  );
}
