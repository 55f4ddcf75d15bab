import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '@/server/audit';
import { editDraft } from '@/server/buddies/draft';
import { createChannel } from '@/server/channels/admin';
import { publishReviewedDraft } from '@/server/buddies/versions';
import { findDomain } from '@/server/domains';
import { PrivateProsody } from '@/server/prosody/private-prosody';
import { freePort } from '@/test/support/free-port';
import { seedDemoData } from '@/server/seed/seed';
import specExamples from '@/server/seed/spec-examples.json';
import { prosodySqlSettings } from '@/server/xmpp-setup';
import { openTestDatabase, type TestDatabase } from '../support/databases';
import { connectAccount, randomMsisdn, withTimeout, type TestUser } from '../support/xmpp-harness';

/**
 * `npm run worker` as its own process, the way it runs apart from the console: PostgreSQL shared
 * with the console's code (here the test, calling the same publish the console's route calls), and
 * an existing Prosody configured as the README says (component, mod_privilege, SQL storage).
 */
describe('the worker as its own process (npm run worker) beside an existing Prosody', () => {
  const domain = 'served.test';
  const componentJid = `xmpp-service.${domain}`;
  let database: TestDatabase;
  let dataDir: string;
  let prosody: PrivateProsody;
  let worker: ChildProcess;
  let user: TestUser;
  const workerEvents: Array<Record<string, unknown>> = [];
  const eventWaiters: Array<{ matches: (line: Record<string, unknown>) => boolean; resolve: () => void }> = [];

  /** Resolves once the worker process has logged `event` (with these fields), from now on when `fields` are given. */
  function loggedEvent(event: string, fields?: Record<string, unknown>): Promise<void> {
    const matches = (line: Record<string, unknown>) =>
      line.event === event && Object.entries(fields ?? {}).every(([key, value]) => line[key] === value);
    if (!fields && workerEvents.some(matches)) return Promise.resolve();
    return new Promise((resolve) => eventWaiters.push({ matches, resolve }));
  }

  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    await seedDemoData(database.db, domain);
    dataDir = mkdtempSync(join(tmpdir(), 'xs-worker-process-'));
    const [c2sPort, componentPort] = [await freePort(), await freePort()];
    const componentSecret = randomBytes(16).toString('hex');
    prosody = new PrivateProsody({
      dataDir,
      domains: [domain],
      componentJid,
      componentSecret,
      c2sPort,
      componentPort,
      allowRegistration: false,
      sql: prosodySqlSettings(database.url!),
    });
    await prosody.start();

    worker = spawn(process.execPath, ['--import', 'tsx', 'server/worker/main.ts'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        LOG_LEVEL: 'info',
        DATABASE_URL: database.url,
        XMPP_COMPONENT_SERVICE: `xmpp://127.0.0.1:${componentPort}`,
        XMPP_COMPONENT_SECRET: componentSecret,
        XMPP_COMPONENT_JID: componentJid,
        XMPP_ACCOUNT_STORE: `sql:${database.url}`,
      },
    });
    // Its warnings and errors go where this process's go: shown when a test fails (quiet-logs).
    createInterface({ input: worker.stderr! }).on('line', (text) => process.stderr.write(`${text}\n`));
    createInterface({ input: worker.stdout! }).on('line', (text) => {
      if (!text.startsWith('{')) return;
      const line = JSON.parse(text) as Record<string, unknown>;
      workerEvents.push(line);
      for (const waiter of eventWaiters.filter(({ matches }) => matches(line))) waiter.resolve();
    });
    await withTimeout(loggedEvent('worker.online'), 30_000, `npm run worker did not connect: ${JSON.stringify(workerEvents)}`);

    const account = { local: randomMsisdn(), domain, password: randomBytes(9).toString('base64url') };
    prosody.registerUser(account.local, account.domain, account.password);
    user = await connectAccount({ ...account, jid: `${account.local}@${domain}` }, c2sPort);
  }, 60_000);

  afterAll(async () => {
    await user?.stop();
    if (worker?.exitCode === null) worker.kill('SIGKILL');
    await prosody?.stop();
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("serves the published buddies, and a tree published by the console's code as soon as the publish is announced", async () => {
    const seeded = { items: [...specExamples.bots.items, ...specExamples.mobileTicketing.items, ...specExamples.liam.items] };
    expect(JSON.parse(await user.vcardDesc(componentJid))).toEqual(seeded);

    const served = (await findDomain(database.db, domain))!;
    const edited = await editDraft(database.db, served.id, served.draftRevision, systemActor, {
      kind: 'import',
      json: JSON.stringify(specExamples.liam),
    });
    const announced = loggedEvent('worker.change_applied', { kind: 'buddies', domainId: served.id });
    await publishReviewedDraft(database.db, served.id, edited.draft.revision, systemActor);
    // PostgreSQL NOTIFY carries the publish to the worker process, which replaces the vCard it kept.
    await withTimeout(announced, 10_000, `the worker process did not hear of the publish: ${JSON.stringify(workerEvents.slice(-5))}`);
    expect(JSON.parse(await user.vcardDesc(componentJid))).toEqual(specExamples.liam);
  });

  it("finds its user in Prosody's SQL account store and answers commands", async () => {
    const search = await user.command('cmd_search_users', { userList: [user.local, '00390000000000'] });
    expect(search.payload).toMatchObject({ status: 0, errorCode: null, errorMessage: [], userList: [user.local] });
    expect((await user.command('cmd_get_channels', '{}')).payload).toMatchObject({ status: 0, channelList: ['news', 'offers'] });
  });

  it('lists a channel created in the console as soon as the change is announced', async () => {
    const served = (await findDomain(database.db, domain))!;
    expect((await user.command('cmd_get_channels', '{}')).payload).toMatchObject({ channelList: ['news', 'offers'] });
    const announced = loggedEvent('worker.change_applied', { kind: 'channels', domainId: served.id });
    await createChannel(database.db, systemActor, served.id, { name: 'alerts', description: '' });
    await withTimeout(announced, 10_000, 'the worker process did not hear of the new channel');
    expect((await user.command('cmd_get_channels', '{}')).payload).toMatchObject({ channelList: ['alerts', 'news', 'offers'] });
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => worker.once('exit', (code) => resolve(code)));
    worker.kill('SIGTERM');
    expect(await withTimeout(exited, 15_000, 'the worker did not stop on SIGTERM')).toBe(0);
  });
});
