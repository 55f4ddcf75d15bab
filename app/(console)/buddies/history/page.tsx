'use client';

import { HistoryView } from '@/components/buddies/history-view';
import { ForSelectedDomain } from '@/components/buddies/selected-domain';

export default function BuddiesHistoryPage() {
  return <ForSelectedDomain>{(domain) => <HistoryView domain={domain} />}</ForSelectedDomain>;
}
