'use client';

import { Suspense } from 'react';
import { HistoryView } from '@/components/buddies/history-view';
import { useSelectedDomain } from '@/components/domain-switcher';

function SelectedDomainHistory() {
  const domain = useSelectedDomain();
  return domain ? <HistoryView key={domain} domain={domain} /> : <p className="muted">Loading domains…</p>;
}

export default function BuddiesHistoryPage() {
  return (
    <Suspense>
      <SelectedDomainHistory />
    </Suspense>
  );
}
