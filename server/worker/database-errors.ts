import { DrizzleQueryError } from 'drizzle-orm/errors';
import { DeadlineExceeded, withDeadline } from './deadline';

/** postgres.js connection failures, and the socket errors under them. */
const connectionCodes = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
]);

/**
 * Whether an error came from the database (a failed query, or a connection that is gone), so the
 * client is told SQL_ERROR rather than an internal error. Follows the `cause` chain, as drizzle
 * wraps the driver's error.
 */
export function isDatabaseError(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    if (current instanceof DrizzleQueryError || current instanceof DatabaseTimeout || current.name === 'PostgresError') return true;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && connectionCodes.has(code)) return true;
  }
  return false;
}

/** The database did not answer a read within its bound (a server that hangs rather than refuses). */
export class DatabaseTimeout extends Error {
  constructor(ms: number) {
    super(`the database did not answer within ${ms} ms`);
    this.name = 'DatabaseTimeout';
  }
}

/** A database read that fails as a database error when it takes longer than `ms`. */
export async function withDatabaseDeadline<T>(read: Promise<T>, ms: number): Promise<T> {
  try {
    return await withDeadline(read, ms);
  } catch (error) {
    throw error instanceof DeadlineExceeded ? new DatabaseTimeout(ms) : error;
  }
}
