import { openDatabase, type Database, type Db } from '@/db/client';
import { settings } from './config';

/**
 * The process-wide database. The console's server code (bundled by Next.js) and the worker run in
 * one process under `npm start`; keeping the handle on globalThis gives both the same connection.
 */
const processKey = Symbol.for('xmpp-service.database');
type ProcessGlobal = typeof globalThis & { [processKey]?: Promise<Database> };

export function setProcessDatabase(database: Promise<Database>): void {
  (globalThis as ProcessGlobal)[processKey] = database;
}

export async function processDatabase(): Promise<Database> {
  const global = globalThis as ProcessGlobal;
  if (!global[processKey]) {
    const { DATABASE_URL, PGLITE_DIR, DATABASE_POOL_SIZE } = settings();
    global[processKey] = openDatabase({ url: DATABASE_URL, pgliteDir: PGLITE_DIR, poolSize: DATABASE_POOL_SIZE });
  }
  return global[processKey];
}

export async function getDb(): Promise<Db> {
  return (await processDatabase()).db;
}
