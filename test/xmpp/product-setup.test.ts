import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSettings } from '@/server/config';
import { canConnect } from '@/server/prosody/private-prosody';
import { freePort } from '@/test/support/free-port';
import { seedDemoData } from '@/server/seed/seed';
import specExamples from '@/server/seed/spec-examples.json';
import { checkHealth, setProcessXmpp, workersElsewhere } from '@/server/status/health';
import { readServiceStatus, recordXmppSetup } from '@/server/status/service-status';
import { startProcessXmpp } from '@/server/worker/in-process';
import { WorkerStatusRecorder } from '@/server/worker/status-recorder';
import { startWorker } from '@/server/worker/worker';
import { setUpXmpp } from '@/server/xmpp-setup';
import { databaseKinds, openTestDatabase } from '../support/databases';
import { connectAccount, randomMsisdn, withTimeout } from '../support/xmpp-harness';

/**
 * What `npm start` does, with the product's defaults: domain `localhost`, component
 * `xmpp-service.localhost`, the private Prosody from setUpXmpp (its SQL storage in the same
 * PostgreSQL database when DATABASE_URL is set), the seeded demo data, and the worker.
 */
describe.each(databaseKinds)('the product setup on %s', (kind) => {
  it("connects the worker as xmpp-service.localhost and answers a real client's vCard with the spec's buddies", async () => {
    const database = await openTestDatabase(kind);
    const dataDir = mkdtempSync(join(tmpdir(), 'xs-setup-'));
    const config = readSettings({
      NODE_ENV: 'test',
      ...(database.url ? { DATABASE_URL: database.url } : {}),
      PROSODY_DATA_DIR: dataDir,
      PROSODY_C2S_PORT: String(await freePort()),
      PROSODY_COMPONENT_PORT: String(await freePort()),
    });
    expect([config.XMPP_DOMAIN, config.XMPP_COMPONENT_JID]).toEqual(['localhost', 'xmpp-service.localhost']);
    const xmpp = await setUpXmpp(config);
    if (!xmpp.ok) throw new Error(xmpp.reason);
    const worker = startWorker({ db: database.db, listen: database.listen, target: xmpp.target, settings: config });
    try {
      await seedDemoData(database.db, config.XMPP_DOMAIN);
      await withTimeout(worker.waitOnline(), 15_000, 'the worker did not connect');
      const account = { local: randomMsisdn(), domain: 'localhost', password: 'a-password' };
      xmpp.target.privateProsody!.registerUser(account.local, account.domain, account.password);
      const user = await connectAccount({ ...account, jid: `${account.local}@localhost` }, config.PROSODY_C2S_PORT);
      const desc = await user.vcardDesc('xmpp-service.localhost');
      expect(JSON.parse(desc)).toEqual({
        items: [...specExamples.bots.items, ...specExamples.mobileTicketing.items, ...specExamples.liam.items],
      });
      expect((await user.command('cmd_get_channels', '{}', { to: 'xmpp_service@xmpp-service.localhost' })).payload).toMatchObject({
        status: 0,
        channelList: ['news', 'offers'],
      });
      await user.stop();
      // An operator reads this log (the status page shows its tail when Prosody exits): it must
      // hold no error from a normal start and a normal session.
      expect(readFileSync(xmpp.target.privateProsody!.logPath, 'utf8')).not.toMatch(/\t(error|warn)\t/);
    } finally {
      await worker.stop();
      await xmpp.target.privateProsody?.stop();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

/**
 * `npm start` with XMPP_WORKER=off: the console alone. Its XMPP part starts nothing, and what it
 * reports as XMPP (/api/health, the status page) is the workers that run elsewhere.
 */
describe('the product setup with XMPP_WORKER=off', () => {
  it('starts no Prosody and no worker, and counts the live workers that report from elsewhere', async () => {
    const database = await openTestDatabase('postgres');
    const dataDir = mkdtempSync(join(tmpdir(), 'xs-console-only-'));
    const config = readSettings({
      NODE_ENV: 'test',
      DATABASE_URL: database.url!,
      XMPP_WORKER: 'off',
      PROSODY_DATA_DIR: join(dataDir, 'prosody'),
      PROSODY_C2S_PORT: String(await freePort()),
      PROSODY_COMPONENT_PORT: String(await freePort()),
    });
    const stops: Array<() => Promise<void>> = [];
    try {
      // What an earlier embedded start could not set up no longer applies.
      await recordXmppSetup(
        database.db,
        { componentJid: config.XMPP_COMPONENT_JID, service: 'private Prosody' },
        { ok: false, reason: 'old' },
      );
      const source = await startProcessXmpp(config, database, (stop) => stops.push(stop));
      expect(source).toBe(workersElsewhere);
      expect(stops).toEqual([]);
      expect(existsSync(join(dataDir, 'prosody'))).toBe(false);
      expect(await canConnect(config.PROSODY_C2S_PORT)).toBe(false);
      expect(await readServiceStatus(database.db)).toMatchObject({ connected: false, problem: null, workers: [] });

      setProcessXmpp(source);
      const health = () => checkHealth(async () => database.db);
      expect((await health()).xmpp).toEqual({ ok: false, detail: expect.stringContaining('no live worker reports to this database') });

      const elsewhere = new WorkerStatusRecorder(
        database.db,
        'other-host/42/abcdef',
        'other-host',
        config.XMPP_COMPONENT_JID,
        'xmpp://10.0.0.2:5347',
      );
      await elsewhere.connected();
      expect(await health()).toMatchObject({ ok: true, xmpp: { ok: true, detail: '1 worker connected elsewhere' } });
      expect(await readServiceStatus(database.db)).toMatchObject({
        connected: true,
        workers: [{ host: 'other-host', service: 'xmpp://10.0.0.2:5347', stale: false }],
      });

      await elsewhere.removed();
      expect((await health()).xmpp.ok).toBe(false);
    } finally {
      for (const stop of stops.reverse()) await stop();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
