import { useQuery } from '@tanstack/react-query';

/** The JSON of GET /api/health (server/status/health.ts), as the console reads it. */
export interface Health {
  ok: boolean;
  down: Array<'database' | 'xmpp'>;
  database: { ok: boolean; detail: string };
  xmpp: { ok: boolean; detail: string };
  checkedAt: string;
}

/** Polls /api/health, whose 503 is an answer (what is down), not a failure. */
export function useHealth(refetchIntervalMs: number) {
  return useQuery({
    queryKey: ['health'],
    queryFn: async () => (await fetch('/api/health', { cache: 'no-store' })).json() as Promise<Health>,
    refetchInterval: refetchIntervalMs,
  });
}
