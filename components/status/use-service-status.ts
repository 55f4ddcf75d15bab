import { useQuery } from '@tanstack/react-query';
import type { Jsonified } from '@/lib/jsonified';
import type { ServiceStatus as StoredServiceStatus } from '@/server/status/service-status';
import { apiFetch } from '../api';

/** The JSON of GET /api/status, as the console reads it. */
export type ServiceStatus = Jsonified<StoredServiceStatus>;
export type WorkerView = ServiceStatus['workers'][number];

/**
 * One query for the status page and the pages' alert, so both always agree. The status page
 * refreshes every 5 s; the alert, open on every page, every 30 s (TanStack Query keeps the shorter).
 */
export function useServiceStatus(refetchIntervalMs: number) {
  return useQuery({
    queryKey: ['status'],
    queryFn: () => apiFetch<ServiceStatus>('/api/status'),
    refetchInterval: refetchIntervalMs,
  });
}

export function liveWorker(status: ServiceStatus): WorkerView | undefined {
  return status.workers.find((worker) => worker.connected && !worker.stale);
}
