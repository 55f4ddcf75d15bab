import { expect, test } from '@playwright/test';
import { freePort } from '@/test/support/free-port';
import { startProduct, type ProductProcess } from '@/test/support/product-process';

/**
 * A product whose XMPP server does not answer (a port nothing listens on): operators must see on
 * every page that clients are not being served, and the status page must say why.
 */
let product: ProductProcess | undefined;
const admin = { email: 'alone@example.test', password: 'alone-admin-password-0123' };

test.beforeAll(async () => {
  test.setTimeout(150_000);
  product = await startProduct({
    name: 'e2e-no-xmpp',
    admin,
    env: {
      XMPP_COMPONENT_SERVICE: `xmpp://127.0.0.1:${await freePort()}`,
      XMPP_COMPONENT_SECRET: 'unused-secret',
      XMPP_ACCOUNT_STORE: 'file:/nonexistent',
    },
  });
});

test.afterAll(async () => {
  await product?.stop();
});

test('every page says the XMPP service is not connected and links to the status page, which says why', async ({ browser }) => {
  const page = await (await browser.newContext({ baseURL: product!.baseURL })).newPage();
  expect((await page.request.post('/api/auth/sign-in', { data: admin })).status()).toBe(200);

  for (const path of ['/buddies', '/channels', '/version-rules']) {
    await page.goto(path);
    await expect(page.getByRole('alert').filter({ hasText: 'The XMPP service is not connected' })).toBeVisible();
  }
  await page.getByRole('link', { name: 'Why, and how to fix it' }).click();
  await expect(page).toHaveURL(/\/status$/);
  const connection = page.getByRole('status').filter({ hasText: 'The XMPP service is not connected.' });
  await expect(connection).toContainText('ECONNREFUSED');
  await expect(connection).toContainText('The worker retries by itself.');
  await expect(page.getByRole('alert').filter({ hasText: 'Why, and how to fix it' })).toHaveCount(0);
});
