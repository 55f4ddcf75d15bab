'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiFetch } from '../api';
import { ConfirmDialog } from '../dialog';
import { DataTable, EditDeleteActions, ErrorBanners, PageHeader } from '../console-ui';
import { useCan } from '../operator';
import { RuleForm } from './rule-form';
import { VersionSimulator } from './simulator';
import { emptyRule, type VersionRuleRow } from './types';
import '../console-pages.css';

type Editing = { kind: 'new' } | { kind: 'edit'; rule: VersionRuleRow } | undefined;

const limitText = (value: number | null) => (value === null ? <span className="muted">—</span> : value);

export function VersionRulesPage() {
  const canEdit = useCan('editor');
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<Editing>();
  const [deleting, setDeleting] = useState<VersionRuleRow>();
  const rules = useQuery({ queryKey: ['version-rules'], queryFn: () => apiFetch<{ rules: VersionRuleRow[] }>('/api/version-rules') });
  const remove = useMutation({
    mutationFn: (rule: VersionRuleRow) => apiFetch(`/api/version-rules/${rule.id}`, { method: 'DELETE' }),
    onSuccess: async () => {
      setDeleting(undefined);
      await queryClient.invalidateQueries({ queryKey: ['version-rules'] });
    },
  });

  return (
    <div>
      <PageHeader title="Version rules">
        {canEdit && (
          <button type="button" className="primary" onClick={() => setEditing({ kind: 'new' })} disabled={editing !== undefined}>
            New rule
          </button>
        )}
      </PageHeader>
      <p className="muted">
        Per OS code and app package: below the minimum build or API version a client must upgrade; below the recommended build it is advised
        to. OS codes match ignoring case, package names exactly. Without a rule every client is up to date.
      </p>
      {editing && (
        <RuleForm
          key={editing.kind === 'edit' ? editing.rule.id : 'new'}
          rule={editing.kind === 'edit' ? editing.rule : undefined}
          initial={editing.kind === 'edit' ? editing.rule : emptyRule}
          onDone={() => setEditing(undefined)}
        />
      )}
      <ErrorBanners errors={[rules, remove]} />
      <DataTable
        label="Version rules"
        className="section"
        columns={[
          'OS code',
          'Package',
          { label: 'Min build', numeric: true },
          { label: 'Min API', numeric: true },
          { label: 'Recommended', numeric: true },
          'Download link',
          'Messages',
          ...(canEdit ? [''] : []),
        ]}
      >
        {rules.data?.rules.length === 0 && (
          <tr>
            <td colSpan={8} className="muted">
              No rules yet: every client is told it is up to date.
            </td>
          </tr>
        )}
        {rules.data?.rules.map((rule) => (
          <tr key={rule.id} aria-label={`${rule.osCode} ${rule.packageName}`}>
            <td>
              <span className="badge">{rule.osCode}</span>
            </td>
            <td>
              <code>{rule.packageName}</code>
            </td>
            <td className="number">{limitText(rule.minBuild)}</td>
            <td className="number">{limitText(rule.minApiVersion)}</td>
            <td className="number">{limitText(rule.recommendedBuild)}</td>
            <td style={{ maxWidth: 220, overflowWrap: 'anywhere' }}>{rule.downloadLink}</td>
            <td>
              <div>must: {rule.mustUpgradeMessage}</div>
              <div className="muted">should: {rule.shouldUpgradeMessage}</div>
            </td>
            {canEdit && <EditDeleteActions onEdit={() => setEditing({ kind: 'edit', rule })} onDelete={() => setDeleting(rule)} />}
          </tr>
        ))}
      </DataTable>
      <VersionSimulator />
      {deleting && (
        <ConfirmDialog
          title="Delete this rule?"
          confirmLabel="Delete rule"
          busy={remove.isPending}
          onConfirm={() => remove.mutate(deleting)}
          onCancel={() => setDeleting(undefined)}
        >
          <p style={{ margin: 0 }}>
            Clients of {deleting.osCode} {deleting.packageName} will all be told they are up to date.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}
