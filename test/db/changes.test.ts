import { describe, expect, it } from 'vitest';
import { announceChange, changesChannel, readChange, type Change } from '@/server/changes';
import { createChannel } from '@/server/channels/admin';
import { ensureDomain } from '@/server/domains';
import { withTimeout } from '../support/xmpp-harness';
import { databaseKinds, openTestDatabase } from '../support/databases';

/** What the worker listens to: announced changes arrive when their transaction commits, never when it rolls back. */
describe.each(databaseKinds)('change announcements on %s', (kind) => {
  it('delivers a change on commit, in order, and nothing of a rolled-back transaction', async () => {
    const database = await openTestDatabase(kind);
    const received: Change[] = [];
    const waiters: Array<() => void> = [];
    let listening = 0;
    const stop = await database.listen(
      changesChannel,
      (payload) => {
        received.push(readChange(payload)!);
        waiters.splice(0).forEach((wake) => wake());
      },
      () => listening++,
    );
    const receivedCount = (count: number) =>
      withTimeout(
        new Promise<void>((resolve) => {
          const check = () => (received.length >= count ? resolve() : waiters.push(check));
          check();
        }),
        10_000,
        `only ${received.length} of ${count} changes arrived`,
      );
    try {
      expect(listening).toBe(1);
      await database.db
        .transaction(async (tx) => {
          await announceChange(tx, { kind: 'channels', domainId: 99 });
          throw new Error('roll back');
        })
        .catch(() => undefined);
      const domain = await ensureDomain(database.db, 'changes.test');
      await createChannel(database.db, { label: 'ops', operatorId: null }, domain.id, { name: 'news', description: '' });
      await receivedCount(2);
      expect(received).toEqual([{ kind: 'domains' }, { kind: 'channels', domainId: domain.id }]);
    } finally {
      await stop();
      await database.close();
    }
  });
});
