import xml, { type Element } from '@xmpp/xml';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { readSettings } from '../config';
import { ensureDomain } from '../domains';
import { openTestDatabase, type TestDatabase } from '@/test/support/databases';
import { Admission } from './admission';
import { defineCommand, type CommandHandler } from './command';
import { ok, type ResponsePayload } from '@/lib/protocol/response';
import { commandChain, type ChainDependencies } from './command-chain';
import { oobNs } from './envelope';
import { CommandMetrics } from './metrics';
import { ServedData } from './served-data';

/**
 * The chain's answers to handlers that fail or hang, which no working command does, and to senders
 * without a user name (end to end in test/xmpp/errors.test.ts, from a second component of the
 * same Prosody). Everything else is shown end to end in test/xmpp.
 */
const handlers: CommandHandler<unknown>[] = [
  defineCommand({ name: 'cmd_echo', payload: z.object({ text: z.string() }), handle: async ({ text }) => ok({ text }) }),
  defineCommand({ name: 'cmd_throws', payload: z.object({}), handle: async () => Promise.reject(new TypeError('boom')) }),
  defineCommand({ name: 'cmd_hangs', payload: z.object({}), handle: () => new Promise<ResponsePayload>(() => {}) }),
  defineCommand({ name: 'cmd_holds', payload: z.object({}), handle: () => heldTurn.then(() => ok({ held: true })) }),
] as CommandHandler<unknown>[];

/** cmd_holds keeps its turn until the test releases it. */
let releaseHeldTurn: () => void = () => {};
let heldTurn = Promise.resolve();
function holdTurns(): void {
  heldTurn = new Promise((resolve) => (releaseHeldTurn = resolve));
}

const databaseDeadlineMs = 300;

type Run = (from: string, type: string, payload: string) => Promise<ResponsePayload>;

describe('command chain', () => {
  let database: TestDatabase;
  let sent: Element[];
  let errors: string[];
  /** The chain with a short command deadline (200 ms) and room for everything at once. */
  let run: Run;
  /** The chain with one turn, a queue of one, and a command deadline longer than any wait below. */
  let runQueued: Run;
  let admission: Admission;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    await ensureDomain(database.db, 'served.test');
    sent = [];
    errors = [];
    const deps: ChainDependencies = {
      db: database.db,
      settings: readSettings({ NODE_ENV: 'test' }),
      componentJid: 'xmpp-service.served.test',
      commands: new Map(handlers.map((handler) => [handler.name, handler])),
      directory: { registered: async () => new Set(), close: async () => {} },
      served: new ServedData({ db: database.db, listen: database.listen, databaseDeadlineMs }),
      rosterOf: () => ({ get: async () => [], set: async () => {} }),
      send: async (element) => void sent.push(element),
      metrics: new CommandMetrics('test-worker'),
      admission: new Admission({ concurrency: 10, maxQueued: 10, maxWaitMs: 60_000 }),
      deadlineMs: 200,
      reportError: (message) => void errors.push(message),
    };
    admission = new Admission({ concurrency: 1, maxQueued: 1, maxWaitMs: 60_000 });
    run = runner(commandChain(deps));
    runQueued = runner(commandChain({ ...deps, admission, deadlineMs: 60_000 }));
    // Opening and migrating PGlite takes seconds on a loaded machine, beyond the unit default of 10.
  }, 60_000);

  /** Sends one command from `from` through `chain` and returns the answer to that sender. */
  function runner(chain: ReturnType<typeof commandChain>): Run {
    return async (from, type, payload) => {
      const stanza = xml(
        'message',
        { from, to: 'xmpp_service@xmpp-service.served.test', id: 'c1' },
        xml('x', { xmlns: oobNs }, xml('type', {}, type), xml('payload', {}, payload)),
      );
      await chain({ stanza } as never, async () => undefined);
      const replies = sent.filter((element) => element.attrs.to === from);
      expect(replies).toHaveLength(1);
      return JSON.parse(replies[0]!.getChild('x', oobNs)!.getChildText('payload')!) as ResponsePayload;
    };
  }
  beforeEach(() => {
    errors.length = 0;
    sent.length = 0;
  });
  afterAll(async () => {
    await database?.close();
  });

  it('answers a served user', async () => {
    expect(await run('0039347@served.test/phone', 'cmd_echo', '{text: "hi"}')).toEqual({
      status: 0,
      errorCode: null,
      errorMessage: [],
      text: 'hi',
    });
  });

  it("answers NO_USER_FOUND to a sender without a user name: the client's problem, not listed as the service's", async () => {
    expect(await run('served.test', 'cmd_echo', '{text: "hi"}')).toMatchObject({ status: 1, errorCode: 'NO_USER_FOUND' });
    expect(await run('other-component.served.test/x', 'cmd_echo', '{text: "hi"}')).toMatchObject({ errorCode: 'NO_USER_FOUND' });
    expect(errors).toEqual([]);
  });

  it('answers INTERNAL_ERROR when a handler throws, and records it', async () => {
    const answer = await run('0039347@served.test/phone', 'cmd_throws', '{}');
    expect(answer).toMatchObject({ status: 1, errorCode: 'INTERNAL_ERROR' });
    expect(JSON.stringify(answer)).not.toContain('boom');
    expect(errors).toEqual([
      'cmd_throws from 0039347@served.test/phone (stanza c1): INTERNAL_ERROR: The service failed to handle this request; it has been logged.',
    ]);
  });

  it('answers TIMEOUT when a handler does not finish within the deadline, and records it', async () => {
    expect(await run('0039347@served.test/phone', 'cmd_hangs', '{}')).toMatchObject({ status: 1, errorCode: 'TIMEOUT' });
    expect(errors).toEqual([expect.stringMatching(/^cmd_hangs from 0039347@served\.test\/phone \(stanza c1\): TIMEOUT: /)]);
  });

  it('starts the database deadline when a command gets its turn: a long wait in the queue is not a database failure', async () => {
    holdTurns();
    const holding = runQueued('0039347@served.test/phone', 'cmd_holds', '{}');
    const waiting = runQueued('0039348@served.test/phone', 'cmd_echo', '{text: "queued"}');
    await vi.waitFor(() => expect(admission.load).toEqual({ running: 1, queued: 1 }));
    // Held for several database deadlines: a deadline counted from arrival would have expired.
    await new Promise((resolve) => setTimeout(resolve, databaseDeadlineMs * 3));
    expect(admission.load).toEqual({ running: 1, queued: 1 });
    releaseHeldTurn();
    expect(await holding).toMatchObject({ status: 0, held: true });
    expect(await waiting).toEqual({ status: 0, errorCode: null, errorMessage: [], text: 'queued' });
    expect(errors).toEqual([]);
  });

  it("answers SERVICE_BUSY, changing nothing, when the queue is full, and lists it as the service's failure", async () => {
    holdTurns();
    const holding = runQueued('0039347@served.test/phone', 'cmd_holds', '{}');
    const waiting = runQueued('0039348@served.test/phone', 'cmd_echo', '{text: "queued"}');
    await vi.waitFor(() => expect(admission.load).toEqual({ running: 1, queued: 1 }));
    const refused = await runQueued('0039349@served.test/phone', 'cmd_echo', '{text: "one too many"}');
    expect(refused).toMatchObject({ status: 1, errorCode: 'SERVICE_BUSY' });
    expect(refused.errorMessage[0]!.message).toMatch(/busy.*Try again in a few seconds/);
    expect(errors).toEqual([expect.stringMatching(/^cmd_echo from 0039349@served\.test\/phone \(stanza c1\): SERVICE_BUSY: /)]);
    releaseHeldTurn();
    expect(await holding).toMatchObject({ status: 0 });
    expect(await waiting).toMatchObject({ status: 0, text: 'queued' });
  });

  it('leaves messages to other domains to the next middleware', async () => {
    const stanza = xml(
      'message',
      { from: 'a@served.test/r', to: 'someone@elsewhere.test' },
      xml('x', { xmlns: oobNs }, xml('type', {}, 'cmd_echo')),
    );
    let passed = false;
    sent.length = 0;
    await commandChain({ componentJid: 'xmpp-service.served.test' } as ChainDependencies)({ stanza } as never, async () => (passed = true));
    expect(passed).toBe(true);
    expect(sent).toHaveLength(0);
  });
});
