'use client';

import { useQuery } from '@tanstack/react-query';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { apiFetch } from './api';

interface DomainRow {
  id: number;
  name: string;
}

export function useDomains() {
  return useQuery({ queryKey: ['domains'], queryFn: () => apiFetch<{ domains: DomainRow[] }>('/api/domains') });
}

/** The domain a page works on: `?domain=` in the URL, else the first one. */
export function useSelectedDomain(): string | undefined {
  const params = useSearchParams();
  const { data } = useDomains();
  return params.get('domain') ?? data?.domains[0]?.name;
}

export function DomainSwitcher() {
  const { data } = useDomains();
  const selected = useSelectedDomain();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  if (!data || data.domains.length === 0) return null;
  return (
    <label className="row" style={{ margin: 0 }}>
      <span className="muted">Domain</span>
      <select
        aria-label="Domain"
        value={selected}
        onChange={(event) => {
          const next = new URLSearchParams(params);
          next.set('domain', event.target.value);
          router.push(`${pathname}?${next.toString()}`);
        }}
      >
        {data.domains.map((domain) => (
          <option key={domain.id} value={domain.name}>
            {domain.name}
          </option>
        ))}
      </select>
    </label>
  );
}
