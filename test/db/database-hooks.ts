import { afterAll, beforeAll } from 'vitest';
import type { Db } from '@/db/client';
import { openTestDatabase, type DatabaseKind } from '../support/databases';

/** A fresh database of `kind` for the enclosing describe: opened before its tests, closed (dropped) after. */
export function useTestDb(kind: DatabaseKind): () => Db {
  let database: Awaited<ReturnType<typeof openTestDatabase>> | undefined;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.close();
  });
  return () => {
    if (!database) throw new Error(`the ${kind} test database did not open`);
    return database.db;
  };
}
