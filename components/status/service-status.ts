import { useQuery } from '@tanstack/react-query';
import { apiFetch } from '../api';

/** The JSON of GET /api/status (server/status/service-status.ts), as the console reads it. */
export interface WorkerView {
  workerId: string;
  componentJid: string;
  service: string;
  connected: boolean;
  connectedSince: string | null;
  heartbeatAt: string;
  stale: boolean;
  lastError: string | null;
  lastErrorAt: string | null;
}

export interface ServiceStatus {
  connected: boolean;
  problem: string | null;
  workers: WorkerView[];
  recentErrors: { at: string; workerId: string; message: string }[];
  commands: { command: string; count: number; errors: number; avgMs: number; maxMs: number }[];
  checkedAt: string;
}

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
