'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { liveWorker, useServiceStatus } from './use-service-status';

/**
 * On every console page but the status page (which explains it at length): operators must not
 * publish believing clients are served while no worker is connected.
 */
export function XmppDisconnectedAlert() {
  const pathname = usePathname();
  const status = useServiceStatus(30_000);
  if (!status.data || liveWorker(status.data) || pathname.startsWith('/status')) return null;
  return (
    <div className="banner error" role="alert">
      <strong>The XMPP service is not connected:</strong> clients get no answers and do not see what you publish.{' '}
      <Link href="/status">Why, and how to fix it</Link>
    </div>
  );
}
