import { request as httpRequest } from 'node:http';
import { expect, test } from '@playwright/test';
import { freePort } from '@/test/support/free-port';
import { startProduct, type ProductProcess } from '@/test/support/product-process';

/**
 * Sign-in throttling against the real product, from several client addresses: Linux answers on all
 * of 127.0.0.0/8, so a request sent from 127.0.0.3 reaches the console at 127.0.0.1 as another
 * client. Each product here is its own (no Prosody needed), so its throttle starts empty.
 */
const admin = { email: 'throttled-admin@example.test', password: 'throttled-admin-password-0123' };
const proxyAddress = '127.0.0.2';
/** Enough guesses that the old per-email lock (20) would not have kicked in, and the new throttle must have. */
const guessBound = 15;

interface Answer {
  status: number;
  retryAfter?: string;
  location?: string;
  body: string;
}

/** One HTTP request to the product sent from `from`, with any headers a client likes to send. */
function requestFrom(
  baseURL: string,
  from: string,
  options: { method: 'GET' | 'POST'; path: string; headers?: Record<string, string>; json?: unknown },
): Promise<Answer> {
  const body = options.json === undefined ? undefined : JSON.stringify(options.json);
  const url = new URL(options.path, baseURL);
  return new Promise((resolve, reject) => {
    const sent = httpRequest(
      url,
      {
        method: options.method,
        localAddress: from,
        headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...options.headers },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            retryAfter: response.headers['retry-after'],
            location: response.headers.location,
            body: text,
          }),
        );
      },
    );
    sent.on('error', reject);
    sent.end(body);
  });
}

const signInFrom = (baseURL: string, from: string, password: string, headers: Record<string, string> = {}) =>
  requestFrom(baseURL, from, { method: 'POST', path: '/api/auth/sign-in', headers, json: { email: admin.email, password } });

/** Wrong guesses, each with headers of its own, until one is throttled (429); every answer, in order. */
async function guessUntilThrottled(
  baseURL: string,
  from: string,
  headersOfGuess: (guess: number) => Record<string, string>,
): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (let guess = 0; guess < guessBound && answers.at(-1)?.status !== 429; guess++) {
    answers.push(await signInFrom(baseURL, from, `wrong-guess-${guess}`, headersOfGuess(guess)));
  }
  return answers;
}

/** A product of its own, without XMPP (a port nothing listens on): only its console matters here. */
async function startConsole(name: string, env: Record<string, string> = {}): Promise<ProductProcess> {
  return startProduct({
    name,
    admin,
    env: {
      XMPP_COMPONENT_SERVICE: `xmpp://127.0.0.1:${await freePort()}`,
      XMPP_COMPONENT_SECRET: 'unused-secret',
      XMPP_ACCOUNT_STORE: 'file:/nonexistent',
      ...env,
    },
  });
}

test.describe('without TRUSTED_PROXIES', () => {
  let product: ProductProcess | undefined;
  test.beforeAll(async () => {
    test.setTimeout(150_000);
    product = await startConsole('e2e-throttle');
  });
  test.afterAll(async () => {
    await product?.stop();
  });

  test('an attacker rotating X-Forwarded-For is throttled all the same', async () => {
    const attacker = await guessUntilThrottled(product!.baseURL, '127.0.0.1', (guess) => ({ 'x-forwarded-for': `203.0.113.${guess}` }));
    const throttled = attacker.at(-1)!;
    expect(throttled.status, `answers to ${attacker.length} rotating guesses: ${attacker.map((answer) => answer.status).join(' ')}`).toBe(
      429,
    );
    expect(JSON.parse(throttled.body).error).toMatch(/^Too many failed sign-ins\. Try again in \d+ seconds?\.$/);
    expect(Number(throttled.retryAfter)).toBeGreaterThanOrEqual(1);
  });

  test('an attacker hammering the account does not keep the operator at another address out', async () => {
    const baseURL = product!.baseURL;
    const answers: number[] = [];
    for (let guess = 0; guess < 40; guess++) {
      const headers = { 'x-forwarded-for': `198.51.100.${guess}`, forwarded: `for=198.51.100.${guess}` };
      answers.push((await signInFrom(baseURL, '127.0.0.4', `hammer-${guess}`, headers)).status);
    }
    // Refused at once while it must wait, and none of that counted.
    expect(new Set(answers)).toEqual(new Set([401, 429]));

    const operator = await signInFrom(baseURL, '127.0.0.3', admin.password);
    expect(operator.status, operator.body).toBe(200);
  });
});

test.describe(`with TRUSTED_PROXIES=${proxyAddress}`, () => {
  let product: ProductProcess | undefined;
  test.beforeAll(async () => {
    test.setTimeout(150_000);
    product = await startConsole('e2e-throttle-proxy', { TRUSTED_PROXIES: proxyAddress });
  });
  test.afterAll(async () => {
    await product?.stop();
  });

  test('the client address the proxy adds is the one counted, whatever the client wrote to its left', async () => {
    const baseURL = product!.baseURL;
    // Each guess forges another left-most hop; the proxy appends the real client, 192.0.2.7.
    const attacker = await guessUntilThrottled(baseURL, proxyAddress, (guess) => ({ 'x-forwarded-for': `203.0.113.${guess}, 192.0.2.7` }));
    expect(attacker.at(-1)!.status, `answers: ${attacker.map((answer) => answer.status).join(' ')}`).toBe(429);

    // Another client behind the same proxy is counted apart: the proxy's own address is not the key.
    const operator = await signInFrom(baseURL, proxyAddress, admin.password, { 'x-forwarded-for': '192.0.2.8' });
    expect(operator.status, operator.body).toBe(200);
  });

  test('the forwarded host and protocol are believed from the proxy only', async () => {
    const baseURL = product!.baseURL;
    const forwarded = { 'x-forwarded-host': 'chat-admin.example.com', 'x-forwarded-proto': 'https' };
    const viaProxy = await requestFrom(baseURL, proxyAddress, { method: 'GET', path: '/audit', headers: forwarded });
    expect(viaProxy.location).toBe('https://chat-admin.example.com/sign-in?next=%2Faudit');
    const forged = await requestFrom(baseURL, '127.0.0.1', {
      method: 'GET',
      path: '/audit',
      headers: { host: 'console.example.test:8443', ...forwarded },
    });
    expect(forged.location).toBe('http://console.example.test:8443/sign-in?next=%2Faudit');
  });
});
