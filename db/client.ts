import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema';

/** The one place that opens a database connection. Everything else receives a `Db`. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  /** 'postgres' when DATABASE_URL points at a server, 'pglite' for the embedded default. */
  driver: 'postgres' | 'pglite';
  describe: string;
  /**
   * How much work may usefully run at once: the pool's connections for PostgreSQL (the worker
   * starts no more commands than this, so none waits inside the driver against its deadline);
   * for PGlite, which runs one query at a time, a few, so that its own queue stays short.
   */
  concurrency: number;
  /**
   * LISTEN on `channel`: `onNotify` gets each NOTIFY payload. `onListening` runs once listening and
   * again after every reconnection of the listening connection (PostgreSQL), when notifications may
   * have been missed meanwhile. Resolves once listening; the returned function stops.
   */
  listen(channel: string, onNotify: (payload: string) => void, onListening: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export const defaultPoolSize = 10;
const pgliteConcurrency = 4;

export const migrationsFolder = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface OpenOptions {
  /** A postgres:// URL; without it the embedded PGlite is used. */
  url?: string;
  /** PGlite data directory; `memory` keeps everything in memory (tests). */
  pgliteDir?: string;
  /** Fail a query after this long instead of hanging when the server is gone. */
  statementTimeoutMs?: number;
  /** PostgreSQL connections (default 10). */
  poolSize?: number;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  const database = options.url ? await openPostgres(options.url, options) : await openPglite(options.pgliteDir ?? 'memory');
  await migrateDatabase(database);
  return database;
}

async function openPostgres(url: string, options: OpenOptions): Promise<Database> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const poolSize = options.poolSize ?? defaultPoolSize;
  const client = postgres(url, {
    max: poolSize,
    onnotice: () => {},
    connect_timeout: 5,
    connection: { statement_timeout: options.statementTimeoutMs ?? 10_000 },
  });
  let listener: ReturnType<typeof postgres> | undefined;
  return {
    db: drizzle({ client, schema }) as unknown as Db,
    driver: 'postgres',
    describe: `PostgreSQL at ${redactUrl(url)}`,
    concurrency: poolSize,
    // postgres.js keeps one connection for LISTEN, re-listens after it breaks and calls onListening
    // again. A client of its own: its reconnection attempts while the server is away would otherwise
    // raise the backoff the query pool waits before reconnecting (postgres.js shares it per client).
    async listen(channel, onNotify, onListening) {
      listener ??= postgres(url, { max: 1, onnotice: () => {}, connect_timeout: 5 });
      const { unlisten } = await listener.listen(channel, onNotify, onListening);
      return unlisten;
    },
    close: async () => {
      await Promise.all([client.end({ timeout: 5 }), listener?.end({ timeout: 5 })]);
    },
  };
}

async function openPglite(dir: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const inMemory = dir === 'memory';
  const releaseLock = inMemory ? () => {} : lockPgliteDir(resolve(dir));
  const client = inMemory ? new PGlite() : new PGlite(resolve(dir));
  await client.waitReady;
  return {
    db: drizzle({ client, schema }) as unknown as Db,
    driver: 'pglite',
    describe: inMemory ? 'embedded PGlite (in memory)' : `embedded PGlite in ${dir}`,
    concurrency: pgliteConcurrency,
    // One process, one connection: a NOTIFY of this process reaches its own listeners on commit.
    async listen(channel, onNotify, onListening) {
      const unlisten = await client.listen(channel, onNotify);
      onListening();
      return () => unlisten();
    },
    close: async () => {
      await client.close();
      releaseLock();
    },
  };
}

/**
 * PGlite is a single-process database: two processes on one data directory would corrupt it.
 * The lock names the owner so that the error can say who holds it.
 */
function lockPgliteDir(dir: string): () => void {
  mkdirSync(dir, { recursive: true });
  const lockFile = join(dir, '..', `${dir.split('/').pop()}.lock`);
  try {
    const owner = Number(readFileSync(lockFile, 'utf8'));
    if (owner && owner !== process.pid && processIsAlive(owner)) {
      throw new Error(
        `The embedded database in ${dir} is in use by process ${owner}. PGlite serves one process: ` +
          'run the console and the worker together with `npm start`, or set DATABASE_URL to share a PostgreSQL server.',
      );
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  writeFileSync(lockFile, String(process.pid));
  return () => rmSync(lockFile, { force: true });
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function migrateDatabase(database: Database): Promise<void> {
  if (database.driver === 'pglite') {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(database.db as never, { migrationsFolder });
  } else {
    const { migrate } = await import('drizzle-orm/postgres-js/migrator');
    await migrate(database.db as never, { migrationsFolder });
  }
}

export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
