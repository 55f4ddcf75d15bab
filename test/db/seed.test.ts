import { describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { buddyNodes, buddyVersions, channels, versionRules } from '@/db/schema';
import { findPublishedJson } from '@/server/buddies/repository';
import { seedDemoData } from '@/server/seed/seed';
import specExamples from '@/server/seed/spec-examples.json';
import { databaseKinds } from '../support/databases';
import { useTestDb } from './database-hooks';

describe.each(databaseKinds)('first-start seed on %s', (kind) => {
  const db = useTestDb(kind);

  it('publishes the three spec examples once, and a second start adds nothing', async () => {
    expect(await seedDemoData(db(), 'localhost')).toBe(true);
    expect(await seedDemoData(db(), 'localhost')).toBe(false);

    const published = JSON.parse((await findPublishedJson(db(), 'localhost')) ?? 'null');
    expect(published).toEqual({
      items: [...specExamples.bots.items, ...specExamples.mobileTicketing.items, ...specExamples.liam.items],
    });
    const [nodes] = await db().select({ n: count() }).from(buddyNodes);
    expect(nodes?.n).toBe(7);
    const [versions] = await db().select({ n: count() }).from(buddyVersions);
    expect(versions?.n).toBe(1);
    expect(await db().select({ name: channels.name }).from(channels).orderBy(channels.name)).toEqual([
      { name: 'news' },
      { name: 'offers' },
    ]);
    expect(await db().select().from(versionRules).where(eq(versionRules.osCode, 'ANDROID'))).toHaveLength(1);
  });
});
