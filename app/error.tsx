'use client';

import { HealthParts } from '@/components/status/service-outage';
import { useHealth } from '@/components/status/health';

/**
 * The last resort of every page (a failure no page handles itself, such as the database going away
 * half way through a render): a sentence and the state of each part of the service, never a stack
 * trace or a blank page. The details are in the server's log, under the digest.
 */
export default function PageFailed({ error, reset }: { error: Error & { digest?: string }; reset(): void }) {
  const health = useHealth(5_000);
  return (
    <main className="content" style={{ maxWidth: 720, margin: '40px auto' }}>
      <h1 className="page-title">This page could not be shown</h1>
      <div className="banner error" role="alert">
        The server failed to build this page; it has been logged{error.digest ? ` (reference ${error.digest})` : ''}.
        {health.data && !health.data.ok && ' Part of the service is down: see below.'}
      </div>
      {health.data && <HealthParts health={health.data} />}
      <button type="button" onClick={reset}>
        Try again
      </button>
    </main>
  );
}
