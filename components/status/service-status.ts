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

/** One query for the status page and the header's alert, so both always agree. */
export function useServiceStatus() {
  return useQuery({
    queryKey: ['status'],
    queryFn: () => apiFetch<ServiceStatus>('/api/status'),
    refetchInterval: 5_000,
  });
}

export function liveWorker(status: ServiceStatus): WorkerView | undefined {
  return status.workers.find((worker) => worker.connected && !worker.stale);
}
