'use client';

import Link from 'next/link';
import { useState } from 'react';
import { apiFetch } from './api';
import { useOperator } from './operator';

export function OperatorMenu() {
  const operator = useOperator();
  const [signingOut, setSigningOut] = useState(false);
  const signOut = async () => {
    setSigningOut(true);
    await apiFetch('/api/auth/sign-out', { method: 'POST' }).catch(() => undefined);
    // A full navigation drops every cached query of the signed-out operator.
    window.location.assign('/sign-in');
  };
  return (
    <div className="row" aria-label="Signed-in operator">
      <Link href="/account" title={`${operator.email}: your account and password`}>
        {operator.name || operator.email}
      </Link>
      <span className="badge" data-testid="operator-role">
        {operator.role}
      </span>
      <button type="button" onClick={signOut} disabled={signingOut}>
        Sign out
      </button>
    </div>
  );
}
