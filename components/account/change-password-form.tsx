'use client';

import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { apiFetch } from '../api';
import { Field, FormError, PageHeader } from '../console-ui';
import { fieldErrors } from '../errors';
import { useOperator } from '../operator';
import '../console-pages.css';

export function ChangePasswordForm() {
  const operator = useOperator();
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation({
    mutationFn: (json: { currentPassword: string; newPassword: string }) =>
      apiFetch<{ revokedSessions: number }>('/api/auth/password', { method: 'POST', json }),
  });
  const errors = fieldErrors(change.error);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const newPassword = String(form.get('newPassword'));
    const repeated = newPassword === String(form.get('repeatPassword'));
    setMismatch(!repeated);
    if (!repeated) return;
    change.mutate({ currentPassword: String(form.get('currentPassword')), newPassword }, { onSuccess: () => formElement.reset() });
  };
  return (
    <div>
      <PageHeader title="Your account" />
      <p className="muted">
        Signed in as {operator.email} ({operator.role}).
      </p>
      <form className="card section" onSubmit={submit} aria-label="Change password" style={{ maxWidth: 480 }}>
        <h2>Change password</h2>
        <FormError error={change.error} />
        {change.isSuccess && (
          <div className="banner ok" role="status">
            Your password is changed.{' '}
            {change.data.revokedSessions > 0 && `Your ${change.data.revokedSessions} other session(s) are signed out.`}
          </div>
        )}
        <Field label="Current password" error={errors.currentPassword}>
          <input name="currentPassword" type="password" autoComplete="current-password" required />
        </Field>
        <Field label="New password" error={errors.newPassword}>
          <input name="newPassword" type="password" autoComplete="new-password" required />
        </Field>
        <Field label="New password again" error={mismatch ? 'The two new passwords differ.' : undefined}>
          <input name="repeatPassword" type="password" autoComplete="new-password" required />
        </Field>
        <div className="actions" style={{ marginTop: 12 }}>
          <button type="submit" className="primary" disabled={change.isPending}>
            Change password
          </button>
        </div>
      </form>
    </div>
  );
}
