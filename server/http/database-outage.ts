import { log } from '../log';
import { isDatabaseUnreachable, unreachableReason, withDatabaseDeadline } from '../database-errors';

/**
 * The console with its database gone: every request's first read (the session, the operator
 * count) is bounded, and a database that refuses or stays silent is answered as "unavailable"
 * (pages: a page that says so and comes back by itself; API: 503 with the same words), never a
 * stack trace, a blank page, or a request that hangs.
 */
export const consoleDatabaseDeadlineMs = 2_000;

export const databaseUnavailableMessage =
  'The database is unavailable, so the console can neither show nor save anything right now. Nothing is lost: try again in a moment.';

export function firstDatabaseRead<T>(read: Promise<T>): Promise<T> {
  return withDatabaseDeadline(read, consoleDatabaseDeadlineMs);
}

export type PageRead<T> = { available: true; value: T } | { available: false };

/** A server-rendered page's first read: its value, or `available: false` when the database is unreachable. */
export async function pageDatabaseRead<T>(read: () => Promise<T>): Promise<PageRead<T>> {
  try {
    return { available: true, value: await firstDatabaseRead(read()) };
  } catch (err) {
    if (!isDatabaseUnreachable(err)) throw err;
    log.warn('page.database_unavailable', { reason: unreachableReason(err) });
    return { available: false };
  }
}
