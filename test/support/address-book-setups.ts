import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import type { DatabaseKind } from './databases';
import { servedDomain, type XmppHarness } from './xmpp-harness';
import { encodeProsodyPathPart } from '@/server/directory/prosody-path-encoding';

/**
 * The two ways the address book commands find Prosody's accounts, each with one of the project's
 * databases: the file store (development without PostgreSQL) on PGlite, the SQL store in the test's
 * PostgreSQL database on PostgreSQL.
 */
export const accountStoreSetups: ReadonlyArray<{ name: string; database: DatabaseKind; prosodyStorage: 'internal' | 'sql' }> = [
  { name: 'Prosody file store, PGlite', database: 'pglite', prosodyStorage: 'internal' },
  { name: 'Prosody SQL store, PostgreSQL', database: 'postgres', prosodyStorage: 'sql' },
];

/**
 * Makes the account store unreadable until the returned function puts it back: the SQL table is
 * renamed, the file store's accounts directory is moved away (renames, because tests run as root,
 * whom file permissions do not stop).
 */
export async function breakAccountStore(harness: XmppHarness): Promise<() => Promise<void>> {
  if (harness.accountStore.startsWith('sql:')) {
    const sql = postgres(harness.accountStore.slice('sql:'.length), { max: 1, onnotice: () => {} });
    await sql`ALTER TABLE prosody RENAME TO prosody_unreachable`;
    return async () => {
      await sql`ALTER TABLE prosody_unreachable RENAME TO prosody`;
      await sql.end();
    };
  }
  const accounts = join(harness.prosody.dataPath, encodeProsodyPathPart(servedDomain), 'accounts');
  renameSync(accounts, `${accounts}.away`);
  // A file where the directory was: a missing directory would read as "no accounts yet".
  writeFileSync(accounts, '');
  return async () => {
    rmSync(accounts);
    renameSync(`${accounts}.away`, accounts);
  };
}
