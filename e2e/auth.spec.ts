import type { Page } from '@playwright/test';
import { adminCredentials, createOperator, expect, test } from './fixtures';

/** The status the browser itself gets for an API call, with whatever cookies it holds. */
const browserGetStatus = (page: Page, url: string) => page.evaluate(async (target) => (await fetch(target)).status, url);

test('an anonymous visitor is sent to sign-in, signs in, sees their role, and signs out', async ({ browser }) => {
  const page = await browser.newPage();
  await page.goto('/buddies');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fbuddies$/);
  expect(await browserGetStatus(page, '/api/domains')).toBe(401);

  await page.getByLabel('Email').fill(adminCredentials.email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'That email and password do not match an enabled operator.' })).toBeVisible();

  await page.getByLabel('Password').fill(adminCredentials.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/buddies$/);
  await expect(page.getByTestId('operator-role')).toHaveText('admin');
  const cookie = (await page.context().cookies()).find((candidate) => candidate.name === 'xs_session');
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
  expect(await browserGetStatus(page, '/api/domains')).toBe(200);

  await page.getByRole('button', { name: 'Sign out' }).click();
  // Lands on sign-in; a page query that hit the ended session first may add ?next= to come back.
  await expect(page).toHaveURL(/\/sign-in(\?next=%2Fbuddies)?$/);
  // The old token is revoked on the server, not only forgotten by the browser.
  await page.context().addCookies([{ ...cookie!, expires: -1 }]);
  expect(await browserGetStatus(page, '/api/domains')).toBe(401);
  await page.goto('/status');
  await expect(page).toHaveURL(/\/sign-in/);
  await page.close();
});

test('repeated wrong passwords slow sign-in down with 429 and a clear message, and the right password gets in after the wait', async ({
  page,
  browser,
}) => {
  const operator = await createOperator(page.request, 'viewer');
  const visitor = await browser.newPage();
  await visitor.goto('/sign-in');
  await visitor.getByLabel('Email').fill(operator.email);
  const submit = async (password: string) => {
    await visitor.getByLabel('Password').fill(password);
    const answer = visitor.waitForResponse('**/api/auth/sign-in');
    await visitor.getByRole('button', { name: 'Sign in' }).click();
    return (await answer).status();
  };
  // The first few are answered as wrong; then each further guess waits longer (how soon depends on
  // how fast this machine sends them, so only the bound is fixed).
  const statuses: number[] = [];
  while (statuses.length < 10 && statuses.at(-1) !== 429) statuses.push(await submit(`wrong-${statuses.length}`));
  expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
  expect(statuses.at(-1)).toBe(429);
  await expect(visitor.getByRole('alert').filter({ hasText: /Too many failed sign-ins\. Try again in \d+ seconds?\./ })).toBeVisible();
  // Not a lock-out: the right password signs in once the (capped) wait is over.
  await expect(async () => expect(await submit(operator.password)).toBe(200)).toPass({ timeout: 70_000 });
  await expect(visitor).toHaveURL(/\/buddies$/);
  await visitor.close();
});

test('the first-run setup page is closed once an admin exists', async ({ browser }) => {
  const visitor = await browser.newPage();
  await visitor.goto('/setup');
  await expect(visitor).toHaveURL(/\/sign-in$/);
  const response = await visitor.request.post('/api/setup', {
    data: { email: 'intruder@example.test', password: 'a-long-enough-password' },
  });
  expect(response.status()).toBe(409);
  await visitor.close();
});

test('operators management is for admins only', async ({ signedInAs }) => {
  const editor = await signedInAs('editor');
  await editor.goto('/buddies');
  await expect(editor.getByTestId('operator-role')).toHaveText('editor');
  await expect(editor.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Operators' })).toHaveCount(0);
  expect((await editor.request.get('/api/operators')).status()).toBe(403);
  const created = await editor.request.post('/api/operators', {
    data: { email: 'x@example.test', role: 'admin', password: 'a-long-enough-password' },
  });
  expect(created.status()).toBe(403);
});

test('an admin creates an operator, changes their role and disables them, which ends their session', async ({ page, browser }) => {
  const email = `made-${Date.now()}@example.test`;
  await page.goto('/operators');
  await page.getByRole('button', { name: 'New operator' }).click();
  const form = page.getByRole('form', { name: 'New operator' });
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Initial password').fill('short');
  await form.getByLabel('Role').selectOption('viewer');
  await form.getByRole('button', { name: 'Create operator' }).click();
  await expect(form.getByText('At least 12 characters.')).toBeVisible();
  await form.getByLabel('Initial password').fill('a long enough password');
  await form.getByRole('button', { name: 'Create operator' }).click();
  const row = page.getByRole('row', { name: email });
  await expect(row).toContainText('enabled');

  const other = await browser.newPage();
  const signedIn = await other.request.post('/api/auth/sign-in', { data: { email, password: 'a long enough password' } });
  expect(signedIn.status()).toBe(200);
  await other.goto('/version-rules');
  await expect(other.getByTestId('operator-role')).toHaveText('viewer');
  await page.reload();
  await expect(row.getByRole('cell').nth(4)).toHaveText('1');

  await row.getByLabel(`Role of ${email}`).selectOption('editor');
  await page.getByRole('dialog').getByRole('button', { name: 'Change role' }).click();
  await expect(row.getByLabel(`Role of ${email}`)).toHaveValue('editor');
  await row.getByRole('button', { name: 'Disable' }).click();
  await expect(row).toContainText('disabled');
  await expect(row.getByRole('cell').nth(4)).toHaveText('0');
  expect((await other.request.get('/api/domains')).status()).toBe(401);
  // The open page finds out at its next request and asks to sign in again, coming back here after.
  const simulator = other.getByRole('region', { name: 'Simulator' });
  await simulator.getByLabel('packageName').fill('any.app');
  await simulator.getByLabel('buildNumber').fill('1');
  await simulator.getByLabel('apiVersion').fill('1');
  await simulator.getByRole('button', { name: 'Simulate' }).click();
  await expect(other).toHaveURL(/\/sign-in\?next=%2Fversion-rules$/);
  await other.close();
});

test('an operator changes their own password; an admin sets a forgotten one, which signs them out', async ({ page, browser }) => {
  const credentials = await createOperator(page.request, 'editor');
  const own = await browser.newPage();
  const signedIn = await own.request.post('/api/auth/sign-in', { data: credentials });
  expect(signedIn.status()).toBe(200);
  await own.goto('/version-rules');
  await own.getByRole('link', { name: 'E2E editor' }).click();
  const form = own.getByRole('form', { name: 'Change password' });
  await form.getByLabel('Current password').fill('not the password');
  await form.getByLabel('New password', { exact: true }).fill('my own new password');
  await form.getByLabel('New password again').fill('my own new password');
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByText('This is not your current password.')).toBeVisible();
  await form.getByLabel('Current password').fill(credentials.password);
  await form.getByLabel('New password again').fill('a different one!!');
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByText('The two new passwords differ.')).toBeVisible();
  await form.getByLabel('New password again').fill('my own new password');
  await form.getByRole('button', { name: 'Change password' }).click();
  await expect(form.getByRole('status')).toContainText('Your password is changed.');
  expect((await own.request.get('/api/domains')).status()).toBe(200);
  const withOld = await browser.newPage();
  expect((await withOld.request.post('/api/auth/sign-in', { data: credentials })).status()).toBe(401);
  expect((await withOld.request.post('/api/auth/sign-in', { data: { ...credentials, password: 'my own new password' } })).status()).toBe(
    200,
  );
  await withOld.close();

  await page.goto('/operators');
  const row = page.getByRole('row', { name: credentials.email });
  await row.getByRole('button', { name: 'Set password…' }).click();
  const reset = page.getByRole('form', { name: `New password for ${credentials.email}` });
  await reset.getByLabel('New password').fill('short');
  await reset.getByRole('button', { name: 'Set password' }).click();
  await expect(reset.getByText('At least 12 characters.')).toBeVisible();
  await reset.getByLabel('New password').fill('chosen by the admin');
  await reset.getByRole('button', { name: 'Set password' }).click();
  await expect(reset).toBeHidden();
  await expect(row.getByRole('cell').nth(4)).toHaveText('0');
  expect((await own.request.get('/api/domains')).status()).toBe(401);
  expect((await own.request.post('/api/auth/sign-in', { data: { ...credentials, password: 'chosen by the admin' } })).status()).toBe(200);
  await own.close();
});

// Behind a proxy (X-Forwarded-Host, believed only from TRUSTED_PROXIES): e2e/sign-in-throttle.spec.ts.
test('sign-in redirects keep the host the browser named (a console reached by name)', async ({ playwright, baseURL }) => {
  const anonymous = await playwright.request.newContext({ baseURL });
  const location = async (headers: Record<string, string>) =>
    (await anonymous.get('/audit?domain=localhost', { headers, maxRedirects: 0 })).headers().location;
  expect(await location({ host: 'console.example.test:8443' })).toBe(
    'http://console.example.test:8443/sign-in?next=%2Faudit%3Fdomain%3Dlocalhost',
  );
  await anonymous.dispose();
});

test('a write sent from another origin is refused even with a valid session', async ({ page }) => {
  const data = { name: 'cross-site-channel' };
  const forged = await page.request.post('/api/domains/localhost/channels', { data, headers: { origin: 'http://evil.example' } });
  expect(forged.status()).toBe(403);
  const sameSiteOtherPort = await page.request.post('/api/domains/localhost/channels', { data, headers: { origin: 'http://127.0.0.1:1' } });
  expect(sameSiteOtherPort.status()).toBe(403);
  const { channels } = await (await page.request.get('/api/domains/localhost/channels')).json();
  expect(channels.map((channel: { name: string }) => channel.name)).not.toContain('cross-site-channel');
});
