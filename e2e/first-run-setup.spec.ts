import { expect, test } from '@playwright/test';
import { startProduct, type ProductProcess } from '@/test/support/product-process';
import { expectNoSeriousViolations } from './axe';

/**
 * First run without ADMIN_EMAIL/ADMIN_PASSWORD, on a product of its own (the shared one of
 * playwright.config.ts starts with an admin): the first visitor creates the admin on /setup.
 */
let product: ProductProcess | undefined;

test.beforeAll(async () => {
  test.setTimeout(150_000);
  product = await startProduct({ name: 'e2e-first-run' });
});

test.afterAll(async () => {
  await product?.stop();
});

test('the first visitor is sent to /setup, is refused a weak or mistyped password, creates the admin and lands signed in; then /setup is closed', async ({
  browser,
}) => {
  const baseURL = product!.baseURL;
  const admin = { email: 'first-admin@example.test', password: 'first-admin-password-0123' };
  const page = await (await browser.newContext({ baseURL })).newPage();
  let setupRequests = 0;
  page.on('request', (request) => void (request.url().endsWith('/api/setup') && setupRequests++));

  await page.goto('/');
  // Only the path: Next.js names 127.0.0.1 "localhost" in redirects.
  await expect(page).toHaveURL(/^http:\/\/[^/]+\/setup$/);
  await expect(page.getByRole('heading', { name: 'Set up xmpp-service' })).toBeVisible();
  await expectNoSeriousViolations(page, '/setup');
  const submit = page.getByRole('button', { name: 'Create admin and sign in' });
  // A label holds its field's error too, so its name starts with the field's.
  const password = page.getByLabel(/^Password/);
  const passwordAgain = page.getByLabel(/^Repeat password/);
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Name').fill('First Admin');

  // Too short: the server refuses it and the form says why, under the field.
  await password.fill('short-pass');
  await passwordAgain.fill('short-pass');
  const weak = page.waitForResponse('**/api/setup');
  await submit.click();
  expect((await weak).status()).toBe(400);
  await expect(page.getByText('At least 12 characters.')).toBeVisible();

  // Typed differently twice: refused in the form, nothing is sent.
  await password.fill(admin.password);
  await passwordAgain.fill(`${admin.password}!`);
  await submit.click();
  await expect(page.getByText('The two passwords do not match.')).toBeVisible();
  await expect(page.getByText('At least 12 characters.')).toHaveCount(0);
  expect(setupRequests).toBe(1);
  await expect(page).toHaveURL(/\/setup$/);

  await passwordAgain.fill(admin.password);
  await submit.click();
  await expect(page).toHaveURL(/\/buddies$/);
  await expect(page.getByTestId('operator-role')).toHaveText('admin');
  expect(setupRequests).toBe(2);

  // Closed for everyone else: the page sends to sign-in, the API refuses, and the admin signs in there.
  const visitor = await (await browser.newContext({ baseURL })).newPage();
  await visitor.goto('/setup');
  await expect(visitor).toHaveURL(`${baseURL}/sign-in`);
  const again = await visitor.request.post('/api/setup', { data: { email: 'second@example.test', password: 'another-long-password' } });
  expect(again.status()).toBe(409);
  expect(await again.json()).toMatchObject({ error: 'The console is already set up. Sign in instead.' });
  await visitor.getByLabel('Email').fill(admin.email);
  await visitor.getByLabel('Password').fill(admin.password);
  await visitor.getByRole('button', { name: 'Sign in' }).click();
  await expect(visitor).toHaveURL(`${baseURL}/buddies`);
  await expect(visitor.getByTestId('operator-role')).toHaveText('admin');
});
