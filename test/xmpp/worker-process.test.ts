import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '@/server/audit';
import { readSettings } from '@/server/config';
import { editDraft } from '@/server/buddies/draft';
import { createChannel } from '@/server/channels/admin';
import { publishReviewedDraft } from '@/server/buddies/versions';
import { findDomain } from '@/server/domains';
import { PrivateProsody } from '@/server/prosody/private-prosody';
import { freePort } from '@/test/support/free-port';
import { seedDemoData } from '@/server/seed/seed';
import { countLiveWorkers, readServiceStatus, staleAfterMs } from '@/server/status/service-status';
import { startProcessXmpp } from '@/server/worker/in-process';
import specExamples from '@/server/seed/spec-examples.json';
import { prosodySqlSettings } from '@/server/xmpp-setup';
import { openTestDatabase, type TestDatabase } from '../support/databases';
import { eventually } from '../support/log-events';
import { spawnWorkerProcess, type WorkerProcess } from '../support/worker-process';
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

/**
 * `npm start` (its XMPP part, startProcessXmpp, here in the test's process) runs the private
 * Prosody of PROSODY_DATA_DIR and its worker; `npm run worker` with the same settings joins that
 * Prosody rather than starting a second one, is refused by Prosody's one-connection-per-component
 * rule and says so, and takes over when the product's worker stops.
 */
describe('npm run worker beside a running product with the same PROSODY_DATA_DIR', { timeout: 180_000 }, () => {
  it('joins its Prosody, names the conflict, has a row of its own, takes over, and expires when killed', async () => {
    const database = await openTestDatabase('postgres');
    const dataDir = mkdtempSync(join(tmpdir(), 'xs-beside-product-'));
    // Open to the prosody user, so that Prosody runs from the data directory itself (see prosody-closed-parent).
    chmodSync(dataDir, 0o755);
    const env = {
      DATABASE_URL: database.url!,
      PROSODY_DATA_DIR: join(dataDir, 'prosody'),
      PROSODY_C2S_PORT: String(await freePort()),
      PROSODY_COMPONENT_PORT: String(await freePort()),
    };
    const productStops: Array<() => Promise<void>> = [];
    let worker: WorkerProcess | undefined;
    try {
      await startProcessXmpp(readSettings({ NODE_ENV: 'test', ...env }), database, (stop) => productStops.push(stop));
      const connectedWorkers = async () => (await readServiceStatus(database.db)).workers.filter((row) => row.connected);
      const [productWorker] = await eventually(
        async () => ((await connectedWorkers()).length === 1 ? connectedWorkers() : undefined),
        30_000,
        "the product's worker did not connect",
      );
      const prosodyPid = Number(readFileSync(join(env.PROSODY_DATA_DIR, 'prosody.pid'), 'utf8'));

      worker = spawnWorkerProcess(env);
      const joined = await worker.next('prosody.joined', 60_000);
      expect(joined).toMatchObject({ pid: prosodyPid, ownerPid: process.pid, component: `127.0.0.1:${env.PROSODY_COMPONENT_PORT}` });
      const refused = await worker.next('worker.disconnected', 30_000);
      expect(refused.reason).toContain('another worker already serves xmpp-service.localhost on this Prosody');
      expect(refused.reason).toContain('run several workers against ejabberd');
      expect(refused.reason).not.toMatch(/Debian/);
      expect(worker.lines.map((line) => line.event)).not.toContain('prosody.started');
      expect(Number(readFileSync(join(env.PROSODY_DATA_DIR, 'prosody.pid'), 'utf8'))).toBe(prosodyPid);

      // Two processes, two rows on one host: the product's worker serving, the other saying why not.
      const rows = await eventually(
        async () => {
          const { workers } = await readServiceStatus(database.db);
          return workers.length === 2 && workers.some((row) => row.lastError?.includes('another worker already serves')) && workers;
        },
        30_000,
        'the second worker has no row of its own',
      );
      expect(new Set(rows.map((row) => row.workerId)).size).toBe(2);
      expect(rows.map((row) => row.host)).toEqual([hostname(), hostname()]);
      expect(rows.find((row) => row.workerId === productWorker!.workerId)).toMatchObject({ connected: true });

      // The product's worker stops cleanly (its row goes); the waiting worker is accepted.
      await productStops.pop()!();
      await worker.next('worker.online', 30_000);
      const [serving] = await eventually(
        async () => {
          const { workers } = await readServiceStatus(database.db);
          return workers.length === 1 && workers[0]!.connected && workers;
        },
        30_000,
        "the product's worker left its row behind, or the other did not report connected",
      );
      expect(serving!.workerId).not.toBe(productWorker!.workerId);

      // kill -9: nothing removes its row, but once its heartbeat is older than the expiry it no longer counts.
      worker.child.kill('SIGKILL');
      await worker.exited(30_000);
      const [vanished] = (await readServiceStatus(database.db)).workers;
      const afterExpiry = new Date(vanished!.heartbeatAt.getTime() + staleAfterMs + 1_000);
      expect((await readServiceStatus(database.db, afterExpiry)).workers).toEqual([expect.objectContaining({ stale: true })]);
      expect(await countLiveWorkers(database.db, afterExpiry)).toBe(0);
    } finally {
      if (worker?.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGKILL');
      for (const stop of productStops.reverse()) await stop();
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
