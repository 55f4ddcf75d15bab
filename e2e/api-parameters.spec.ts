import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, request as playwrightRequest, test, type APIResponse } from '@playwright/test';
import { freePort } from '@/test/support/free-port';
import { openTestDatabase, type TestDatabase } from '@/test/support/databases';
import { startProduct, type ProductProcess } from '@/test/support/product-process';

/**
 * Bad input is the caller's error: every route of the console's HTTP API, found by reading
 * app/api, gets hostile values in each dynamic path segment, each query parameter any route reads,
 * each field of its JSON body and as broken bodies. No answer may be a 5xx, and every refusal is a
 * JSON `{ error }` without a stack trace. Run on a product of its own (its data cannot disturb the
 * other browser tests), once on the embedded PGlite and once on PostgreSQL.
 */
interface Route {
  /** e.g. /api/domains/[domain]/channels/[id] */
  template: string;
  segments: string[];
  /** The query parameters it reads (`searchParams.get('…')`, `?page=` through pageParam). */
  query: string[];
  methods: Array<{ method: string; hasBody: boolean }>;
}

function discoverRoutes(): Route[] {
  const files = readdirSync('app/api', { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('route.ts'));
  return files.map((file) => {
    const source = readFileSync(join('app/api', file), 'utf8');
    const template = `/api/${file.replace(/\/?route\.ts$/, '')}`.replace(/\/$/, '');
    // `export const GET = apiRoute(...)`, or one handler exported under several names.
    const exported = [...source.matchAll(/export const (GET|POST|PUT|PATCH|DELETE) = /g)];
    const reexported = [...(/export \{([^}]+)\}/.exec(source)?.[1] ?? '').matchAll(/as (GET|POST|PUT|PATCH|DELETE)\b/g)];
    const methods = [
      ...reexported.map((match) => ({ method: match[1]!, hasBody: false })),
      ...exported.map((match, index) => {
        const declaration = source.slice(match.index, exported[index + 1]?.index ?? source.length);
        return { method: match[1]!, hasBody: /\bbody: /.test(declaration.split('async (')[0]!) };
      }),
    ];
    const query = [...source.matchAll(/searchParams\.get\('(\w+)'\)/g)].map((match) => match[1]!);
    if (source.includes('pageParam(searchParams)')) query.push('page');
    return { template, segments: [...template.matchAll(/\[\[?(?:\.\.\.)?(\w+)\]?\]/g)].map((match) => match[1]!), query, methods };
  });
}

/** Already percent-encoded: what a hostile client can put in a path segment or a query value. */
const hostileEncoded = [
  '0',
  '-1',
  '-99999999999',
  '1.5',
  '1e3',
  '1e400',
  '0x10',
  '+1',
  '%201',
  'abc',
  'NaN',
  'Infinity',
  '2147483648',
  '9223372036854775807',
  '9223372036854775808',
  '99999999999999999999999999',
  '%00',
  'a%00b',
  '%01',
  '%EF%BF%BF',
  '%EF%BF%BE',
  '%ED%A0%80',
  '%E0%A4%A',
  '%',
  '%ZZ',
  '..',
  '%2E%2E',
  '%2F',
  'a%2Fb',
  '%3Cscript%3E',
  encodeURIComponent("' OR 1=1 --"),
  'x'.repeat(5_000),
];
const hostileQueryExtra = ['', '%20'];

/** What replaces a field of a valid body: wrong types, out of range, and text no one can store. */
const hostileValues: unknown[] = [
  null,
  true,
  [],
  {},
  [[[[[[[[[[]]]]]]]]]],
  0,
  -1,
  1.5,
  2 ** 31,
  2 ** 53,
  2 ** 63,
  1e300,
  -1e300,
  '',
  ' ',
  'abc',
  '-1',
  '1e400',
  '\u0000',
  'a\u0000b',
  '\u0001',
  '\uffff',
  '\ufffe',
  '\ud800',
  'x'.repeat(100_000),
  '{"items":[{"name":"\\u0000"}]}',
];
const brokenBodies = ['', '{', '{"a":', 'null', '[]', '"text"', '42', '{"__proto__":{"admin":true}}', '['.repeat(50_000)];

interface Leaf {
  path: Array<string | number>;
}
function leavesOf(value: unknown, path: Array<string | number> = []): Leaf[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => leavesOf(item, [...path, index]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, child]) => leavesOf(child, [...path, key]));
  return [{ path }];
}
function withLeaf(value: unknown, path: Array<string | number>, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<string | number, unknown>;
  copy[path[0]!] = withLeaf(copy[path[0]!], path.slice(1), replacement);
  return copy;
}

for (const database of ['pglite', 'postgres'] as const) {
  test.describe(`the console API refuses bad parameters as the caller's error, on ${database}`, () => {
    test.describe.configure({ mode: 'serial' });
    let product: ProductProcess | undefined;
    let postgres: TestDatabase | undefined;
    const admin = { email: 'params@example.test', password: 'params-admin-password-0123' };

    test.beforeAll(async () => {
      test.setTimeout(180_000);
      const env: Record<string, string> = {
        // No XMPP server: this is about the HTTP API, and a private Prosody would only cost time.
        XMPP_COMPONENT_SERVICE: `xmpp://127.0.0.1:${await freePort()}`,
        XMPP_COMPONENT_SECRET: 'unused-secret',
        XMPP_ACCOUNT_STORE: 'file:/nonexistent',
      };
      if (database === 'postgres') {
        postgres = await openTestDatabase('postgres');
        env.DATABASE_URL = postgres.url!;
      }
      product = await startProduct({ name: `e2e-api-params-${database}`, admin, env });
    });

    test.afterAll(async () => {
      await product?.stop();
      await postgres?.close();
    });

    // First: the hostile bodies of the password route lock this admin's email (wrong current passwords).
    test('text XML forbids in a form field is refused with 400 naming the field', async () => {
      const api = await playwrightRequest.newContext({ baseURL: product!.baseURL });
      expect((await api.post('/api/auth/sign-in', { data: admin })).status()).toBe(200);
      const response = await api.post('/api/domains/localhost/channels', { data: { name: 'bad\uffffname', description: 'nul\u0000' } });
      expect(response.status()).toBe(400);
      expect(await response.json()).toEqual({
        error: 'Some fields are not valid.',
        details: [
          { path: 'name', message: 'Contains U+FFFF, a character that cannot be stored or sent to chat clients. Remove it.' },
          { path: 'description', message: 'Contains U+0000, a character that cannot be stored or sent to chat clients. Remove it.' },
        ],
      });
      const imported = await api.post('/api/domains/localhost/buddies/ops', {
        data: {
          revision: (await json(await api.get('/api/domains/localhost/buddies'))).revision,
          op: { kind: 'import', json: '{"items":[{"name":"\\uffff"}]}' },
        },
      });
      expect(imported.status()).toBe(400);
      expect((await imported.json()).error).toContain('items.0.name: contains U+FFFF');
      await api.dispose();
    });

    test('no route answers a hostile path segment, query parameter or body with a 5xx', async () => {
      test.setTimeout(600_000);
      const api = await playwrightRequest.newContext({ baseURL: product!.baseURL });
      expect((await api.post('/api/auth/sign-in', { data: admin })).status()).toBe(200);

      // Objects of its own for the valid parts of each request.
      const channel = await json(await api.post('/api/domains/localhost/channels', { data: { name: 'params-channel', description: '' } }));
      const viewer = await json(
        await api.post('/api/operators', {
          data: { email: 'viewer@example.test', name: '', role: 'viewer', password: 'viewer-password-0123' },
        }),
      );
      const rule = {
        osCode: 'PARAMS',
        packageName: 'com.example.params',
        minBuild: 1,
        minApiVersion: null,
        recommendedBuild: 2,
        downloadLink: 'https://example.test/app',
        mustUpgradeMessage: 'Upgrade.',
        shouldUpgradeMessage: 'Please upgrade.',
      };
      const created = await json(await api.post('/api/version-rules', { data: rule }));
      const draft = await json(await api.get('/api/domains/localhost/buddies'));
      const valid: Record<string, string> = {
        domain: 'localhost',
        id: '',
        number: '1',
        unknown: 'no/such/route',
      };
      const validIds: Record<string, string> = {
        '/api/domains/[domain]/channels/[id]': String(channel.channel.id),
        '/api/operators/[id]': String(viewer.operator.id),
        '/api/operators/[id]/password': String(viewer.operator.id),
        '/api/operators/[id]/revoke-sessions': String(viewer.operator.id),
        '/api/version-rules/[id]': String(created.rule.id),
      };
      const revision = draft.revision as number;
      // A valid body for each route that reads one; writes aim at the objects above or are refused (stale revision, wrong password).
      const bodies: Record<string, unknown> = {
        'POST /api/auth/password': { currentPassword: 'not-the-password-0123', newPassword: 'another-password-0123' },
        'POST /api/auth/sign-in': { email: 'nobody@example.test', password: 'wrong-password-0123' },
        'POST /api/setup': { email: 'second@example.test', name: 'Second', password: 'second-password-0123' },
        'POST /api/domains/[domain]/buddies/ops': { revision: revision + 1_000, op: { kind: 'import', json: '{"items":[]}' } },
        'POST /api/domains/[domain]/buddies/publish': { revision: revision + 1_000 },
        'POST /api/domains/[domain]/buddies/versions/[number]/rollback': { revision: revision + 1_000 },
        'POST /api/domains/[domain]/channels': { name: 'params-new', description: 'd' },
        'PATCH /api/domains/[domain]/channels/[id]': { name: 'params-channel', description: 'changed' },
        'PATCH /api/operators/[id]': { role: 'viewer' },
        'POST /api/operators/[id]/password': { password: 'viewer-password-4567' },
        'POST /api/operators': { email: 'viewer2@example.test', name: 'V', role: 'viewer', password: 'viewer-password-0123' },
        'PUT /api/version-rules/[id]': rule,
        'POST /api/version-rules': { ...rule, osCode: 'PARAMS2' },
        'POST /api/version-rules/simulate': { osCode: 'ANDROID', packageName: 'p', buildNumber: 1, apiVersion: 1 },
      };

      const routes = discoverRoutes();
      expect(routes.length).toBeGreaterThanOrEqual(20);
      expect(routes.flatMap((route) => route.query)).toEqual(expect.arrayContaining(['page', 'q', 'version', 'from', 'to', 'actor']));
      const missing = routes.flatMap((route) =>
        route.methods.filter((m) => m.hasBody && !(`${m.method} ${route.template}` in bodies)).map((m) => `${m.method} ${route.template}`),
      );
      expect(missing, 'every route that reads a body needs a valid sample body here').toEqual([]);

      let sent = 0;
      // Every bad answer is collected, so one run lists them all.
      const failures: string[] = [];
      const send = async (method: string, url: string, body?: string) => {
        // `..` in a path is resolved by the client: a URL that leaves /api is no API request.
        if (!new URL(url, product!.baseURL).pathname.startsWith('/api')) return;
        const response = await api.fetch(url, {
          method,
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
          data: body,
        });
        sent++;
        const problem = await callersErrorProblem(response);
        if (problem) failures.push(`${method} ${url.slice(0, 150)} ${body?.slice(0, 150) ?? ''}\n  → ${problem}`);
      };
      const urlOf = (route: Route, replace: Record<string, string> = {}) =>
        route.template.replace(
          /\[\[?(?:\.\.\.)?(\w+)\]?\]/g,
          (_, name: string) => replace[name] ?? (name === 'id' ? validIds[route.template]! : valid[name]!),
        );

      for (const route of routes) {
        for (const { method, hasBody } of route.methods) {
          const sample = bodies[`${method} ${route.template}`];
          const validBody = hasBody ? JSON.stringify(sample) : undefined;
          // Each dynamic segment hostile, the rest valid, with a valid body.
          for (const segment of route.segments) {
            for (const value of hostileEncoded) await send(method, urlOf(route, { [segment]: value }), validBody);
          }
          // Each query parameter the route reads hostile, on reads (writes read none).
          if (method === 'GET') {
            for (const name of route.query) {
              for (const value of [...hostileEncoded, ...hostileQueryExtra]) await send(method, `${urlOf(route)}?${name}=${value}`);
            }
          }
          if (!hasBody) continue;
          for (const body of brokenBodies) await send(method, urlOf(route), body);
          for (const { path } of leavesOf(sample)) {
            for (const value of hostileValues) await send(method, urlOf(route), JSON.stringify(withLeaf(sample, path, value)));
          }
        }
      }
      expect(failures).toEqual([]);
      expect(sent).toBeGreaterThan(1_500);
      // Still signed in and served: nothing above broke the product.
      expect((await api.get('/api/auth/me')).status()).toBe(200);
      await api.dispose();
    });
  });
}

async function json(response: APIResponse) {
  expect(response.status(), await response.text()).toBeLessThan(300);
  return response.json();
}

/** What is wrong with an answer to a hostile request, or undefined: a 4xx with a JSON `{ error }`, or a success, without a stack trace. */
async function callersErrorProblem(response: APIResponse): Promise<string | undefined> {
  const status = response.status();
  const text = await response.text();
  const shown = `${status} ${text.slice(0, 200)}`;
  if (status >= 500) return shown;
  if (/\n\s+at .+:\d+:\d+/.test(text)) return `a stack trace: ${shown}`;
  if (status < 400) return undefined;
  if (!response.headers()['content-type']?.includes('application/json')) return `not JSON: ${shown}`;
  try {
    return typeof JSON.parse(text).error === 'string' ? undefined : `no error message: ${shown}`;
  } catch {
    return `not JSON: ${shown}`;
  }
}
