import { expect, test, type Page } from '@playwright/test';
import { openTestDatabase, type TestDatabase } from '@/test/support/databases';
import { startProduct, type ProductProcess } from '@/test/support/product-process';
import { startTcpProxy, type TcpProxy } from '@/test/support/tcp-proxy';

/**
 * The product on PostgreSQL, reached through a proxy the test cuts: while the database is away
 * every page must say so (no blank 500, no stack trace), and come back by itself when it returns.
 * The proxy sits in front of this test's own database; the shared server keeps running.
 */
let database: TestDatabase | undefined;
let proxy: TcpProxy | undefined;
let product: ProductProcess | undefined;
const admin = { email: 'outage@example.test', password: 'outage-admin-password-0123' };

const consolePages = [
  '/status',
  '/buddies',
  '/buddies/history',
  '/channels',
  '/channels/1',
  '/version-rules',
  '/audit',
  '/operators',
  '/account',
];
const publicPages = ['/sign-in', '/setup'];

test.beforeAll(async () => {
  test.setTimeout(180_000);
  database = await openTestDatabase('postgres');
  const url = new URL(database.url!);
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  url.port = String(proxy.port);
  product = await startProduct({ name: 'e2e-db-outage', admin, env: { DATABASE_URL: url.toString() } });
});

test.afterAll(async () => {
  proxy?.restore();
  await product?.stop();
  await proxy?.close();
  await database?.close();
});

async function expectOutageNamed(page: Page, path: string): Promise<void> {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(500);
  await expect(page.getByRole('heading', { name: 'The database is unavailable' }), path).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'This page reloads by itself' }), path).toBeVisible();
  await expect(page.getByRole('list', { name: 'Service parts' }), path).toContainText('Database: unavailable');
  await expect(page.locator('body'), path).not.toContainText(/Application error|Internal Server Error|\bat .*\.(ts|js):\d+/);
}

for (const fault of ['refuse', 'stall'] as const) {
  test(`every page names the outage while the database ${fault}s connections, and recovers by itself`, async ({ browser }) => {
    test.setTimeout(180_000);
    const context = await browser.newContext({ baseURL: product!.baseURL });
    const page = await context.newPage();
    expect((await page.request.post('/api/auth/sign-in', { data: admin })).status()).toBe(200);
    await page.goto('/status');
    await expect(page.getByRole('heading', { name: 'Service status' })).toBeVisible();

    proxy!.cut(fault);
    for (const path of [...consolePages, ...publicPages]) await expectOutageNamed(page, path);
    const signedOut = await (await browser.newContext({ baseURL: product!.baseURL })).newPage();
    await expectOutageNamed(signedOut, '/buddies');
    // A write that needs the database is answered at once with the same words, not left hanging.
    const signIn = await signedOut.request.post('/api/auth/sign-in', { data: admin, timeout: 5_000 });
    expect(signIn.status()).toBe(503);
    expect(await signIn.json()).toMatchObject({ error: expect.stringContaining('The database is unavailable'), down: ['database'] });
    const health = await page.request.get('/api/health');
    expect(health.status()).toBe(503);
    expect(await health.json()).toMatchObject({ ok: false, down: expect.arrayContaining(['database']) });

    await page.goto('/status');
    await expect(page.getByRole('heading', { name: 'The database is unavailable' })).toBeVisible();
    proxy!.restore();
    // No action of the operator: the open pages reload themselves once the database answers.
    await expect(page.getByRole('heading', { name: 'Service status' })).toBeVisible({ timeout: 20_000 });
    await expect(signedOut.getByRole('heading', { name: 'Sign in' })).toBeVisible({ timeout: 20_000 });
    await context.close();
    await signedOut.context().close();
  });
}
