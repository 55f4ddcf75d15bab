'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { apiFetch } from '../api';
import { FormActions, FormError } from '../console-ui';
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
  const set = <K extends keyof VersionRuleDraft>(key: K, value: VersionRuleDraft[K]) => setDraft((current) => ({ ...current, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  return (
    <form className="card section" onSubmit={submit} aria-label={rule ? `Edit rule ${rule.osCode} ${rule.packageName}` : 'New version rule'}>
      <h2 style={{ fontSize: 15, marginTop: 0 }}>{rule ? `Edit ${rule.osCode} · ${rule.packageName}` : 'New version rule'}</h2>
      <FormError error={save.error} />
      <div className="form-grid">
        <label className="field">
          <span>OS code</span>
          <input value={draft.osCode} onChange={(event) => set('osCode', event.target.value)} placeholder="ANDROID" />
          {errors.osCode && <div className="field-error">{errors.osCode}</div>}
        </label>
        <label className="field" style={{ gridColumn: 'span 2' }}>
          <span>Package name</span>
          <input value={draft.packageName} onChange={(event) => set('packageName', event.target.value)} placeholder="com.example.chat" />
          {errors.packageName && <div className="field-error">{errors.packageName}</div>}
        </label>
        {limits.map((limit) => (
          <label className="field" key={limit.key}>
            <span>{limit.label}</span>
            <input
              type="number"
              min={0}
              step={1}
              value={draft[limit.key] ?? ''}
              onChange={(event) => set(limit.key, toNumber(event.target.value))}
              placeholder="no limit"
            />
            <small className="muted">{limit.hint}</small>
            {errors[limit.key] && <div className="field-error">{errors[limit.key]}</div>}
          </label>
        ))}
        <label className="field wide">
          <span>Download link</span>
          <input value={draft.downloadLink} onChange={(event) => set('downloadLink', event.target.value)} placeholder="https://…" />
          {errors.downloadLink && <div className="field-error">{errors.downloadLink}</div>}
        </label>
        <label className="field wide">
          <span>Must-upgrade message</span>
          <input value={draft.mustUpgradeMessage} onChange={(event) => set('mustUpgradeMessage', event.target.value)} />
          {errors.mustUpgradeMessage && <div className="field-error">{errors.mustUpgradeMessage}</div>}
        </label>
        <label className="field wide">
          <span>Should-upgrade message</span>
          <input value={draft.shouldUpgradeMessage} onChange={(event) => set('shouldUpgradeMessage', event.target.value)} />
          {errors.shouldUpgradeMessage && <div className="field-error">{errors.shouldUpgradeMessage}</div>}
        </label>
      </div>
      <FormActions submitLabel={rule ? 'Save rule' : 'Create rule'} busy={save.isPending} onCancel={onDone} />
    </form>
  );
}
