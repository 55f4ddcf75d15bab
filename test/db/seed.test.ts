import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { buddyNodes, buddyVersions, channels, versionRules } from '@/db/schema';
import { findPublishedJson } from '@/server/buddies/repository';
import { seedDemoData } from '@/server/seed/seed';
import specExamples from '@/server/seed/spec-examples.json';
import { databaseKinds, openTestDatabase, type TestDatabase } from '../support/databases';

describe.each(databaseKinds)('first-start seed on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(() => database.close());

  it('publishes the three spec examples once, and a second start adds nothing', async () => {
    expect(await seedDemoData(database.db, 'localhost')).toBe(true);
    expect(await seedDemoData(database.db, 'localhost')).toBe(false);

    const published = JSON.parse((await findPublishedJson(database.db, 'localhost')) ?? 'null');
    expect(published).toEqual({
      items: [...specExamples.bots.items, ...specExamples.mobileTicketing.items, ...specExamples.liam.items],
    });
    const [nodes] = await database.db.select({ n: count() }).from(buddyNodes);
    expect(nodes?.n).toBe(7);
    const [versions] = await database.db.select({ n: count() }).from(buddyVersions);
    expect(versions?.n).toBe(1);
    expect(await database.db.select({ name: channels.name }).from(channels).orderBy(channels.name)).toEqual([
      { name: 'news' },
      { name: 'offers' },
    ]);
    expect(await database.db.select().from(versionRules).where(eq(versionRules.osCode, 'ANDROID'))).toHaveLength(1);
  });
});
