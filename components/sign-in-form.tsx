'use client';

import { useState, type FormEvent } from 'react';
import { apiFetch } from './api';
import { Field, FormError } from './console-ui';
import { fieldErrors } from './errors';
import './console-pages.css';

interface Props {
  /** Where to go once signed in (a console path). */
  next: string;
  mode: 'sign-in' | 'setup';
}

/** The sign-in form, and the same form creating the first admin on the first-run setup page. */
export function SignInForm({ next, mode }: Props) {
  const [error, setError] = useState<unknown>();
  const [mismatch, setMismatch] = useState(false);
  const [busy, setBusy] = useState(false);
  const fields = fieldErrors(error);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const { passwordAgain, ...credentials } = Object.fromEntries(new FormData(event.currentTarget));
    // The first admin's password is typed twice: a typo would lock the console with no admin to reset it.
    const mismatched = mode === 'setup' && passwordAgain !== credentials.password;
    setMismatch(mismatched);
    setError(undefined);
    if (mismatched) return;
    setBusy(true);
    try {
      await apiFetch(mode === 'setup' ? '/api/setup' : '/api/auth/sign-in', { method: 'POST', json: credentials });
      // A full navigation so the console layout renders with the new session cookie.
      window.location.assign(next);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  };

  return (
    <div className="auth-screen">
      <form className="card stack" onSubmit={submit} aria-label={mode === 'setup' ? 'Create the first admin' : 'Sign in'}>
        <div>
          <h1>{mode === 'setup' ? 'Set up xmpp-service' : 'Sign in'}</h1>
          <p className="muted" style={{ margin: 0 }}>
            {mode === 'setup' ? 'No operator exists yet: create the first admin.' : 'xmpp-service console'}
          </p>
        </div>
        <FormError error={error} />
        <Field label="Email" error={fields.email}>
          <input name="email" type="email" autoComplete="username" required autoFocus />
        </Field>
        {mode === 'setup' && (
          <Field label="Name">
            <input name="name" autoComplete="name" />
          </Field>
        )}
        <Field label="Password" error={fields.password}>
          <input name="password" type="password" autoComplete={mode === 'setup' ? 'new-password' : 'current-password'} required />
        </Field>
        {mode === 'setup' && (
          <Field label="Repeat password" error={mismatch ? 'The two passwords do not match.' : undefined}>
            <input name="passwordAgain" type="password" autoComplete="new-password" required />
          </Field>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {mode === 'setup' ? 'Create admin and sign in' : 'Sign in'}
        </button>
      </form>
    </div>
  );
}
