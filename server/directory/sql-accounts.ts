import postgres from 'postgres';
import type { AccountDirectory } from './account-directory';

export interface SqlAccountDirectoryOptions {
  /** A query that takes longer fails, so a command answers SQL_ERROR instead of hanging. */
  statementTimeoutMs?: number;
}

/**
 * Prosody's SQL store in PostgreSQL: table `prosody(host, "user", store, key, type, value)`, where
 * an account is several rows with store = 'accounts'. A small pool of its own, because Prosody's
 * database need not be the project's.
 */
export function openSqlAccountDirectory(url: string, options: SqlAccountDirectoryOptions = {}): AccountDirectory {
  const sql = postgres(url, {
    max: 2,
    onnotice: () => {},
    connect_timeout: 5,
    idle_timeout: 60,
    connection: { statement_timeout: options.statementTimeoutMs ?? 5_000 },
  });
  return {
    async registered(domain, localparts) {
      if (localparts.length === 0) return new Set();
      // One round trip for the whole list, served by Prosody's index on (host, "user", store, key).
      const rows = await sql<{ user: string }[]>`
        SELECT DISTINCT "user" FROM prosody
        WHERE host = ${domain} AND store = 'accounts' AND "user" = ANY(${localparts}::text[])`;
      return new Set(rows.map((row) => row.user));
    },
    close: () => sql.end({ timeout: 5 }),
  };
}
