'use client';

import { DataTable, ErrorBanners } from '../console-ui';
import '../console-pages.css';
import { liveWorker, useServiceStatus, type ServiceStatus, type WorkerView } from './use-service-status';

const time = (value: string | null) => (value ? new Date(value).toLocaleString() : '—');

export function StatusPage() {
  const status = useServiceStatus(5_000);
  const data = status.data;
  return (
    <div>
      <h1 className="page-title">Service status</h1>
      <ErrorBanners errors={[status]} />
      {data && <Connection status={data} />}
      {data && data.workers.length > 0 && <Workers workers={data.workers} />}
      {data && (
        <section className="section">
          <h2>Commands in the last hour</h2>
          <DataTable
            label="Commands in the last hour"
            columns={[
              'Command',
              { label: 'Count', numeric: true },
              { label: 'Errors', numeric: true },
              { label: 'Average ms', numeric: true },
              { label: 'Max ms', numeric: true },
            ]}
          >
            {data.commands.length === 0 && (
              <tr>
                <td colSpan={5} className="muted">
                  No command answered in the last hour.
                </td>
              </tr>
            )}
            {data.commands.map((row) => (
              <tr key={row.command}>
                <td>
                  <code>{row.command}</code>
                </td>
                <td className="number">{row.count}</td>
                <td className="number">{row.errors}</td>
                <td className="number">{row.avgMs}</td>
                <td className="number">{row.maxMs}</td>
              </tr>
            ))}
          </DataTable>
        </section>
      )}
      {data && data.recentErrors.length > 0 && (
        <section className="section">
          <h2>Last errors</h2>
          <DataTable label="Last errors" columns={[]}>
            {data.recentErrors.map((error, index) => (
              <tr key={index}>
                <td className="muted" style={{ whiteSpace: 'nowrap' }}>
                  {time(error.at)}
                </td>
                <td>
                  <code>{error.workerId}</code>
                </td>
                <td>{error.message}</td>
              </tr>
            ))}
          </DataTable>
        </section>
      )}
    </div>
  );
}

/**
 * The workers grouped by the XMPP server they connect to (in a cluster, one node each; the API lists
 * them so), each server named once on its first row.
 */
function Workers({ workers }: { workers: WorkerView[] }) {
  const rowsOfServer = (service: string) => workers.filter((worker) => worker.service === service).length;
  return (
    <section className="section">
      <h2>Workers</h2>
      <DataTable
        label="Workers"
        columns={[
          'XMPP server',
          'Host',
          'Worker',
          'Component',
          'State',
          'Connected since',
          'Last heartbeat',
          { label: 'Commands/min', numeric: true },
        ]}
      >
        {workers.map((worker, index) => (
          <tr key={worker.workerId}>
            {(index === 0 || workers[index - 1]!.service !== worker.service) && (
              <th scope="rowgroup" rowSpan={rowsOfServer(worker.service)}>
                {worker.service}
              </th>
            )}
            <td>{worker.host || '—'}</td>
            <td>
              <code>{worker.workerId}</code>
            </td>
            <td>{worker.componentJid}</td>
            <td>
              {worker.stale ? (
                <span className="badge off">gone</span>
              ) : worker.connected ? (
                <span className="badge ok">connected</span>
              ) : (
                <span className="badge danger">disconnected</span>
              )}
            </td>
            <td>{time(worker.connectedSince)}</td>
            <td>{time(worker.heartbeatAt)}</td>
            <td className="number">{worker.commandsPerMinute}</td>
          </tr>
        ))}
      </DataTable>
    </section>
  );
}

function Connection({ status }: { status: ServiceStatus }) {
  const live = liveWorker(status);
  if (live) {
    return (
      <div className="banner ok" role="status">
        The XMPP service is connected as <strong>{live.componentJid}</strong> to {live.service} since {time(live.connectedSince)}.
      </div>
    );
  }
  return (
    <div className="banner error" role="status">
      <strong>The XMPP service is not connected.</strong> Clients get no answers to their commands until it is.
      {status.problem && <div style={{ marginTop: 6 }}>Reason: {status.problem}</div>}
      {status.workers.length > 0 ? (
        <div style={{ marginTop: 6 }}>
          The worker retries by itself. Check that the XMPP server is running and accepts the component: its <code>Component</code> line and{' '}
          <code>component_secret</code> must match <code>XMPP_COMPONENT_JID</code> and <code>XMPP_COMPONENT_SECRET</code> (see the README).
        </div>
      ) : (
        !status.problem && (
          <div style={{ marginTop: 6 }}>
            No XMPP worker has reported to this database: <code>npm start</code> runs one, <code>npm run worker</code> runs one alone.
          </div>
        )
      )}
    </div>
  );
}
