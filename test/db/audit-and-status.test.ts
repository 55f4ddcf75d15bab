import { beforeEach, describe, expect, it } from 'vitest';
import { commandMetrics, workerErrors, workerStatus } from '@/db/schema';
import { recordAudit, systemActor } from '@/server/audit';
import { replaceDraft } from '@/server/buddies/repository';
import { publishTree } from '@/server/buddies/versions';
import type { BuddyItem } from '@/lib/buddies/spec-json';
import { ensureDomain } from '@/server/domains';
import { createOperator } from '@/server/operators/repository';
import { auditFilterOptions, listAuditEntries } from '@/server/operators/audit-trail';
import { countLiveWorkers, readServiceStatus, recordXmppSetup, setupWorkerId, staleAfterMs } from '@/server/status/service-status';
import { CommandMetrics } from '@/server/worker/metrics';
import { commandMetricsKeptMs, goneWorkerKeptMs, workerErrorsKeptMs, WorkerStatusRecorder } from '@/server/worker/status-recorder';
import { newWorkerId } from '@/server/worker/worker';
import { databaseKinds } from '../support/databases';
import { useTestDb } from './database-hooks';

describe.each(databaseKinds)('audit trail and service status on %s', (kind) => {
  const db = useTestDb(kind);

  it('filters the audit log by operator, domain and object type, newest first, in pages', async () => {
    const chat = await ensureDomain(db(), 'chat.example');
    const other = await ensureDomain(db(), 'other.example');
    const alice = { label: 'alice@example.test', operatorId: null };
    for (let index = 0; index < 5; index += 1) {
      await recordAudit(db(), alice, { domainId: chat.id, objectType: 'channel', objectId: index, action: 'create', after: { index } });
    }
    await recordAudit(db(), systemActor, {
      domainId: other.id,
      objectType: 'channel',
      objectId: 99,
      action: 'delete',
      before: { index: 99 },
    });
    await recordAudit(db(), alice, {
      objectType: 'version_rule',
      objectId: 7,
      action: 'update',
      before: { minBuild: 1 },
      after: { minBuild: 2 },
    });

    expect((await listAuditEntries(db(), {})).total).toBe(7);
    const alicesChannels = await listAuditEntries(db(), { actor: alice.label, objectType: 'channel', pageSize: 2 });
    expect(alicesChannels.total).toBe(5);
    expect(alicesChannels.entries.map((entry) => entry.objectId)).toEqual(['4', '3']);
    const third = await listAuditEntries(db(), { actor: alice.label, objectType: 'channel', pageSize: 2, page: 3 });
    expect(third.entries.map((entry) => [entry.objectId, entry.domain])).toEqual([['0', 'chat.example']]);
    expect((await listAuditEntries(db(), { domain: 'other.example' })).entries).toMatchObject([
      { actor: 'system', action: 'delete', before: { index: 99 }, after: null },
    ]);
    expect(await auditFilterOptions(db())).toEqual({ actors: ['alice@example.test', 'system'], objectTypes: ['channel', 'version_rule'] });
  });

  it('names the operator where they have a name, and says what each published version changed', async () => {
    const chat = await ensureDomain(db(), 'chat.example');
    const named = await createOperator(db(), systemActor, {
      email: 'nina@example.test',
      name: 'Nina Rossi',
      role: 'editor',
      password: 'a-long-password-0123',
    });
    const unnamed = await createOperator(db(), systemActor, {
      email: 'nameless@example.test',
      role: 'editor',
      password: 'a-long-password-0123',
    });
    const node = (address: string, name: string): BuddyItem => ({
      address,
      serverAddress: null,
      type: 'channel',
      mobileIsPublished: true,
      webIsPublished: true,
      info: { name, status: '', imageUrl: '', thumbUrl: '', defaultMessage: '' },
      items: [],
    });
    // The draft's sibling positions are checked at commit: a replace runs in a transaction, as the console's do.
    await db().transaction(async (tx) => {
      const tree = [node('a', 'A'), node('b', 'B')];
      await replaceDraft(tx, chat.id, tree);
      await publishTree(tx, chat.id, tree, { label: named.email, operatorId: named.id });
    });
    await db().transaction(async (tx) => {
      const tree = [node('a', 'A renamed'), node('c', 'C')];
      await replaceDraft(tx, chat.id, tree);
      await publishTree(tx, chat.id, tree, { label: unnamed.email, operatorId: unnamed.id });
    });
    const { entries } = await listAuditEntries(db(), { objectType: 'buddies' });
    expect(entries.map(({ actor, actorName, action, after }) => ({ actor, actorName, action, after }))).toEqual([
      {
        actor: 'nameless@example.test',
        actorName: null,
        action: 'publish',
        after: { number: 2, rolledBackFrom: null, nodes: { added: 1, removed: 1, changed: 1 } },
      },
      {
        actor: 'nina@example.test',
        actorName: 'Nina Rossi',
        action: 'publish',
        after: { number: 1, rolledBackFrom: null, nodes: { added: 2, removed: 0, changed: 0 } },
      },
    ]);
  });

  it('says why XMPP is unavailable until a worker connects, and forgets the reason once set up', async () => {
    const now = new Date();
    await recordXmppSetup(
      db(),
      { componentJid: 'xmpp-service.chat.example', service: 'private Prosody' },
      { ok: false, reason: 'Prosody is not installed' },
    );
    let status = await readServiceStatus(db(), now);
    expect(status).toMatchObject({ connected: false, problem: 'Prosody is not installed', workers: [] });

    await db().insert(workerStatus).values({
      workerId: 'host-1',
      componentJid: 'xmpp-service.chat.example',
      service: 'xmpp://127.0.0.1:5347',
      connected: true,
      connectedSince: now,
      heartbeatAt: now,
    });
    status = await readServiceStatus(db(), now);
    expect(status).toMatchObject({ connected: true, problem: null, workers: [{ workerId: 'host-1', stale: false }] });

    // A worker that stopped heartbeating is gone, whatever its row says.
    status = await readServiceStatus(db(), new Date(now.getTime() + staleAfterMs + 1000));
    expect(status).toMatchObject({ connected: false, workers: [{ workerId: 'host-1', stale: true }] });

    await recordXmppSetup(db(), { componentJid: 'xmpp-service.chat.example', service: 'private Prosody' }, { ok: true });
    const rows = await db().select({ workerId: workerStatus.workerId }).from(workerStatus);
    expect(rows.map((row) => row.workerId)).not.toContain(setupWorkerId);
  });

  it('sums the last hour of command metrics per command and lists the latest errors', async () => {
    const now = new Date('2025-01-01T12:00:00Z');
    const minute = (minutesAgo: number) => new Date(now.getTime() - minutesAgo * 60_000);
    await db()
      .insert(commandMetrics)
      .values([
        { minute: minute(1), command: 'cmd_get_channels', count: 3, errors: 0, totalMicros: 3_000, maxMicros: 1_500 },
        { minute: minute(30), command: 'cmd_get_channels', count: 1, errors: 1, totalMicros: 5_000, maxMicros: 5_000 },
        { minute: minute(90), command: 'cmd_get_channels', count: 100, errors: 100, totalMicros: 1, maxMicros: 99_000 },
        { minute: minute(2), command: 'cmd_check_client_version', count: 2, errors: 0, totalMicros: 1_000, maxMicros: 600 },
      ]);
    await db()
      .insert(workerErrors)
      .values([
        { workerId: 'host-1', message: 'older', at: minute(10) },
        { workerId: 'host-1', message: 'newer', at: minute(1) },
      ]);
    const status = await readServiceStatus(db(), now);
    expect(status.commands).toEqual([
      { command: 'cmd_check_client_version', count: 2, errors: 0, avgMs: 0.5, maxMs: 0.6 },
      { command: 'cmd_get_channels', count: 4, errors: 1, avgMs: 2, maxMs: 5 },
    ]);
    expect(status.recentErrors.map((error) => error.message)).toEqual(['newer', 'older']);
  });
});

describe.each(databaseKinds)('worker status rows and rates on %s', (kind) => {
  const db = useTestDb(kind);
  beforeEach(async () => {
    await db().delete(workerStatus);
    await db().delete(commandMetrics);
  });

  it('keeps one row per worker process: live while it heartbeats, gone once it stops, deleted on a clean stop or after a day', async () => {
    const [first, second] = [newWorkerId('host-a'), newWorkerId('host-a')];
    expect(first).toMatch(new RegExp(`^host-a/${process.pid}/[0-9a-f]{6}$`));
    expect(second).not.toBe(first);
    const recorder = (workerId: string, host: string, server: string) =>
      new WorkerStatusRecorder(db(), workerId, host, 'xmpp-service.chat.example', server);
    const [a, b, c] = [
      recorder(first, 'host-a', 'xmpp://node-2:5347'),
      recorder(second, 'host-a', 'xmpp://node-1:5347'),
      recorder('host-b/7/cccccc', 'host-b', 'xmpp://node-1:5347'),
    ];
    await Promise.all([a.connected(), b.connected(), c.connected()]);
    const start = new Date();
    let status = await readServiceStatus(db(), start);
    // By the server (cluster node) each connects to, then host.
    expect(status.workers.map((worker) => [worker.service, worker.host, worker.workerId, worker.stale])).toEqual([
      ['xmpp://node-1:5347', 'host-a', second, false],
      ['xmpp://node-1:5347', 'host-b', 'host-b/7/cccccc', false],
      ['xmpp://node-2:5347', 'host-a', first, false],
    ]);
    expect(await countLiveWorkers(db(), start)).toBe(3);

    // b and c go on heartbeating; a vanished (kill -9): past the expiry it no longer counts.
    const later = new Date(start.getTime() + staleAfterMs + 1_000);
    await Promise.all([b.heartbeat(later), c.heartbeat(later)]);
    status = await readServiceStatus(db(), later);
    expect(status.connected).toBe(true);
    expect(status.workers.find((worker) => worker.workerId === first)).toMatchObject({ stale: true, connected: true });
    expect(await countLiveWorkers(db(), later)).toBe(2);

    // A clean stop leaves nothing behind.
    await c.removed();
    expect((await readServiceStatus(db(), later)).workers.map((worker) => worker.workerId)).not.toContain('host-b/7/cccccc');

    // A live worker's housekeeping deletes the rows of workers gone for longer than a day.
    const nextDay = new Date(start.getTime() + goneWorkerKeptMs + 1_000);
    await b.heartbeat(nextDay);
    expect((await readServiceStatus(db(), nextDay)).workers.map((worker) => worker.workerId)).toEqual([second]);
    expect(await countLiveWorkers(db(), new Date(nextDay.getTime() + staleAfterMs + 1_000))).toBe(0);
  });

  it('deletes command metrics after a week and worker errors after a month, at most once an hour', async () => {
    await db().delete(workerErrors);
    const now = new Date();
    const ago = (ms: number) => new Date(now.getTime() - ms);
    const minute = (at: Date) => new Date(Math.floor(at.getTime() / 60_000) * 60_000);
    const keptMetric = minute(ago(commandMetricsKeptMs - 60_000));
    await db()
      .insert(commandMetrics)
      .values(
        [keptMetric, minute(ago(commandMetricsKeptMs + 60_000))].map((at) => ({ minute: at, command: 'cmd_get_channels', count: 1 })),
      );
    const keptError = ago(workerErrorsKeptMs - 2 * 60 * 60_000);
    await db()
      .insert(workerErrors)
      .values([keptError, ago(workerErrorsKeptMs + 60_000)].map((at) => ({ workerId: 'host-a/1/aaaaaa', message: 'lost', at })));
    const recorder = new WorkerStatusRecorder(db(), 'host-a/1/aaaaaa', 'host-a', 'xmpp-service.chat.example', 'xmpp://127.0.0.1:5347');
    await recorder.connected();
    await recorder.heartbeat(now);
    expect((await db().select().from(commandMetrics)).map((row) => row.minute)).toEqual([keptMetric]);
    expect((await db().select().from(workerErrors)).map((row) => row.at)).toEqual([keptError]);

    // The next beats within the hour leave the tables alone; the first one after it sweeps again.
    const past = (at: Date) => new Date(at.getTime() - workerErrorsKeptMs - 1);
    const inHalfAnHour = new Date(now.getTime() + 30 * 60_000);
    await db()
      .insert(workerErrors)
      .values({ workerId: 'host-a/1/aaaaaa', message: 'lost', at: past(inHalfAnHour) });
    await recorder.heartbeat(inHalfAnHour);
    expect(await db().select().from(workerErrors)).toHaveLength(2);
    await recorder.heartbeat(new Date(now.getTime() + 61 * 60_000));
    expect(await db().select().from(workerErrors)).toHaveLength(1);
  });

  it('gives each worker its commands per minute over the last five minutes, from its own metrics', async () => {
    const now = new Date('2025-01-01T12:00:30Z');
    const [busy, idle] = [new CommandMetrics('host-a/1/aaaaaa'), new CommandMetrics('host-a/2/bbbbbb')];
    for (let index = 0; index < 100; index += 1)
      busy.record('cmd_get_channels', 500, false, new Date(now.getTime() - (index % 4) * 60_000));
    idle.record('cmd_get_channels', 500, false, new Date(now.getTime() - 10 * 60_000));
    await busy.flush(db());
    await idle.flush(db());
    await db()
      .insert(workerStatus)
      .values(
        ['host-a/1/aaaaaa', 'host-a/2/bbbbbb'].map((workerId) => ({
          workerId,
          host: 'host-a',
          componentJid: 'xmpp-service.chat.example',
          service: 'xmpp://127.0.0.1:5347',
          connected: true,
          heartbeatAt: now,
        })),
      );
    const status = await readServiceStatus(db(), now);
    expect(status.workers.map((worker) => worker.commandsPerMinute)).toEqual([20, 0]);
    expect(status.commands).toEqual([expect.objectContaining({ command: 'cmd_get_channels', count: 101 })]);
  });
});
