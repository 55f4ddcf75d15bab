/**
 * The protocol's reply envelope and roster item, shared by the worker's command handlers and the
 * pure rules they use (version evaluation, the roster sync plan) and the console's simulator.
 */
export interface ErrorMessage {
  message: string;
  downloadLink?: string;
}

/** The spec's response envelope; commands add their own fields beside it. */
export interface ResponsePayload {
  status: number;
  errorCode: string | null;
  errorMessage: ErrorMessage[];
  [field: string]: unknown;
}

export function ok(fields: Record<string, unknown> = {}): ResponsePayload {
  return { status: 0, errorCode: null, errorMessage: [], ...fields };
}

export function failure(errorCode: string, message: string, fields: Record<string, unknown> = {}): ResponsePayload {
  return { status: 1, errorCode, errorMessage: [{ message }], ...fields };
}

/** A roster item as RFC 6121 has it (XEP-0356 access is scoped to the sender by the worker). */
export interface RosterItem {
  jid: string;
  name?: string;
  subscription: 'none' | 'to' | 'from' | 'both' | 'remove';
  groups: string[];
}
