'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { AuditEntryRow } from '@/server/operators/audit-trail';
import { apiFetch } from '../api';
import { useDomains } from '../domain-switcher';
import { DataTable, ErrorBanners } from '../console-ui';
import { Pager } from '../pager';
import '../console-pages.css';
import type { Jsonified } from '@/lib/jsonified';
import type { listAuditEntries } from '@/server/operators/audit-trail';

/** A row of the audit trail as JSON carries it: the time as an ISO string. */
type AuditEntry = Jsonified<AuditEntryRow>;

type AuditPage = Jsonified<Awaited<ReturnType<typeof listAuditEntries>>>;

interface Filters {
  actor: string;
  domain: string;
  objectType: string;
}

const noFilters: Filters = { actor: '', domain: '', objectType: '' };

export function AuditPage() {
  const [filters, setFilters] = useState<Filters>(noFilters);
  const [page, setPage] = useState(1);
  const domains = useDomains();
  const options = useQuery({
    queryKey: ['audit', 'filters'],
    queryFn: () => apiFetch<{ actors: string[]; objectTypes: string[] }>('/api/audit/filters'),
  });
  const entries = useQuery({
    queryKey: ['audit', filters, page],
    queryFn: () => apiFetch<AuditPage>(`/api/audit?${new URLSearchParams({ ...filters, page: String(page) })}`),
    placeholderData: keepPreviousData,
  });
  const filter = (key: keyof Filters, value: string) => {
    setFilters((current) => ({ ...current, [key]: value }));
    setPage(1);
  };

  return (
    <div>
      <h1 className="page-title">Audit log</h1>
      <div className="toolbar" role="group" aria-label="Filters">
        <FilterSelect label="Operator" value={filters.actor} values={options.data?.actors} onChange={(value) => filter('actor', value)} />
        <FilterSelect
          label="Domain"
          value={filters.domain}
          values={domains.data?.domains.map((domain) => domain.name)}
          onChange={(value) => filter('domain', value)}
        />
        <FilterSelect
          label="Object type"
          value={filters.objectType}
          values={options.data?.objectTypes}
          onChange={(value) => filter('objectType', value)}
        />
      </div>
      <ErrorBanners errors={[entries]} />
      <DataTable label="Audit entries" columns={['When', 'Who', 'Domain', 'Object', 'Action', 'Before → after']}>
        {entries.data?.entries.length === 0 && (
          <tr>
            <td colSpan={6} className="muted">
              No changes match these filters.
            </td>
          </tr>
        )}
        {entries.data?.entries.map((entry) => (
          <tr key={entry.id}>
            <td className="muted" style={{ whiteSpace: 'nowrap' }}>
              {new Date(entry.at).toLocaleString()}
            </td>
            <td title={entry.actorName ? entry.actor : undefined}>{entry.actorName ?? entry.actor}</td>
            <td>{entry.domain ?? <span className="muted">—</span>}</td>
            <td>
              {entry.objectType} <span className="muted">#{entry.objectId}</span>
            </td>
            <td>
              <span className="badge">{entry.action}</span>
            </td>
            <td style={{ minWidth: 260 }}>
              <ChangeDetails entry={entry} />
            </td>
          </tr>
        ))}
      </DataTable>
      {entries.data && <Pager page={entries.data.page} pageSize={entries.data.pageSize} total={entries.data.total} onPage={setPage} />}
    </div>
  );
}

function FilterSelect({
  label,
  value,
  values,
  onChange,
}: {
  label: string;
  value: string;
  values?: string[];
  onChange(value: string): void;
}) {
  return (
    <label className="row">
      <span className="muted">{label}</span>
      <select aria-label={label} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">All</option>
        {values?.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </label>
  );
}

function ChangeDetails({ entry }: { entry: AuditEntry }) {
  const { before, after } = entry;
  if (before === null && after === null) return <span className="muted">—</span>;
  return (
    <details className="change">
      <summary>{summarise(entry)}</summary>
      <div className="form-grid" style={{ marginTop: 6 }}>
        <div>
          <div className="muted">Before</div>
          <pre className="json-block">{before === null ? '—' : JSON.stringify(before, null, 2)}</pre>
        </div>
        <div>
          <div className="muted">After</div>
          <pre className="json-block">{after === null ? '—' : JSON.stringify(after, null, 2)}</pre>
        </div>
      </div>
    </details>
  );
}

const fields = (value: unknown) => (value && typeof value === 'object' ? (value as Record<string, unknown>) : {});

/** "+2 −1 ~3 nodes": what a published version added, removed and changed against the one before. */
function nodeCounts(nodes: unknown): string {
  const { added = 0, removed = 0, changed = 0 } = fields(nodes) as { added?: number; removed?: number; changed?: number };
  const parts = [added && `+${added}`, removed && `−${removed}`, changed && `~${changed}`].filter(Boolean);
  const total = added + removed + changed;
  return parts.length > 0 ? `${parts.join(' ')} ${total === 1 ? 'node' : 'nodes'}` : 'no node changed';
}

/** What the row did, in words, without opening it: a publish names its version, other changes the fields that differ. */
function summarise({ objectType, action, before, after }: AuditEntry): string {
  const a = fields(before);
  const b = fields(after);
  if (objectType === 'buddies' && (action === 'publish' || action === 'rollback')) {
    const again = typeof b.rolledBackFrom === 'number' ? ` (version ${b.rolledBackFrom} again)` : '';
    return `published version ${String(b.number)}${again}${b.nodes ? `: ${nodeCounts(b.nodes)}` : ''}`;
  }
  const changed = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(
    (key) => key !== 'updatedAt' && JSON.stringify(a[key]) !== JSON.stringify(b[key]),
  );
  if (before === null) return 'created';
  if (after === null) return 'deleted';
  return changed.length > 0 ? `changed ${changed.join(', ')}` : 'details';
}
