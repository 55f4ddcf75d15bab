import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSettings, type Settings } from '@/server/config';
import { freePort } from '@/test/support/free-port';
import { seedDemoData } from '@/server/seed/seed';
import { privateProsodyId, readServiceStatus } from '@/server/status/service-status';
import { startWorker, type Worker } from '@/server/worker/worker';
import { setUpXmpp, type XmppTarget } from '@/server/xmpp-setup';
import { openTestDatabase, type TestDatabase } from '../support/databases';
import { eventually, watchLogEvents, type LogEvents } from '../support/log-events';
import { connectAccount, randomMsisdn, withTimeout } from '../support/xmpp-harness';

/**
 * What `npm start` runs (setUpXmpp with the status database, the worker), and its private Prosody
 * killed with SIGKILL: the product restarts it, says so, and clients are answered again.
 */
describe('the private Prosody started by the product, killed with SIGKILL', () => {
  let database: TestDatabase;
  let dataDir: string;
  let config: Settings;
  let target: XmppTarget;
  let worker: Worker;
  let logs: LogEvents;
  const account = { local: randomMsisdn(), domain: 'localhost', password: 'a-password' };
  const jid = `${account.local}@localhost`;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    dataDir = mkdtempSync(join(tmpdir(), 'xs-supervised-'));
    config = readSettings({
      NODE_ENV: 'test',
      PROSODY_DATA_DIR: dataDir,
      PROSODY_C2S_PORT: String(await freePort()),
      PROSODY_COMPONENT_PORT: String(await freePort()),
    });
    await seedDemoData(database.db, config.XMPP_DOMAIN);
    logs = watchLogEvents();
    const setup = await setUpXmpp(config, database.db);
    if (!setup.ok) throw new Error(setup.reason);
    target = setup.target;
    worker = startWorker({ db: database.db, listen: database.listen, target, settings: config });
    await withTimeout(worker.waitOnline(), 15_000, 'the worker did not connect');
    target.privateProsody!.registerUser(account.local, account.domain, account.password);
  });

  afterAll(async () => {
    logs?.stop();
    await worker?.stop();
    await target?.privateProsody?.stop();
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('is restarted, its exit logged and shown on the status page, and the worker serves clients again', async () => {
    const before = await connectAccount({ ...account, jid }, config.PROSODY_C2S_PORT);
    expect((await before.command('cmd_get_channels', '{}', { to: 'xmpp_service@xmpp-service.localhost' })).payload).toMatchObject({
      status: 0,
    });
    await before.stop();

    const prosody = target.privateProsody!;
    const killed = prosody.pid!;
    const disconnected = once(worker.entity, 'disconnect');
    process.kill(killed, 'SIGKILL');

    const exit = await logs.next('prosody.exited', 10_000);
    expect(exit).toMatchObject({ level: 'error', pid: killed, code: null, signal: 'SIGKILL', restartInMs: 1_000, log: prosody.logPath });
    // The tail of Prosody's own log: its start-up lines at least.
    expect(exit.logTail).toMatch(/Prosody/i);
    await withTimeout(disconnected, 10_000, 'the worker did not notice that Prosody was gone');
    const status = await eventually(
      async () => {
        const current = await readServiceStatus(database.db);
        return current.recentErrors.some((error) => error.workerId === privateProsodyId) && current;
      },
      10_000,
      'the exit did not reach the status page',
    );
    expect(status.recentErrors.find((error) => error.workerId === privateProsodyId)?.message).toMatch(
      new RegExp(`^The private Prosody \\(process ${killed}\\) exited \\(killed by SIGKILL\\); restarting it in 1 s\\.`),
    );

    const restarted = await eventually(
      async () => prosody.running && prosody.pid !== killed && prosody.pid,
      20_000,
      'Prosody was not restarted',
    );
    expect(restarted).toBeGreaterThan(0);
    await withTimeout(worker.waitOnline(), 20_000, 'the worker did not reconnect to the restarted Prosody');

    const after = await connectAccount({ ...account, jid }, config.PROSODY_C2S_PORT);
    expect((await after.command('cmd_get_channels', '{}', { to: 'xmpp_service@xmpp-service.localhost' })).payload).toMatchObject({
      status: 0,
      channelList: ['news', 'offers'],
    });
    await after.stop();
    const recovered = await eventually(
      async () => {
        const current = await readServiceStatus(database.db);
        return current.connected && current;
      },
      10_000,
      'the status page did not show the service connected again',
    );
    expect(recovered.problem).toBeNull();
    expect(recovered.recentErrors.some((error) => error.workerId === privateProsodyId && error.message.includes('SIGKILL'))).toBe(true);
  });
});
