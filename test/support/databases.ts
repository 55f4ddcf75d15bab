import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openDatabase, type Database } from '@/db/client';

/** Every repository-level test runs on both: the embedded default and a real PostgreSQL server. */
export const databaseKinds = ['pglite', 'postgres'] as const;
export type DatabaseKind = (typeof databaseKinds)[number];

export const testPostgresAdminUrl = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase extends Database {
  /** For PostgreSQL: the URL of this test's own database (Prosody's SQL store can share it). */
  url?: string;
}

/**
 * A fresh, migrated database: PGlite in memory, or a new database on the PostgreSQL server that
 * `close()` drops. Fails loudly when the server is not there: these tests never skip.
 */
export async function openTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') return openDatabase({ pgliteDir: 'memory' });
  const name = `xs_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(testPostgresAdminUrl, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    await admin.unsafe(`CREATE DATABASE ${name}`);
  } catch (error) {
    await admin.end();
    throw new Error(
      `PostgreSQL is not reachable at ${testPostgresAdminUrl} (${(error as Error).message}). ` +
        'Start it (pg_ctlcluster 15 main start) or point TEST_POSTGRES_URL at a server.',
    );
  }
  const url = new URL(testPostgresAdminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  return {
    ...database,
    url: url.toString(),
    close: async () => {
      await database.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
