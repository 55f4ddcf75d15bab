import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startXmppHarness, type TestUser, type XmppHarness } from '../support/xmpp-harness';
import { commandPayloads } from './command-payloads';

const databaseDeadlineMs = 1_000;
const commandDeadlineMs = 3_000;
/**
 * The commands that read or write the product's database. The others need only the sender's domain,
 * which the worker keeps in memory, and Prosody (its file account store, rosters): they keep working.
 */
const withoutDatabase = new Set(['cmd_search_users', 'cmd_add_to_roster']);
const databaseCommands = Object.entries(commandPayloads).filter(([type]) => !withoutDatabase.has(type));

/**
 * Until the first answer with status 0: the pool may take a moment to replace broken connections.
 * A user's own subscriptions are read from the database every time (all channels are kept in memory).
 */
async function answeredAgain(user: TestUser, withinMs: number): Promise<void> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const response = await user.command('cmd_get_channels', { onlySubscribed: true });
    if (response.payload.status === 0) return;
    expect(response.payload.errorCode).toMatch(/^(SQL_ERROR|TIMEOUT)$/);
    if (Date.now() > deadline) throw new Error(`still ${response.payload.errorCode} ${withinMs} ms after the database came back`);
  }
}

describe('database down: PostgreSQL behind a proxy the test cuts', () => {
  let harness: XmppHarness;
  let user: TestUser;
  beforeAll(async () => {
    harness = await startXmppHarness({ database: 'postgres', proxyDatabase: true, worker: { databaseDeadlineMs, commandDeadlineMs } });
    user = await harness.createUser();
  });
  afterAll(async () => {
    harness?.databaseProxy?.restore();
    await harness?.stop();
  });

  /**
   * With the sender's domain in memory, a command's first database read is its own: the driver
   * fails it at once (SQL_ERROR) when it can, and the command deadline bounds it when it cannot
   * connect in time (TIMEOUT), as on a loaded machine.
   */
  it('answers SQL_ERROR (or TIMEOUT) within the command deadline while the database refuses connections, and serves again when it is back', async () => {
    expect((await user.command('cmd_get_channels', { onlySubscribed: true })).payload.status).toBe(0);
    harness.databaseProxy!.cut('refuse');
    for (const type of withoutDatabase)
      expect((await user.command(type, commandPayloads[type]!.valid)).payload, type).toMatchObject({ status: 0 });
    for (const [type, { valid: payload }] of databaseCommands) {
      const started = Date.now();
      const response = await user.command(type, payload);
      expect(response.payload, type).toMatchObject({ status: 1, errorCode: expect.stringMatching(/^(SQL_ERROR|TIMEOUT)$/) });
      expect(Date.now() - started, type).toBeLessThan(commandDeadlineMs + 2_000);
    }
    // Never read before the cut, the vCard is not in memory: reading it fails.
    await expect(user.vcardDesc()).rejects.toMatchObject({ condition: 'internal-server-error' });

    harness.databaseProxy!.restore();
    await answeredAgain(user, 10_000);
    expect(JSON.parse(await user.vcardDesc()).items.length).toBeGreaterThan(0);
  });

  /**
   * A read of what the worker keeps in memory (the sender's domain, when it is not there) fails at
   * the database deadline with SQL_ERROR; with the domain in memory the command's own first read is
   * bounded by the command deadline (TIMEOUT).
   */
  it('answers SQL_ERROR or TIMEOUT within its deadlines while the database hangs, and serves again when it is back', async () => {
    const served = await user.vcardDesc();
    harness.databaseProxy!.cut('stall');
    // What the worker keeps in memory is served meanwhile: nothing can be published while it is away.
    expect(await user.vcardDesc()).toBe(served);
    for (const [type, { valid: payload }] of databaseCommands) {
      const started = Date.now();
      const response = await user.command(type, payload);
      const elapsed = Date.now() - started;
      expect(response.payload, type).toMatchObject({ status: 1, errorCode: expect.stringMatching(/^(SQL_ERROR|TIMEOUT)$/) });
      expect(elapsed, type).toBeGreaterThanOrEqual(databaseDeadlineMs - 50);
      expect(elapsed, type).toBeLessThan((response.payload.errorCode === 'TIMEOUT' ? commandDeadlineMs : databaseDeadlineMs) + 2_000);
    }

    harness.databaseProxy!.restore();
    await answeredAgain(user, 10_000);
  });
});
