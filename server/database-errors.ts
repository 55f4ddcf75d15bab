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
 * client is told SQL_ERROR rather than an internal error.
 */
export function isDatabaseError(error: unknown): boolean {
  return (
    isDatabaseUnreachable(error) ||
    causes(error).some((current) => current instanceof DrizzleQueryError || current.name === 'PostgresError')
  );
}

/**
 * Whether the database could not be reached at all (refused, reset, or silent past a deadline),
 * as opposed to a query it answered with an error: the console says "the database is unavailable".
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  return causes(error).some((current) => {
    const code = (current as { code?: unknown }).code;
    return current instanceof DatabaseTimeout || (typeof code === 'string' && connectionCodes.has(code));
  });
}

/**
 * Why the database could not be reached, for logs and health answers: the driver's code
 * (ECONNREFUSED, CONNECT_TIMEOUT…) or the deadline, never the query, its parameters or an address.
 */
export function unreachableReason(error: unknown): string {
  for (const current of causes(error)) {
    if (current instanceof DatabaseTimeout) return current.message;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && connectionCodes.has(code)) return code;
  }
  return 'not reachable';
}

/** The error and the ones it wraps (drizzle wraps the driver's error in `cause`). */
function causes(error: unknown): Error[] {
  const chain: Error[] = [];
  for (let current = error; current instanceof Error && chain.length < 5; current = current.cause) chain.push(current);
  return chain;
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
