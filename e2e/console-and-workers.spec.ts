import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { PrivateProsody } from '@/server/prosody/private-prosody';
import { freePort } from '@/test/support/free-port';
import { openTestDatabase, type TestDatabase } from '@/test/support/databases';
import { startProduct, type ProductProcess } from '@/test/support/product-process';
import { spawnWorkerProcess, type WorkerProcess } from '@/test/support/worker-process';
import { connectE2eAccount, e2eComponentJid } from './fixtures';

/**
 * Console and workers scaled apart, as docs/operations.md tells an operator to run them: `npm start`
 * with XMPP_WORKER=off (the console alone) and `npm run worker` on its own, both on one PostgreSQL,
 * the worker connected to an XMPP server of the operator's (here a Prosody this test starts).
 */
let database: TestDatabase | undefined;
let prosodyDir: string | undefined;
let prosody: PrivateProsody | undefined;
let product: ProductProcess | undefined;
let worker: WorkerProcess | undefined;
const admin = { email: 'apart@example.test', password: 'apart-admin-password-0123' };

test.afterAll(async () => {
  worker?.child.kill('SIGKILL');
  await product?.stop();
  await prosody?.stop();
  await database?.close();
  if (prosodyDir) rmSync(prosodyDir, { recursive: true, force: true });
});

test('the console alone shows a worker started apart by its server and host, which serves clients, and forgets it when it stops', async ({
  browser,
}) => {
  test.setTimeout(240_000);
  database = await openTestDatabase('postgres');
  prosodyDir = mkdtempSync(join(tmpdir(), 'xs-e2e-apart-'));
  const componentSecret = randomBytes(16).toString('hex');
  prosody = new PrivateProsody({
    dataDir: prosodyDir,
    domains: ['localhost'],
    componentJid: e2eComponentJid,
    componentSecret,
    c2sPort: await freePort(),
    componentPort: await freePort(),
    allowRegistration: true,
  });
  await prosody.start();
  const server = `xmpp://127.0.0.1:${prosody.options.componentPort}`;

  product = await startProduct({
    name: 'e2e-console-only',
    admin,
    env: { DATABASE_URL: database.url!, XMPP_WORKER: 'off', LOG_LEVEL: 'info' },
  });
  await product.next('console.ready', 60_000);
  expect(product.lines.find((line) => line.event === 'prosody.started')).toBeUndefined();

  const page = await (await browser.newContext({ baseURL: product.baseURL })).newPage();
  expect((await page.request.post('/api/auth/sign-in', { data: admin })).status()).toBe(200);
  await page.goto('/status');
  await expect(page.getByRole('status')).toContainText('No XMPP worker has reported to this database');
  expect((await page.request.get('/api/health')).status()).toBe(503);

  worker = spawnWorkerProcess({
    DATABASE_URL: database.url!,
    XMPP_COMPONENT_SERVICE: server,
    XMPP_COMPONENT_JID: e2eComponentJid,
    XMPP_COMPONENT_SECRET: componentSecret,
    XMPP_ACCOUNT_STORE: `file:${prosody.dataPath}`,
  });
  await worker.next('worker.online', 60_000);
  // The page polls: no reload by the operator.
  await expect(page.getByRole('status')).toContainText(`The XMPP service is connected as ${e2eComponentJid} to ${server}`, {
    timeout: 20_000,
  });
  const workers = page.getByRole('table', { name: 'Workers' });
  await expect(workers.getByRole('rowheader', { name: server })).toBeVisible();
  const workerRow = workers.getByRole('row').filter({ hasText: hostname() });
  await expect(workerRow).toHaveCount(1);
  await expect(workerRow.getByText('connected', { exact: true })).toBeVisible();
  expect((await page.request.get('/api/health')).status()).toBe(200);

  // The worker answers from the data the console seeded in the shared database.
  const account = { username: '00393330000077', password: 'a-password' };
  prosody.registerUser(account.username, 'localhost', account.password);
  const client = await connectE2eAccount(account, prosody.options.c2sPort);
  try {
    expect((await client.command('cmd_get_channels', {})).payload).toMatchObject({ status: 0, channelList: ['news', 'offers'] });
  } finally {
    await client.stop();
  }

  // A clean stop: the worker's row leaves, and the console says no worker serves any more.
  worker.child.kill('SIGTERM');
  expect(await worker.exited(30_000)).toBe(0);
  await expect(page.getByRole('status')).toContainText('No XMPP worker has reported to this database', { timeout: 20_000 });
  await expect(workers).toBeHidden();
  expect((await page.request.get('/api/health')).status()).toBe(503);
});
