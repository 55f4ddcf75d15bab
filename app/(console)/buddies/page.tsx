'use client';

import { BuddiesEditor } from '@/components/buddies/buddies-editor';
import { ForSelectedDomain } from '@/components/buddies/selected-domain';

export default function BuddiesPage() {
  return <ForSelectedDomain>{(domain) => <BuddiesEditor domain={domain} />}</ForSelectedDomain>;
}
