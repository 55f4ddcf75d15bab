import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { workerErrors, workerStatus } from '@/db/schema';
import { databaseKinds } from '../support/databases';
import { withTimeout } from '../support/xmpp-harness';
import { useXmppHarness } from './harness-hooks';

/** Resolves at the `count`-th time `event` is emitted from now on. */
function nthEvent(emitter: NodeJS.EventEmitter, event: string, count: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const listener = () => {
      if (++seen < count) return;
      emitter.removeListener(event, listener);
      resolve();
    };
    emitter.on(event, listener);
  });
}

describe.each(databaseKinds)('reconnect on %s', (kind) => {
  const harness = useXmppHarness({ database: kind });

  const statusRow = async () => {
    await harness().worker.flush();
    const [row] = await harness().database.db.select().from(workerStatus).where(eq(workerStatus.workerId, harness().worker.workerId));
    return row;
  };

  it('keeps retrying while Prosody is down, reconnects when it is back, and answers again; the status row follows', async () => {
    const account = harness().registerAccount();
    const before = await harness().connect(account);
    expect((await before.command('cmd_get_channels', '{}')).payload.status).toBe(0);
    expect(await statusRow()).toMatchObject({
      connected: true,
      componentJid: harness().worker.entity.options.domain,
      service: harness().worker.entity.options.service,
    });

    // The disconnect itself, then two failed attempts (each ends in another disconnect).
    const retried = nthEvent(harness().worker.entity, 'disconnect', 3);
    await harness().prosody.stop();
    await withTimeout(retried, 10_000, 'the worker did not retry while Prosody was down');
    expect(harness().worker.online).toBe(false);
    const down = await statusRow();
    expect(down).toMatchObject({ connected: false, connectedSince: null });
    expect(down?.lastError).toBeTruthy();
    const errors = await harness().database.db.select().from(workerErrors).where(eq(workerErrors.workerId, harness().worker.workerId));
    expect(errors.map((error) => error.message)).toEqual([expect.stringContaining('disconnected from')]);

    await harness().prosody.start();
    await withTimeout(harness().worker.waitOnline(), 15_000, 'the worker did not reconnect');
    const after = await harness().connect(account);
    expect((await after.command('cmd_get_channels', '{}')).payload).toMatchObject({ status: 0, channelList: ['news', 'offers'] });
    expect(JSON.parse(await after.vcardDesc()).items.length).toBeGreaterThan(0);
    expect(await statusRow()).toMatchObject({ connected: true });
  });
});
