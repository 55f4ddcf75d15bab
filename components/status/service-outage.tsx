'use client';

import { useEffect } from 'react';
import { useHealth, type Health } from './health';

/** How often a page in an outage asks whether the database is back. */
const recheckMs = 2_000;

/**
 * What every console page shows while the database is unreachable, instead of its content: the
 * outage named, what still works, and the page reloads by itself once the database answers again.
 */
export function DatabaseUnavailable() {
  const health = useHealth(recheckMs);
  const databaseBack = health.data?.database.ok === true;
  useEffect(() => {
    if (databaseBack) window.location.reload();
  }, [databaseBack]);
  return (
    <main className="content" style={{ maxWidth: 720, margin: '40px auto' }}>
      <h1 className="page-title">The database is unavailable</h1>
      <div className="banner error" role="alert">
        <strong>The database is unavailable.</strong> The console cannot show or save anything until it answers again; nothing that was
        saved is lost. This page reloads by itself as soon as the database is back.
      </div>
      {health.data && <HealthParts health={health.data} />}
    </main>
  );
}

/** One line per part of the service: the same checks as /api/health. */
export function HealthParts({ health }: { health: Health }) {
  return (
    <ul aria-label="Service parts" role="list">
      <li>Database: {health.database.ok ? 'answering' : health.database.detail}</li>
      <li>XMPP component: {health.xmpp.ok ? 'connected' : health.xmpp.detail}</li>
    </ul>
  );
}
