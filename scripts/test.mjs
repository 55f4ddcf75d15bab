#!/usr/bin/env node
// `npm test`: every check the project has, in order, stopping at the first failure.
// Programs the tests need are checked first, each missing one named with how to install it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';

const postgresUrl = new URL(process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');

function have(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

function reachable(host, port) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(3000, () => (socket.destroy(), resolve(false)));
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/**
 * Whether the test server lets the tests in: a refused login is its own problem (pg_hba.conf or a
 * password), not an unreachable server. Undefined when it answers; otherwise what to tell the user.
 */
async function postgresRefusal(url) {
  const { default: postgres } = await import('postgres');
  const sql = postgres(url.toString(), { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    await sql`select 1`;
    return undefined;
  } catch (error) {
    const where = `${url.username || 'postgres'}@${url.host}`;
    const authentication = ['28P01', '28000'].includes(error.code) || /password|authentication|SASL/i.test(error.message);
    return authentication
      ? `PostgreSQL at ${url.host} refused ${where} (${error.message}): the tests need a server that accepts this user ` +
          'from 127.0.0.1 without a password (a "trust" line in pg_hba.conf), or TEST_POSTGRES_URL naming one with its password'
      : `PostgreSQL at ${url.host} answered ${where} with an error: ${error.message}`;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

const missing = [];
if (!have('prosody') || !have('prosodyctl'))
  missing.push('Prosody is missing: apt-get install -y prosody prosody-modules lua-dbi-postgresql');
else if (!existsSync('/usr/lib/prosody/modules/mod_privilege'))
  missing.push('mod_privilege is missing: apt-get install -y prosody-modules');
if (!existsSync('/usr/bin/chromium')) missing.push('Chromium is missing: apt-get install -y chromium');
if (!(await reachable(postgresUrl.hostname, Number(postgresUrl.port || 5432))))
  missing.push(`PostgreSQL is not reachable at ${postgresUrl.host}: start it (pg_ctlcluster 15 main start) or set TEST_POSTGRES_URL`);
else {
  const refusal = await postgresRefusal(postgresUrl);
  if (refusal) missing.push(refusal);
}
if (missing.length > 0) {
  for (const line of missing) console.error(`npm test: ${line}`);
  process.exit(1);
}

const env = { ...process.env, NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? '.next-test', NEXT_TELEMETRY_DISABLED: '1' };
const steps = [
  ['typecheck', 'npx', ['tsc', '--noEmit']],
  ['lint', 'npx', ['eslint', '.', '--max-warnings=0']],
  ['format', 'npx', ['prettier', '--check', '**/*.{ts,tsx,mjs,css}']],
  ['unit, database and XMPP tests', 'npx', ['vitest', 'run']],
  ['console build', 'npx', ['next', 'build', '--no-lint']],
  ['browser tests', 'npx', ['playwright', 'test']],
];

for (const [name, command, args] of steps) {
  const started = Date.now();
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    console.error(`\nnpm test: ${name} FAILED after ${seconds} s`);
    process.exit(result.status ?? 1);
  }
  console.log(`=== ${name}: passed in ${seconds} s`);
}
console.log('\nnpm test: all checks passed');
