import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GET as health } from '@/app/api/health/route';
import { GET as status } from '@/app/api/status/route';
import { openDatabase, type Database } from '@/db/client';
import { setProcessDatabase } from '@/server/database';
import { sessionCookieName } from '@/server/auth/cookie';
import { createSession } from '@/server/auth/sessions';
import { createFirstAdmin } from '@/server/operators/repository';
import { setProcessXmpp } from '@/server/status/health';
import { openTestDatabase, type TestDatabase } from '../support/databases';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

/** What a load balancer allows a health check, and what the console allows itself before saying "unavailable". */
const healthAnswerMs = 2_000;
const consoleAnswerMs = 2_500;

async function timed(call: () => Promise<Response>): Promise<{ response: Response; body: Record<string, unknown>; ms: number }> {
  const started = performance.now();
  const response = await call();
  return { response, body: (await response.json()) as Record<string, unknown>, ms: performance.now() - started };
}

/**
 * The console's health and status routes, as `npm start` runs them, on a PostgreSQL the test
 * takes away (a proxy in front of this test's own database: the shared server keeps running).
 */
describe('the console with its PostgreSQL database cut off', () => {
  let direct: TestDatabase;
  let proxy: TcpProxy;
  let proxied: Database;
  const xmpp = { online: true, problem: undefined as string | undefined };
  let cookie: string;
  const statusRequest = () =>
    status(new Request('http://console.test/api/status', { headers: { cookie } }), { params: Promise.resolve({}) });

  beforeAll(async () => {
    direct = await openTestDatabase('postgres');
    const url = new URL(direct.url!);
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.port = String(proxy.port);
    proxied = await openDatabase({ url: url.toString() });
    setProcessDatabase(Promise.resolve(proxied));
    setProcessXmpp(xmpp);
    const admin = await createFirstAdmin(direct.db, { email: 'admin@outage.test', password: 'outage-admin-password' });
    cookie = `${sessionCookieName}=${await createSession(direct.db, admin!.id, 'vitest')}`;
  });
  afterAll(async () => {
    proxy?.restore();
    await proxied?.close();
    await proxy?.close();
    await direct?.close();
  });

  it('answers health 200 when the database answers and the component is connected', async () => {
    const { response, body } = await timed(health);
    expect(response.status).toBe(200);
    expect(body).toMatchObject({ ok: true, down: [], database: { ok: true }, xmpp: { ok: true } });
  });

  it('does not say ok while the XMPP component is not connected, and says why', async () => {
    Object.assign(xmpp, { online: false, problem: 'connect ECONNREFUSED 127.0.0.1:5347' });
    try {
      const { response, body } = await timed(health);
      expect(response.status).toBe(503);
      expect(body).toMatchObject({
        ok: false,
        down: ['xmpp'],
        database: { ok: true },
        xmpp: { ok: false, detail: 'not connected: connect ECONNREFUSED 127.0.0.1:5347' },
      });
    } finally {
      Object.assign(xmpp, { online: true, problem: undefined });
    }
  });

  for (const fault of ['refuse', 'stall'] as const) {
    it(`names the database as down, in health within 2 s and in the status API at once, while it ${fault}s connections; recovers by itself`, async () => {
      expect((await statusRequest()).status).toBe(200);
      proxy.cut(fault);
      // Several in a row: the driver's pool fails differently on its first and later attempts.
      for (let attempt = 0; attempt < 3; attempt++) {
        const checked = await timed(health);
        expect(checked.response.status).toBe(503);
        expect(checked.body).toMatchObject({
          ok: false,
          down: ['database'],
          database: { ok: false, detail: expect.stringMatching(/^unavailable: /) },
          xmpp: { ok: true },
        });
        expect(checked.ms).toBeLessThan(healthAnswerMs);

        const statusAnswer = await timed(statusRequest);
        expect(statusAnswer.response.status).toBe(503);
        expect(statusAnswer.body).toMatchObject({ error: expect.stringMatching(/^The database is unavailable/), down: ['database'] });
        expect(statusAnswer.ms).toBeLessThan(consoleAnswerMs);
      }

      proxy.restore();
      await vi.waitFor(async () => expect((await health()).status).toBe(200), { timeout: 10_000, interval: 250 });
      const back = await timed(statusRequest);
      expect(back.response.status).toBe(200);
      expect(back.body).toMatchObject({ workers: [] });
    });
  }
});
