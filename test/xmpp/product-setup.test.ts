import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSettings } from '@/server/config';
import { freePort } from '@/test/support/free-port';
import { seedDemoData } from '@/server/seed/seed';
import specExamples from '@/server/seed/spec-examples.json';
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
    } finally {
      await worker.stop();
      await xmpp.target.privateProsody?.stop();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
