'use client';

import { ApiClientError } from './api';

/** Field messages from an API 400 (`details: [{ path, message }]`), keyed by field path. */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiClientError) || !Array.isArray(error.details)) return {};
  const errors: Record<string, string> = {};
  for (const detail of error.details as { path?: unknown; message?: unknown }[]) {
    if (typeof detail.path === 'string' && typeof detail.message === 'string') errors[detail.path] ??= detail.message;
  }
  return errors;
}

/** The sentence to show for any failed request: the server's own message, never a stack trace. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiClientError) return error.message;
  return 'The console could not reach the server. Check that it is running and try again.';
}
