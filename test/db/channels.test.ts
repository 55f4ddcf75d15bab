import { describe, expect, it } from 'vitest';
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
import { databaseKinds } from '../support/databases';
import { useTestDb } from './database-hooks';

const actor: Actor = { label: 'tester@example.test', operatorId: null };

describe.each(databaseKinds)('channel administration on %s', (kind) => {
  const db = useTestDb(kind);

  it('creates, renames keeping subscribers, pages and searches them, deletes; all audited', async () => {
    const domain = await ensureDomain(db(), 'chat.example');
    const other = await ensureDomain(db(), 'other.example');
    const sports = await createChannel(db(), actor, domain.id, { name: 'sports', description: '' });
    await createChannel(db(), actor, domain.id, { name: 'arts', description: 'Galleries' });
    await createChannel(db(), actor, other.id, { name: 'sports', description: 'same name, other domain' });
    await expect(createChannel(db(), actor, domain.id, { name: 'sports', description: '' })).rejects.toMatchObject({ status: 409 });

    const jids = Array.from({ length: 30 }, (_, index) => `user${String(index).padStart(2, '0')}@chat.example`);
    await db()
      .insert(channelSubscriptions)
      .values(jids.map((userJid, index) => ({ channelId: sports.id, userJid, createdAt: new Date(Date.UTC(2024, 0, 1, 0, index)) })));

    expect((await listChannelsWithCounts(db(), domain.id)).map((row) => [row.name, row.subscribers])).toEqual([
      ['arts', 0],
      ['sports', 30],
    ]);

    const renamed = await updateChannel(db(), actor, domain.id, sports.id, { name: 'football', description: 'Weekend games' });
    expect(renamed).toMatchObject({ name: 'football', description: 'Weekend games' });
    await expect(updateChannel(db(), actor, domain.id, sports.id, { name: 'arts' })).rejects.toMatchObject({ status: 409 });
    await expect(updateChannel(db(), actor, other.id, sports.id, { name: 'x' })).rejects.toMatchObject({ status: 404 });
    expect((await findChannelByName(db(), domain.id, 'football')).subscribers).toBe(30);

    const first = await listSubscribers(db(), sports.id, { pageSize: 25 });
    expect(first.total).toBe(30);
    expect(first.subscribers[0]?.userJid).toBe('user29@chat.example');
    expect(first.subscribers).toHaveLength(25);
    const second = await listSubscribers(db(), sports.id, { pageSize: 25, page: 2 });
    expect(second.subscribers.map((row) => row.userJid)).toEqual(jids.slice(0, 5).reverse());
    const search = await listSubscribers(db(), sports.id, { search: 'USER1' });
    expect(search.total).toBe(10);
    expect((await listSubscribers(db(), sports.id, { search: '%' })).total).toBe(0);

    const deleted = await deleteChannel(db(), actor, domain.id, sports.id);
    expect(deleted.subscribers).toBe(30);
    expect(await db().select().from(channelSubscriptions).where(eq(channelSubscriptions.channelId, sports.id))).toEqual([]);

    const audit = await db()
      .select()
      .from(auditLog)
      .where(eq(auditLog.objectId, String(sports.id)))
      .orderBy(auditLog.id);
    expect(audit.map((entry) => [entry.domainId, entry.action])).toEqual([
      [domain.id, 'create'],
      [domain.id, 'rename'],
      [domain.id, 'delete'],
    ]);
    expect(audit[1]).toMatchObject({ before: { name: 'sports' }, after: { name: 'football' } });
    expect(audit[2]?.before).toMatchObject({ name: 'football', subscribers: 30 });
  });
});
