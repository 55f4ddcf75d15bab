import { chmodSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSettings } from '@/server/config';
import { relocatedProsodyBase } from '@/server/prosody/private-prosody';
import { freePort } from '@/test/support/free-port';
import { seedDemoData } from '@/server/seed/seed';
import { startWorker } from '@/server/worker/worker';
import { setUpXmpp } from '@/server/xmpp-setup';
import { openTestDatabase } from '../support/databases';
import { watchLogEvents } from '../support/log-events';
import { connectAccount, randomMsisdn, withTimeout } from '../support/xmpp-harness';

const asRoot = process.getuid?.() === 0;

/**
 * A checkout under /root (mode 0700) run as root: Prosody runs as the `prosody` user, which cannot
 * reach a data directory there. Here the same situation: a data directory inside a fresh 0700 directory.
 * (Run by another user, Prosody runs as that user and reads its own directories: it must serve too.)
 */
describe('the private Prosody of a data directory inside a directory closed to other users', () => {
  it('serves clients (as root, from a directory the prosody user can reach, and says so)', async () => {
    const closed = mkdtempSync(join(tmpdir(), 'xs-closed-'));
    chmodSync(closed, 0o700);
    const database = await openTestDatabase('pglite');
    const logs = watchLogEvents();
    const config = readSettings({
      NODE_ENV: 'test',
      PROSODY_DATA_DIR: join(closed, 'checkout', '.data', 'prosody'),
      PROSODY_C2S_PORT: String(await freePort()),
      PROSODY_COMPONENT_PORT: String(await freePort()),
    });
    const xmpp = await setUpXmpp(config, database.db);
    logs.stop();
    if (!xmpp.ok) throw new Error(xmpp.reason);
    const prosody = xmpp.target.privateProsody!;
    const worker = startWorker({ db: database.db, listen: database.listen, target: xmpp.target, settings: config });
    try {
      expect(statSync(closed).mode & 0o777).toBe(0o700);
      expect(prosody.relocated).toBe(asRoot);
      if (asRoot) {
        expect(prosody.runtimeDir.startsWith(`${relocatedProsodyBase}/`)).toBe(true);
        expect(logs.lines.find((line) => line.event === 'prosody.relocated')).toMatchObject({
          level: 'warn',
          dataDir: config.PROSODY_DATA_DIR,
          runtimeDir: prosody.runtimeDir,
        });
      }
      await seedDemoData(database.db, config.XMPP_DOMAIN);
      await withTimeout(worker.waitOnline(), 15_000, 'the worker did not connect');
      const account = { local: randomMsisdn(), domain: 'localhost', password: 'a-password' };
      prosody.registerUser(account.local, account.domain, account.password);
      const user = await connectAccount({ ...account, jid: `${account.local}@localhost` }, config.PROSODY_C2S_PORT);
      expect((await user.command('cmd_get_channels', '{}', { to: 'xmpp_service@xmpp-service.localhost' })).payload).toMatchObject({
        status: 0,
        channelList: ['news', 'offers'],
      });
      // The account store the worker reads is the one Prosody writes.
      expect(
        (await user.command('cmd_search_users', { userList: [account.local] }, { to: 'xmpp_service@xmpp-service.localhost' })).payload,
      ).toMatchObject({
        status: 0,
        userList: [account.local],
      });
      await user.stop();
    } finally {
      await worker.stop();
      await prosody.stop();
      await database.close();
      if (prosody.relocated) rmSync(prosody.runtimeDir, { recursive: true, force: true });
      rmSync(closed, { recursive: true, force: true });
    }
  });
});
