import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import type { DatabaseKind } from './databases';
import { servedDomain, type HarnessOptions, type XmppHarness } from './xmpp-harness';
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

/** The address-book suites' servers: Prosody's two stores, and ejabberd with its accounts in SQL. */
export const addressBookSetups: ReadonlyArray<{ name: string; options: HarnessOptions }> = [
  ...accountStoreSetups.map(({ name, database, prosodyStorage }) => ({ name, options: { database, prosodyStorage } })),
  { name: 'ejabberd SQL accounts, PostgreSQL', options: { database: 'postgres', server: 'ejabberd', ejabberdAccounts: 'sql' } },
];

const isEjabberd = (harness: XmppHarness) => harness.workerTarget.server.kind === 'ejabberd';

/** Runs `statement` on the database of the harness's SQL account store. */
async function onAccountStore(harness: XmppHarness, statement: (sql: postgres.Sql) => Promise<unknown>): Promise<void> {
  const sql = postgres(harness.accountStore.slice('sql:'.length), { max: 1, onnotice: () => {} });
  try {
    await statement(sql);
  } finally {
    await sql.end();
  }
}

/**
 * Deletes an account from the store behind the running server's back (prosodyctl from its own
 * process; a DELETE in ejabberd's users table): the server keeps the account's open session.
 */
export async function deleteAccountBehindServer(harness: XmppHarness, account: { local: string; domain: string }): Promise<void> {
  if (!isEjabberd(harness)) return harness.prosody.deleteUser(account.local, account.domain);
  await onAccountStore(harness, (sql) => sql`DELETE FROM users WHERE username = ${account.local}`);
}

/**
 * Makes the account store unreadable until the returned function puts it back: the SQL table is
 * renamed, the file store's accounts directory is moved away (renames, because tests run as root,
 * whom file permissions do not stop).
 */
export async function breakAccountStore(harness: XmppHarness): Promise<() => Promise<void>> {
  if (isEjabberd(harness)) {
    await onAccountStore(harness, (sql) => sql`ALTER TABLE users RENAME TO users_unreachable`);
    return () => onAccountStore(harness, (sql) => sql`ALTER TABLE users_unreachable RENAME TO users`);
  }
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
