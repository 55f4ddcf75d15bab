import { describe, expect, it } from 'vitest';
import { commandMetrics, workerErrors, workerStatus } from '@/db/schema';
import { recordAudit, systemActor } from '@/server/audit';
import { replaceDraft } from '@/server/buddies/repository';
import { publishTree } from '@/server/buddies/versions';
import type { BuddyItem } from '@/lib/buddies/spec-json';
import { ensureDomain } from '@/server/domains';
import { createOperator } from '@/server/operators/repository';
import { auditFilterOptions, listAuditEntries } from '@/server/operators/audit-trail';
import { readServiceStatus, recordXmppSetup, setupWorkerId, staleAfterMs } from '@/server/status/service-status';
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
