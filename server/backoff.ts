export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

/** The wait before retry `attempt` (0-based): doubling from initialMs, capped at maxMs. */
export function backoffDelay(attempt: number, { initialMs, maxMs }: BackoffOptions): number {
  return Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
}
