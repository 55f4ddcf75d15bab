'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { apiFetch } from '../api';
import { Field, FormActions, FormError } from '../console-ui';
import { fieldErrors } from '../errors';
import type { VersionRuleDraft, VersionRuleRow } from './types';

interface Props {
  /** The rule being edited, or undefined to create one. */
  rule?: VersionRuleRow;
  initial: VersionRuleDraft;
  onDone(): void;
}

const limits = [
  { key: 'minBuild', label: 'Minimum build', hint: 'below it: must upgrade' },
  { key: 'minApiVersion', label: 'Minimum API version', hint: 'below it: must upgrade' },
  { key: 'recommendedBuild', label: 'Recommended build', hint: 'below it: advised to upgrade' },
] as const;

const toNumber = (value: string): number | null => (value.trim() === '' ? null : Number(value));

export function RuleForm({ rule, initial, onDone }: Props) {
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<VersionRuleDraft>(initial);
  const save = useMutation({
    mutationFn: () =>
      rule
        ? apiFetch(`/api/version-rules/${rule.id}`, { method: 'PUT', json: draft })
        : apiFetch('/api/version-rules', { method: 'POST', json: draft }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['version-rules'] });
      onDone();
    },
  });
  const errors = fieldErrors(save.error);
  const set = <K extends keyof VersionRuleDraft>(key: K, value: VersionRuleDraft[K]) =>
    setDraft((current) => ({ ...current, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  return (
    <form
      className="card section"
      onSubmit={submit}
      aria-label={rule ? `Edit rule ${rule.osCode} ${rule.packageName}` : 'New version rule'}
    >
      <h2 style={{ fontSize: 15, marginTop: 0 }}>{rule ? `Edit ${rule.osCode} · ${rule.packageName}` : 'New version rule'}</h2>
      <FormError error={save.error} />
      <div className="form-grid">
        <Field label="OS code" error={errors.osCode}>
          <input value={draft.osCode} onChange={(event) => set('osCode', event.target.value)} placeholder="ANDROID" />
        </Field>
        <Field label="Package name" style={{ gridColumn: 'span 2' }} error={errors.packageName}>
          <input value={draft.packageName} onChange={(event) => set('packageName', event.target.value)} placeholder="com.example.chat" />
        </Field>
        {limits.map((limit) => (
          <Field key={limit.key} label={limit.label} error={errors[limit.key]}>
            <input
              type="number"
              min={0}
              step={1}
              value={draft[limit.key] ?? ''}
              onChange={(event) => set(limit.key, toNumber(event.target.value))}
              placeholder="no limit"
            />
            <small className="muted">{limit.hint}</small>
          </Field>
        ))}
        <Field label="Download link" className="wide" error={errors.downloadLink}>
          <input value={draft.downloadLink} onChange={(event) => set('downloadLink', event.target.value)} placeholder="https://…" />
        </Field>
        <Field label="Must-upgrade message" className="wide" error={errors.mustUpgradeMessage}>
          <input value={draft.mustUpgradeMessage} onChange={(event) => set('mustUpgradeMessage', event.target.value)} />
        </Field>
        <Field label="Should-upgrade message" className="wide" error={errors.shouldUpgradeMessage}>
          <input value={draft.shouldUpgradeMessage} onChange={(event) => set('shouldUpgradeMessage', event.target.value)} />
        </Field>
      </div>
      <FormActions submitLabel={rule ? 'Save rule' : 'Create rule'} busy={save.isPending} onCancel={onDone} />
    </form>
  );
}
