import postgres from 'postgres';
import { log } from '../log';
import { inSlices } from '../turns';
import type { AccountDirectory, ProsodyStore } from './account-directory';

export interface SqlAccountDirectoryOptions {
  /** A query that takes longer fails, so a command answers SQL_ERROR instead of hanging. */
  statementTimeoutMs?: number;
}

export interface ProsodySqlAccountDirectoryOptions extends SqlAccountDirectoryOptions {
  /** At most one listing of a host's accounts per this long (and per 20 times the last one's duration). */
  relistMs?: number;
}

/** Listings take at most 1/20 of the time: a host whose listing took 80 ms is listed at most every 1.6 s. */
const relistIntervalInListings = 20;
/** PostgreSQL's SQLSTATE for a table that does not exist. */
const undefinedTableCode = '42P01';
/** After a listing failed (a user that may not install the counter, an outage), one warning a minute at most. */
const relistAfterFailureMs = 60_000;

/** A small pool of its own for an XMPP server's database, which need not be the project's. */
function accountStorePool(url: string, options: SqlAccountDirectoryOptions): postgres.Sql {
  return postgres(url, {
    max: 2,
    onnotice: () => {},
    connect_timeout: 5,
    idle_timeout: 60,
    connection: { statement_timeout: options.statementTimeoutMs ?? 5_000 },
  });
}

const changeTriggers: Record<string, string> = {
  xmpp_service_accounts_inserted: 'AFTER INSERT ON prosody REFERENCING NEW TABLE AS changed_rows',
  xmpp_service_accounts_updated: 'AFTER UPDATE ON prosody REFERENCING NEW TABLE AS changed_rows',
  xmpp_service_accounts_deleted: 'AFTER DELETE ON prosody REFERENCING OLD TABLE AS changed_rows',
  xmpp_service_accounts_truncated: 'AFTER TRUNCATE ON prosody',
};

/**
 * What the product adds to Prosody's database, once, so that a listing of its accounts can be
 * known to be current: a counter that every statement changing an account row moves, in that
 * statement's own transaction (statement-level triggers with transition tables: a bulk load moves
 * it once, and writes to other stores, rosters and the like, do not move it at all).
 *
 * One statement, so its lock on Prosody's table lasts only while the server runs it: a transaction
 * of several round trips would hold that lock while this process is busy, and every write of
 * Prosody (a registration, a roster change) would wait for it.
 */
const installCounter = `
DO $install$
BEGIN
  -- Workers that start together install it one at a time.
  PERFORM pg_advisory_xact_lock(hashtext('xmpp_service_account_changes'));
  CREATE TABLE IF NOT EXISTS xmpp_service_account_changes (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    version bigint NOT NULL
  );
  -- Starts from the clock, not 0: a counter dropped and created again never repeats a version that
  -- a listing of before may still carry.
  INSERT INTO xmpp_service_account_changes (version)
  VALUES ((extract(epoch FROM clock_timestamp()) * 1000000)::bigint) ON CONFLICT DO NOTHING;
  CREATE OR REPLACE FUNCTION xmpp_service_count_account_change() RETURNS trigger LANGUAGE plpgsql AS $count$
  BEGIN
    IF TG_OP <> 'TRUNCATE' THEN
      IF NOT EXISTS (SELECT 1 FROM changed_rows WHERE store = 'accounts') THEN RETURN NULL; END IF;
    END IF;
    -- Prosody's own write must never fail because of the product: without the table, it goes on.
    BEGIN
      UPDATE xmpp_service_account_changes SET version = version + 1;
    EXCEPTION WHEN undefined_table THEN NULL;
    END;
    RETURN NULL;
  END $count$;
${Object.entries(changeTriggers)
  .map(
    ([name, when]) => `  IF NOT EXISTS (SELECT 1 FROM pg_trigger WHERE tgrelid = 'prosody'::regclass AND tgname = '${name}') THEN
    CREATE TRIGGER ${name} ${when} FOR EACH STATEMENT EXECUTE FUNCTION xmpp_service_count_account_change();
  END IF;`,
  )
  .join('\n')}
END $install$;
`;

async function installChangeCounter(sql: postgres.Sql): Promise<void> {
  await sql.unsafe(installCounter);
}

interface Listing {
  version: string;
  users: Set<string>;
}

/**
 * Prosody's SQL store in PostgreSQL: table `prosody(host, "user", store, key, type, value)`, where
 * an account is several rows with store = 'accounts'.
 *
 * A lookup answers for the moment of the request. While the accounts are unchanged it costs one
 * read of the change counter and a set lookup per name, from a listing of the host's accounts
 * read in the same snapshot as the counter, so the listing is exact while the counter has not
 * moved. Otherwise it probes Prosody's index once per name in one query (~4 µs each), and the
 * host is listed again after that answer: at most once per `relistMs`, and so that listing a host
 * takes at most 1/20 of the time, however many accounts it has and however often they change. A
 * lookup of that host that arrives meanwhile waits for the listing, as in the file store (the
 * command's deadline bounds that wait, as every other). Where the counter cannot be installed (a
 * database user that may not create tables or triggers), every lookup probes, and listing is tried
 * again a minute later.
 */
export function openSqlAccountDirectory(url: string, options: ProsodySqlAccountDirectoryOptions = {}): ProsodyStore {
  const sql = accountStorePool(url, options);
  const relistMs = options.relistMs ?? 1_000;
  const listings = new Map<string, Listing>();
  /** When each host may be listed again. */
  const nextListing = new Map<string, number>();
  const relisting = new Map<string, Promise<void>>();
  let counterInstalled: Promise<void> | undefined;

  const probe = async (domain: string, localparts: string[]) => {
    // One round trip for the whole list: one probe of Prosody's index on (host, "user", store, key)
    // per name. Written as `"user" = ANY(…)` instead, PostgreSQL scans every account row (measured:
    // 34 ms against 19 ms for 5,000 names among 100,000 accounts).
    const rows = await sql<{ user: string }[]>`
      SELECT name AS "user" FROM unnest(${localparts}::text[]) AS name
      WHERE EXISTS (SELECT 1 FROM prosody WHERE host = ${domain} AND "user" = name AND store = 'accounts')`;
    return new Set(rows.map((row) => row.user));
  };
  const currentVersion = async () => {
    try {
      const [row] = await sql<{ version: string }[]>`SELECT version FROM xmpp_service_account_changes`;
      return row?.version;
    } catch (error) {
      // The counter is gone (dropped by hand?): install it again with the next listing. Any other
      // failure (an outage, a timeout) leaves it be. Either way this lookup probes.
      if ((error as { code?: string }).code === undefinedTableCode) counterInstalled = undefined;
      return undefined;
    }
  };
  const relist = async (domain: string) => {
    const started = Date.now();
    await (counterInstalled ??= installChangeCounter(sql).catch((error: unknown) => {
      counterInstalled = undefined;
      throw error;
    }));
    await sql.begin('ISOLATION LEVEL REPEATABLE READ READ ONLY', async (tx) => {
      const [counter] = await tx<{ version: string }[]>`SELECT version FROM xmpp_service_account_changes`;
      const users = new Set<string>();
      // In batches, so that reading 100,000 names never holds the event loop for long.
      await tx<{ user: string }[]>`SELECT DISTINCT "user" FROM prosody WHERE host = ${domain} AND store = 'accounts'`.cursor(
        5_000,
        (rows) => {
          for (const row of rows) users.add(row.user);
        },
      );
      if (counter !== undefined) listings.set(domain, { version: counter.version, users });
    });
    nextListing.set(domain, started + Math.max(relistMs, (Date.now() - started) * relistIntervalInListings));
  };

  return {
    async registered(domain, localparts) {
      if (localparts.length === 0) return new Set();
      await relisting.get(domain);
      const listing = listings.get(domain);
      if (listing !== undefined && (await currentVersion()) === listing.version) {
        const found = new Set<string>();
        await inSlices(localparts, (slice) => {
          for (const localpart of slice) if (listing.users.has(localpart)) found.add(localpart);
        });
        return found;
      }
      listings.delete(domain);
      const found = await probe(domain, localparts);
      if (!relisting.has(domain) && Date.now() >= (nextListing.get(domain) ?? 0)) {
        nextListing.set(domain, Date.now() + relistMs);
        const listed = relist(domain)
          .catch((error: unknown) => {
            nextListing.set(domain, Date.now() + relistAfterFailureMs);
            log.warn('account_listing_failed', { domain, err: error, consequence: 'lookups probe the index; listing again in a minute' });
          })
          .finally(() => relisting.delete(domain));
        relisting.set(domain, listed);
      }
      return found;
    },
    // Hashed where the rows are: one index range read, a few dozen bytes over the wire.
    async rosterFingerprint(domain, localpart) {
      const [roster] = await sql<{ rows: number; hash: string | null }[]>`
        SELECT count(*)::int AS rows,
               md5(string_agg(concat_ws(chr(31), key, type, value), chr(30) ORDER BY key)) AS hash
        FROM prosody WHERE host = ${domain} AND "user" = ${localpart} AND store = 'roster'`;
      return roster && roster.rows > 0 && roster.hash !== null ? `${roster.rows}:${roster.hash}` : undefined;
    },
    close: () => sql.end({ timeout: 5 }),
  };
}

/**
 * ejabberd's SQL storage in PostgreSQL: table `users`, one row per account. In the default schema
 * (`/usr/share/ejabberd/sql/pg.sql`) it has no host column, so the database holds the accounts of
 * one host; with `new_sql_schema` its `server_host` column names the host, and the lookup uses it.
 */
export function openEjabberdSqlAccountDirectory(url: string, options: SqlAccountDirectoryOptions = {}): AccountDirectory {
  const sql = accountStorePool(url, options);
  let hasHostColumn: Promise<boolean> | undefined;
  const multiHost = () =>
    (hasHostColumn ??= sql`
      SELECT 1 FROM information_schema.columns
      WHERE table_name = 'users' AND column_name = 'server_host' AND table_schema = current_schema()`.then(
      (rows) => rows.length > 0,
      (error: unknown) => {
        hasHostColumn = undefined;
        throw error;
      },
    ));
  return {
    async registered(domain, localparts) {
      if (localparts.length === 0) return new Set();
      // The primary key answers each name: 5,000 names in a few milliseconds.
      const rows = (await multiHost())
        ? await sql<{ user: string }[]>`
            SELECT name AS "user" FROM unnest(${localparts}::text[]) AS name
            WHERE EXISTS (SELECT 1 FROM users WHERE server_host = ${domain} AND username = name)`
        : await sql<{ user: string }[]>`
            SELECT name AS "user" FROM unnest(${localparts}::text[]) AS name
            WHERE EXISTS (SELECT 1 FROM users WHERE username = name)`;
      return new Set(rows.map((row) => row.user));
    },
    close: () => sql.end({ timeout: 5 }),
  };
}
