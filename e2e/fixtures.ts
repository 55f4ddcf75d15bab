import { randomBytes } from 'node:crypto';
import { connectAccount, type TestUser } from '@/test/support/xmpp-client';
import { test as base, expect, type APIRequestContext, type Browser, type Page, type TestInfo } from '@playwright/test';

/**
 * Every console page needs a signed-in operator. `page` here is signed in as the admin the
 * product was started with (ADMIN_EMAIL/ADMIN_PASSWORD from playwright.config.ts); `signedInAs`
 * creates a fresh operator of a role and opens a page signed in as them.
 */
export type Role = 'admin' | 'editor' | 'viewer';

export interface Credentials {
  email: string;
  password: string;
}

export const adminCredentials: Credentials = {
  email: process.env.E2E_ADMIN_EMAIL ?? 'admin@example.test',
  password: process.env.E2E_ADMIN_PASSWORD ?? '',
};

/** Signs a browser context in through the real API; the cookie lands in the context's jar. */
export async function signIn(request: APIRequestContext, credentials: Credentials): Promise<void> {
  const response = await request.post('/api/auth/sign-in', { data: credentials });
  expect(response.status(), `sign-in as ${credentials.email}: ${await response.text()}`).toBe(200);
}

/** A new operator of `role`, created by the admin through the operators API. */
export async function createOperator(adminRequest: APIRequestContext, role: Role): Promise<Credentials> {
  const credentials = {
    email: `${role}-${randomBytes(4).toString('hex')}@example.test`,
    password: `pw-${randomBytes(12).toString('hex')}`,
  };
  const response = await adminRequest.post('/api/operators', { data: { ...credentials, role, name: `E2E ${role}` } });
  expect(response.status(), `create ${role}: ${await response.text()}`).toBe(200);
  return credentials;
}

/** A page in its own browser context, signed in as a fresh operator of `role`. */
export async function pageSignedInAs(browser: Browser, adminRequest: APIRequestContext, role: Role): Promise<Page> {
  const credentials = await createOperator(adminRequest, role);
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page.request, credentials);
  return page;
}

export const test = base.extend<{ signedInAs: (role: Role) => Promise<Page> }>({
  page: async ({ page }, provide) => {
    await signIn(page.request, adminCredentials);
    await provide(page);
  },
  signedInAs: async ({ browser, page }, provide) => {
    const opened: Page[] = [];
    await provide(async (role) => {
      const other = await pageSignedInAs(browser, page.request, role);
      opened.push(other);
      return other;
    });
    for (const other of opened) await other.context().close();
  },
});

export { expect };

/** The e2e product's service component (its Prosody serves the domain localhost). */
export const e2eComponentJid = 'xmpp-service.localhost';

/** The one XMPP test client of the suites, signed in to the e2e product's Prosody as `account`. */
export function connectE2eAccount(
  account: { username: string; password: string },
  c2sPort = Number(process.env.E2E_C2S_PORT),
): Promise<TestUser> {
  const jid = `${account.username}@localhost`;
  return connectAccount({ local: account.username, domain: 'localhost', jid, password: account.password }, c2sPort, {
    componentJid: e2eComponentJid,
  });
}

/**
 * Where a docs screenshot goes: docs/screenshots when asked for (`npm run docs:screenshots`),
 * else the test's own output folder, so that `npm test` takes them and still leaves the tree clean.
 */
export function screenshotPath(testInfo: TestInfo, name: string): string {
  return process.env.UPDATE_DOCS_SCREENSHOTS === '1' ? `docs/screenshots/${name}` : testInfo.outputPath(name);
}
