'use client';

import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { ApiClientError } from './api';

/** A session that ended while the page was open (expired, revoked, operator disabled): back to sign-in, then here again. */
function signInAgainWhenSessionEnded(error: unknown): void {
  if (!(error instanceof ApiClientError) || error.status !== 401) return;
  const here = window.location.pathname + window.location.search;
  window.location.assign(`/sign-in?next=${encodeURIComponent(here)}`);
}

export function Providers({ children }: { children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          // A refusal (4xx) will not change by asking again; a server or network failure might.
          queries: {
            staleTime: 5_000,
            retry: (failures, error) => failures < 1 && !(error instanceof ApiClientError && error.status < 500),
          },
        },
        queryCache: new QueryCache({ onError: signInAgainWhenSessionEnded }),
        mutationCache: new MutationCache({ onError: signInAgainWhenSessionEnded }),
      }),
  );
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}
