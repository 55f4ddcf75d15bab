import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountDirectory } from '@/server/directory/account-directory';
import { openSqlAccountDirectory } from '@/server/directory/sql-accounts';
import { openTestDatabase, type TestDatabase } from '../support/databases';

const domain = 'served.test';

describe("the lookup in Prosody's SQL store (PostgreSQL)", () => {
  let database: TestDatabase;
  let sql: postgres.Sql;
  let directory: AccountDirectory;
  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    sql = postgres(database.url!, { max: 1, onnotice: () => {} });
    // The table as Prosody's mod_storage_sql creates it.
    await sql`CREATE TABLE prosody (host TEXT, "user" TEXT, store TEXT, key TEXT, type TEXT, value TEXT)`;
    await sql`CREATE UNIQUE INDEX prosody_index ON prosody (host, "user", store, key)`;
  });
  afterAll(async () => {
    await directory?.close();
    await sql?.end();
    await database?.close();
  });

  const register = (user: string, host = domain) =>
    sql`INSERT INTO prosody VALUES (${host}, ${user}, 'accounts', 'salt', 'string', 'x'), (${host}, ${user}, 'accounts', 'server_key', 'string', 'y')`;
  const unregister = (user: string) => sql`DELETE FROM prosody WHERE host = ${domain} AND "user" = ${user} AND store = 'accounts'`;
  const lookUp = (...users: string[]) => directory.registered(domain, users).then((found) => [...found].sort());
  it('answers from its listing while no account changed, and exactly after every change', async () => {
    await register('alice');
    await register('bob');
    await register('alice', 'other.test');
    directory = openSqlAccountDirectory(database.url!, { relistMs: 0 });
    expect(await lookUp('alice', 'bob', 'carol')).toEqual(['alice', 'bob']);
    // The host is listed after that answer; this lookup waits for the listing.
    expect(await lookUp('alice')).toEqual(['alice']);

    // An account added with the product's triggers switched off: the listing does not see it,
    // which shows the answer came from the listing. Prosody never writes with triggers off.
    await sql.begin(async (tx) => {
      await tx`SET LOCAL session_replication_role = replica`;
      await tx`INSERT INTO prosody VALUES (${domain}, 'carol', 'accounts', 'salt', 'string', 'x')`;
    });
    expect(await lookUp('alice', 'bob', 'carol')).toEqual(['alice', 'bob']);

    // Every real change moves the counter: the next lookup is exact at once.
    await unregister('alice');
    expect(await lookUp('alice', 'bob', 'carol')).toEqual(['bob', 'carol']);
    await register('dave');
    expect(await lookUp('alice', 'dave')).toEqual(['dave']);
    await sql`TRUNCATE prosody`;
    expect(await lookUp('bob', 'dave')).toEqual([]);
  });

  it('leaves the counter alone when other stores change, and the counter is installed once for many directories', async () => {
    const [before] = await sql<{ version: string }[]>`SELECT version FROM xmpp_service_account_changes`;
    await sql`INSERT INTO prosody VALUES (${domain}, 'bob', 'roster', 'carol@served.test', 'json', '{}')`;
    await sql`UPDATE prosody SET value = '{"name":"Carol"}' WHERE store = 'roster'`;
    await sql`DELETE FROM prosody WHERE store = 'roster'`;
    const [after] = await sql<{ version: string }[]>`SELECT version FROM xmpp_service_account_changes`;
    expect(after!.version).toBe(before!.version);

    const others = Array.from({ length: 3 }, () => openSqlAccountDirectory(database.url!, { relistMs: 0 }));
    await register('erin');
    await Promise.all(others.map((other) => other.registered(domain, ['erin'])));
    // A second lookup each waits for its listing, so every one has installed the counter by then.
    expect(await Promise.all(others.map((other) => other.registered(domain, ['erin'])))).toEqual(others.map(() => new Set(['erin'])));
    await Promise.all(others.map((other) => other.close()));
    const triggers = await sql`SELECT tgname FROM pg_trigger WHERE tgname LIKE 'xmpp_service_accounts_%'`;
    expect(triggers).toHaveLength(4);
  });

  it('answers exactly, probing every time, for a database user that may not install the counter', async () => {
    const reader = `xs_reader_${process.pid}`;
    // With a password: Debian's own pg_hba.conf trusts only the postgres user (.ci/postgres.sh).
    await sql.unsafe(`CREATE ROLE ${reader} LOGIN PASSWORD '${reader}-password'`);
    try {
      await sql.unsafe(`GRANT SELECT ON prosody TO ${reader}`);
      const url = new URL(database.url!);
      url.username = reader;
      url.password = `${reader}-password`;
      const readOnly = openSqlAccountDirectory(url.toString(), { relistMs: 0 });
      try {
        await register('frank');
        expect(await readOnly.registered(domain, ['frank', 'grace'])).toEqual(new Set(['frank']));
        await register('grace');
        expect(await readOnly.registered(domain, ['frank', 'grace'])).toEqual(new Set(['frank', 'grace']));
        await unregister('frank');
        expect(await readOnly.registered(domain, ['frank', 'grace'])).toEqual(new Set(['grace']));
      } finally {
        await readOnly.close();
      }
    } finally {
      await sql.unsafe(`DROP OWNED BY ${reader}`);
      await sql.unsafe(`DROP ROLE ${reader}`);
    }
  });

  it("never fails Prosody's own writes, even once the counter's table is dropped by hand, and stays exact", async () => {
    const lookups = openSqlAccountDirectory(database.url!, { relistMs: 0 });
    try {
      await register('heidi');
      expect(await lookups.registered(domain, ['heidi'])).toEqual(new Set(['heidi']));
      await sql`DROP TABLE xmpp_service_account_changes`;
      await register('ivan');
      await unregister('heidi');
      expect(await lookups.registered(domain, ['heidi', 'ivan'])).toEqual(new Set(['ivan']));
      await register('judy');
      expect(await lookups.registered(domain, ['heidi', 'ivan', 'judy'])).toEqual(new Set(['ivan', 'judy']));
    } finally {
      await lookups.close();
    }
  });
});
