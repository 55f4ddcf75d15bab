import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
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

/** The little of @xmpp/client the console tests use (the package ships no type declarations). */
interface XmppElement {
  is(name: string): boolean;
  getChild(name: string, xmlns?: string): XmppElement | undefined;
  getChildText(name: string): string | null;
}
interface XmppClient {
  on(event: 'error', listener: (error: Error) => void): void;
  on(event: 'stanza', listener: (stanza: XmppElement) => void): void;
  start(): Promise<unknown>;
  stop(): Promise<unknown>;
  send(element: unknown): Promise<unknown>;
}
const xmppLibrary = createRequire(import.meta.url)('@xmpp/client') as {
  client(options: { service: string; domain: string; username: string; password: string }): XmppClient;
  xml(name: string, attributes?: Record<string, string>, ...children: unknown[]): unknown;
};

export interface CommandClient {
  jid: string;
  /** Sends a protocol command to the service and returns the parsed response payload. */
  command(type: string, payload: object): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

/** A real XMPP client of the e2e Prosody (domain localhost) talking to xmpp_service@xmpp-service.localhost. */
export async function connectCommandClient(account: { username: string; password: string }): Promise<CommandClient> {
  const { client, xml } = xmppLibrary;
  const xmpp = client({ service: `xmpp://127.0.0.1:${process.env.E2E_C2S_PORT}`, domain: 'localhost', ...account });
  const waiting = new Map<string, (payload: Record<string, unknown>) => void>();
  xmpp.on('error', () => {});
  xmpp.on('stanza', (stanza) => {
    const oob = stanza.is('message') ? stanza.getChild('x', 'jabber:x:oob') : undefined;
    const type = oob?.getChildText('type');
    const resolve = type ? waiting.get(type) : undefined;
    if (!oob || !type || !resolve) return;
    waiting.delete(type);
    resolve(JSON.parse(oob.getChildText('payload') ?? 'null'));
  });
  await xmpp.start();
  return {
    jid: `${account.username}@localhost`,
    async command(type, payload) {
      const answered = new Promise<Record<string, unknown>>((resolve) => waiting.set(type, resolve));
      await xmpp.send(
        xml(
          'message',
          { to: 'xmpp_service@xmpp-service.localhost', id: randomBytes(6).toString('hex'), type: 'chat' },
          xml('body'),
          xml('x', { xmlns: 'jabber:x:oob' }, xml('type', {}, type), xml('action', {}, type), xml('payload', {}, JSON.stringify(payload))),
        ),
      );
      return answered;
    },
    stop: async () => {
      await xmpp.stop();
    },
  };
}

/**
 * Where a docs screenshot goes: docs/screenshots when asked for (`npm run docs:screenshots`),
 * else the test's own output folder, so that `npm test` takes them and still leaves the tree clean.
 */
export function screenshotPath(testInfo: TestInfo, name: string): string {
  return process.env.UPDATE_DOCS_SCREENSHOTS === '1' ? `docs/screenshots/${name}` : testInfo.outputPath(name);
}
