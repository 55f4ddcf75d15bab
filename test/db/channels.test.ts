import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, channelSubscriptions } from '@/db/schema';
import type { Actor } from '@/server/audit';
import {
  createChannel,
  deleteChannel,
  findChannelByName,
  listChannelsWithCounts,
  listSubscribers,
  updateChannel,
} from '@/server/channels/admin';
import { ensureDomain } from '@/server/domains';
import { databaseKinds, openTestDatabase, type TestDatabase } from '../support/databases';

const actor: Actor = { label: 'tester@example.test', operatorId: null };

describe.each(databaseKinds)('channel administration on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(() => database.close());

  it('creates, renames keeping subscribers, pages and searches them, deletes; all audited', async () => {
    const domain = await ensureDomain(database.db, 'chat.example');
    const other = await ensureDomain(database.db, 'other.example');
    const sports = await createChannel(database.db, actor, domain.id, { name: 'sports', description: '' });
    await createChannel(database.db, actor, domain.id, { name: 'arts', description: 'Galleries' });
    await createChannel(database.db, actor, other.id, { name: 'sports', description: 'same name, other domain' });
    await expect(createChannel(database.db, actor, domain.id, { name: 'sports', description: '' })).rejects.toMatchObject({ status: 409 });

    const jids = Array.from({ length: 30 }, (_, index) => `user${String(index).padStart(2, '0')}@chat.example`);
    await database.db.insert(channelSubscriptions).values(
      jids.map((userJid, index) => ({ channelId: sports.id, userJid, createdAt: new Date(Date.UTC(2024, 0, 1, 0, index)) })),
    );

    expect((await listChannelsWithCounts(database.db, domain.id)).map((row) => [row.name, row.subscribers])).toEqual([
      ['arts', 0],
      ['sports', 30],
    ]);

    const renamed = await updateChannel(database.db, actor, domain.id, sports.id, { name: 'football', description: 'Weekend games' });
    expect(renamed).toMatchObject({ name: 'football', description: 'Weekend games' });
    await expect(updateChannel(database.db, actor, domain.id, sports.id, { name: 'arts' })).rejects.toMatchObject({ status: 409 });
    await expect(updateChannel(database.db, actor, other.id, sports.id, { name: 'x' })).rejects.toMatchObject({ status: 404 });
    expect((await findChannelByName(database.db, domain.id, 'football')).subscribers).toBe(30);

    const first = await listSubscribers(database.db, sports.id, { pageSize: 25 });
    expect(first.total).toBe(30);
    expect(first.subscribers[0]?.userJid).toBe('user29@chat.example');
    expect(first.subscribers).toHaveLength(25);
    const second = await listSubscribers(database.db, sports.id, { pageSize: 25, page: 2 });
    expect(second.subscribers.map((row) => row.userJid)).toEqual(jids.slice(0, 5).reverse());
    const search = await listSubscribers(database.db, sports.id, { search: 'USER1' });
    expect(search.total).toBe(10);
    expect((await listSubscribers(database.db, sports.id, { search: '%' })).total).toBe(0);

    const deleted = await deleteChannel(database.db, actor, domain.id, sports.id);
    expect(deleted.subscribers).toBe(30);
    expect(await database.db.select().from(channelSubscriptions).where(eq(channelSubscriptions.channelId, sports.id))).toEqual([]);

    const audit = await database.db.select().from(auditLog).where(eq(auditLog.objectId, String(sports.id))).orderBy(auditLog.id);
    expect(audit.map((entry) => [entry.domainId, entry.action])).toEqual([
      [domain.id, 'create'],
      [domain.id, 'rename'],
      [domain.id, 'delete'],
    ]);
    expect(audit[1]).toMatchObject({ before: { name: 'sports' }, after: { name: 'football' } });
    expect(audit[2]?.before).toMatchObject({ name: 'football', subscribers: 30 });
  });
});
