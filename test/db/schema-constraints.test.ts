import { beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { buddyNodes, versionRules } from '@/db/schema';
import { ensureDomain } from '@/server/domains';
import { databaseKinds } from '../support/databases';
import { useTestDb } from './database-hooks';

/** The model's invariants are enforced by the database itself, whatever code writes to it. */
describe.each(databaseKinds)('schema constraints on %s', (kind) => {
  const db = useTestDb(kind);
  let domainId: number;
  let groupId: number;
  let channelId: number;

  const node = (fields: Partial<typeof buddyNodes.$inferInsert> & { address: string; position: number }) =>
    db()
      .insert(buddyNodes)
      .values({ domainId, kind: 'channel', ...fields })
      .returning();

  beforeAll(async () => {
    domainId = (await ensureDomain(db(), 'constraints.test')).id;
    groupId = (await node({ address: 'group', kind: 'group', position: 0 }))[0]!.id;
    channelId = (await node({ address: 'channel', position: 1 }))[0]!.id;
  });

  it('accepts a channel inside a group', async () => {
    const [child] = await node({ address: 'child', parentId: groupId, parentKind: 'group', position: 0 });
    expect(child?.parentId).toBe(groupId);
  });

  it('refuses a child under a channel', async () => {
    await expect(node({ address: 'under-channel', parentId: channelId, parentKind: 'group', position: 0 })).rejects.toThrow();
    await expect(node({ address: 'under-channel', parentId: channelId, parentKind: 'channel', position: 0 })).rejects.toThrow();
  });

  it('refuses turning a group that has children into a channel', async () => {
    await expect(db().update(buddyNodes).set({ kind: 'channel' }).where(eq(buddyNodes.id, groupId))).rejects.toThrow();
  });

  it('refuses a second node with the same address in the domain', async () => {
    await expect(node({ address: 'channel', position: 2 })).rejects.toThrow();
  });

  it('refuses two siblings at one position, checked at commit so a reorder can shift a run of rows', async () => {
    await expect(
      db().transaction(async (tx) => {
        await tx.insert(buddyNodes).values({ domainId, kind: 'channel', address: 'clash', position: 1 });
      }),
    ).rejects.toThrow();
    await db().transaction(async (tx) => {
      await tx.execute(sql`UPDATE buddy_nodes SET position = position + 1 WHERE domain_id = ${domainId} AND parent_id IS NULL`);
      await tx.update(buddyNodes).set({ position: 0 }).where(eq(buddyNodes.id, channelId));
      await tx.update(buddyNodes).set({ position: 1 }).where(eq(buddyNodes.id, groupId));
    });
    const roots = await db()
      .select({ address: buddyNodes.address, position: buddyNodes.position })
      .from(buddyNodes)
      .where(sql`${buddyNodes.domainId} = ${domainId} AND ${buddyNodes.parentId} IS NULL`)
      .orderBy(buddyNodes.position);
    expect(roots).toEqual([
      { address: 'channel', position: 0 },
      { address: 'group', position: 1 },
    ]);
  });

  it('refuses a version rule whose recommended build is below its minimum', async () => {
    await expect(
      db().insert(versionRules).values({ osCode: 'IOS', packageName: 'x', minBuild: 10, recommendedBuild: 9 }),
    ).rejects.toThrow();
  });
});
