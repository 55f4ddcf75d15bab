import { createHash, createHmac, pbkdf2Sync, randomBytes, randomUUID } from 'node:crypto';
import { chownSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import postgres from 'postgres';
import type { Account, XmppHarness } from './xmpp-harness';
import { encodeProsodyPathPart } from '@/server/directory/prosody-path-encoding';

/** What Prosody 0.12's internal_hashed auth keeps per account (SCRAM-SHA-1, RFC 5802). */
interface ScramCredentials {
  salt: string;
  iterationCount: number;
  storedKey: string;
  serverKey: string;
}

/** The credentials `prosodyctl register` derives for a password: a UUID salt and 10,000 rounds. */
function scramCredentials(password: string): ScramCredentials {
  const salt = randomUUID();
  const iterationCount = 10_000;
  const salted = pbkdf2Sync(password, salt, iterationCount, 20, 'sha1');
  const hmac = (key: Buffer, text: string) => createHmac('sha1', key).update(text).digest();
  return {
    salt,
    iterationCount,
    storedKey: createHash('sha1').update(hmac(salted, 'Client Key')).digest('hex'),
    serverKey: hmac(salted, 'Server Key').toString('hex'),
  };
}

/** An account file byte for byte as Prosody's util/serialization writes it. */
function accountFile(credentials: ScramCredentials): string {
  return (
    'return {\n' +
    `\t["iteration_count"] = ${credentials.iterationCount};\n` +
    `\t["server_key"] = "${credentials.serverKey}";\n` +
    `\t["salt"] = "${credentials.salt}";\n` +
    `\t["stored_key"] = "${credentials.storedKey}";\n` +
    '};\n'
  );
}

/**
 * Creates many accounts at once directly in the harness Prosody's own store, in exactly the form
 * `prosodyctl register` leaves them (checked against it: one `.dat` file per account in the file
 * store, four rows per account in the SQL store), because prosodyctl takes ~0.1 s per account.
 * Every account gets the same password (PBKDF2 once, not 100,000 times); any of them can log in,
 * which is how callers prove the format right.
 */
export async function createProsodyAccounts(
  harness: XmppHarness,
  domain: string,
  localparts: readonly string[],
): Promise<(local: string) => Account> {
  const password = randomBytes(9).toString('base64url');
  const credentials = scramCredentials(password);
  if (harness.accountStore.startsWith('sql:')) {
    // Prosody creates its table on first use: one account registered its own way makes it do so.
    harness.registerAccount({ domain });
    await insertAccountRows(harness.accountStore.slice('sql:'.length), domain, localparts, credentials);
  } else writeAccountFiles(harness.prosody.dataPath, domain, localparts, credentials);
  return (local) => ({ local, domain, jid: `${local}@${domain}`, password });
}

function writeAccountFiles(dataPath: string, domain: string, localparts: readonly string[], credentials: ScramCredentials): void {
  // Prosody (run as its own user when we are root) must be able to rewrite and delete them.
  const owner = statSync(dataPath);
  const hostDir = join(dataPath, encodeProsodyPathPart(domain));
  const accountsDir = join(hostDir, 'accounts');
  mkdirSync(accountsDir, { recursive: true });
  for (const dir of [hostDir, accountsDir]) chownSync(dir, owner.uid, owner.gid);
  const content = accountFile(credentials);
  for (const local of localparts) {
    const file = join(accountsDir, `${encodeProsodyPathPart(local)}.dat`);
    writeFileSync(file, content);
    chownSync(file, owner.uid, owner.gid);
  }
}

async function insertAccountRows(url: string, domain: string, localparts: readonly string[], credentials: ScramCredentials): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const fields = [
      ['salt', 'string', credentials.salt],
      ['stored_key', 'string', credentials.storedKey],
      ['iteration_count', 'number', String(credentials.iterationCount)],
      ['server_key', 'string', credentials.serverKey],
    ];
    await sql`
      INSERT INTO prosody (host, "user", store, key, type, value)
      SELECT ${domain}, account.local, 'accounts', field.key, field.type, field.value
      FROM unnest(${localparts as string[]}::text[]) AS account(local)
      CROSS JOIN unnest(${fields.map((field) => field[0]!)}::text[], ${fields.map((field) => field[1]!)}::text[], ${fields.map((field) => field[2]!)}::text[])
        AS field(key, type, value)`;
    // What autovacuum does soon after a bulk load on a real server: the planner sees the table's size.
    await sql`ANALYZE prosody`;
  } finally {
    await sql.end();
  }
}
