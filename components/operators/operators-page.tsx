'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { roleDescriptions, roles, type Role } from '@/lib/auth/roles';
import { apiFetch } from '../api';
import { ConfirmDialog } from '../dialog';
import { DataTable, ErrorBanners, Field, FormActions, FormError, PageHeader } from '../console-ui';
import { fieldErrors } from '../errors';
import { useOperator } from '../operator';
import '../console-pages.css';
import type { Jsonified } from '@/lib/jsonified';
import type { OperatorRow as ListedOperator } from '@/server/operators/repository';

type OperatorRow = Jsonified<ListedOperator>;

type Change = { id: number; role: Role } | { id: number; disabled: boolean } | { id: number; revoke: true };

export function OperatorsPage() {
  const me = useOperator();
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [settingPasswordOf, setSettingPasswordOf] = useState<OperatorRow>();
  const [roleChange, setRoleChange] = useState<{ operator: OperatorRow; role: Role }>();
  const operators = useQuery({ queryKey: ['operators'], queryFn: () => apiFetch<{ operators: OperatorRow[] }>('/api/operators') });
  const change = useMutation({
    mutationFn: ({ id, ...what }: Change) =>
      'revoke' in what
        ? apiFetch(`/api/operators/${id}/revoke-sessions`, { method: 'POST' })
        : apiFetch(`/api/operators/${id}`, { method: 'PATCH', json: what }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['operators'] }),
  });

  return (
    <div>
      <PageHeader title="Operators">
        <button type="button" className="primary" onClick={() => setCreating(true)} disabled={creating}>
          New operator
        </button>
      </PageHeader>
      <p className="muted">
        {roles.map((role) => `${role}: ${roleDescriptions[role]}`).join(' · ')}. Disabling an operator or revoking their sessions signs them
        out at once.
      </p>
      {creating && <NewOperatorForm onDone={() => setCreating(false)} />}
      {settingPasswordOf && (
        <SetPasswordForm key={settingPasswordOf.id} operator={settingPasswordOf} onDone={() => setSettingPasswordOf(undefined)} />
      )}
      <ErrorBanners errors={[operators, change]} />
      <DataTable label="Operators" columns={['Email', 'Name', 'Role', 'State', { label: 'Open sessions', numeric: true }, '']}>
        {operators.data?.operators.map((operator) => (
          <tr key={operator.id} aria-label={operator.email}>
            <td>
              {operator.email} {operator.id === me.id && <span className="badge off">you</span>}
            </td>
            <td>{operator.name}</td>
            <td>
              <select
                aria-label={`Role of ${operator.email}`}
                value={operator.role}
                disabled={change.isPending}
                onChange={(event) => setRoleChange({ operator, role: event.target.value as Role })}
              >
                {roles.map((role) => (
                  <option key={role}>{role}</option>
                ))}
              </select>
            </td>
            <td>{operator.disabledAt ? <span className="badge danger">disabled</span> : <span className="badge ok">enabled</span>}</td>
            <td className="number">{operator.openSessions}</td>
            <td>
              <div className="actions">
                {operator.id !== me.id && (
                  <button type="button" onClick={() => setSettingPasswordOf(operator)}>
                    Set password…
                  </button>
                )}
                <button
                  type="button"
                  disabled={change.isPending || operator.openSessions === 0}
                  onClick={() => change.mutate({ id: operator.id, revoke: true })}
                >
                  Revoke sessions
                </button>
                <button
                  type="button"
                  className={operator.disabledAt ? undefined : 'danger'}
                  disabled={change.isPending || operator.id === me.id}
                  onClick={() => change.mutate({ id: operator.id, disabled: !operator.disabledAt })}
                >
                  {operator.disabledAt ? 'Enable' : 'Disable'}
                </button>
              </div>
            </td>
          </tr>
        ))}
      </DataTable>
      {roleChange && (
        <ConfirmDialog
          title={`Change the role of ${roleChange.operator.name || roleChange.operator.email}?`}
          confirmLabel="Change role"
          onConfirm={() => {
            change.mutate({ id: roleChange.operator.id, role: roleChange.role });
            setRoleChange(undefined);
          }}
          onCancel={() => setRoleChange(undefined)}
        >
          <p style={{ margin: 0 }}>
            {roleChange.operator.email}: {roleChange.operator.role} → {roleChange.role} ({roleDescriptions[roleChange.role]}), from their
            next request on.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}

/** A form that posts its fields as JSON to `url`, then refreshes the operators and closes. */
function useOperatorsForm(url: string, onDone: () => void) {
  const queryClient = useQueryClient();
  const mutation = useMutation({
    mutationFn: (json: Record<string, FormDataEntryValue>) => apiFetch(url, { method: 'POST', json }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['operators'] });
      onDone();
    },
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    mutation.mutate(Object.fromEntries(new FormData(event.currentTarget)));
  };
  return { mutation, errors: fieldErrors(mutation.error), submit };
}

function NewOperatorForm({ onDone }: { onDone(): void }) {
  const { mutation: create, errors, submit } = useOperatorsForm('/api/operators', onDone);
  return (
    <form className="card section" onSubmit={submit} aria-label="New operator">
      <FormError error={create.error} />
      <div className="form-grid">
        <Field label="Email" error={errors.email}>
          <input name="email" type="email" autoComplete="off" />
        </Field>
        <Field label="Name">
          <input name="name" autoComplete="off" />
        </Field>
        <Field label="Role">
          <select name="role" defaultValue="viewer">
            {roles.map((role) => (
              <option key={role}>{role}</option>
            ))}
          </select>
        </Field>
        <PasswordField label="Initial password" error={errors.password} />
      </div>
      <FormActions submitLabel="Create operator" busy={create.isPending} onCancel={onDone} />
    </form>
  );
}

/** For an operator who lost their password; your own is changed under Your account, with the current one. */
function SetPasswordForm({ operator, onDone }: { operator: OperatorRow; onDone(): void }) {
  const { mutation: set, errors, submit } = useOperatorsForm(`/api/operators/${operator.id}/password`, onDone);
  return (
    <form className="card section" onSubmit={submit} aria-label={`New password for ${operator.email}`}>
      <FormError error={set.error} />
      <p className="muted">
        {operator.email} is signed out everywhere and signs in with the new password; tell them it through a safe channel.
      </p>
      <PasswordField label="New password" error={errors.password} />
      <FormActions submitLabel="Set password" busy={set.isPending} onCancel={onDone} />
    </form>
  );
}

function PasswordField({ label, error }: { label: string; error: string | undefined }) {
  return (
    <Field label={label} error={error}>
      <input name="password" type="password" autoComplete="new-password" />
    </Field>
  );
}
