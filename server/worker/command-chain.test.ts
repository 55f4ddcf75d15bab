import xml, { type Element } from '@xmpp/xml';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readSettings } from '../config';
import { ensureDomain } from '../domains';
import { openTestDatabase, type TestDatabase } from '@/test/support/databases';
import { defineCommand, ok, type CommandHandler, type ResponsePayload } from './command';
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
] as CommandHandler<unknown>[];

describe('command chain', () => {
  let database: TestDatabase;
  let sent: Element[];
  let errors: string[];
  let run: (from: string, type: string, payload: string) => Promise<ResponsePayload>;

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
      served: new ServedData({ db: database.db, listen: database.listen, databaseDeadlineMs: 1_000 }),
      rosterOf: () => ({ get: async () => [], set: async () => {} }),
      send: async (element) => void sent.push(element),
      metrics: new CommandMetrics(),
      deadlineMs: 200,
      reportError: (message) => void errors.push(message),
    };
    const chain = commandChain(deps);
    run = async (from, type, payload) => {
      sent.length = 0;
      const stanza = xml(
        'message',
        { from, to: 'xmpp_service@xmpp-service.served.test', id: 'c1' },
        xml('x', { xmlns: oobNs }, xml('type', {}, type), xml('payload', {}, payload)),
      );
      await chain({ stanza } as never, async () => undefined);
      expect(sent).toHaveLength(1);
      return JSON.parse(sent[0]!.getChild('x', oobNs)!.getChildText('payload')!) as ResponsePayload;
    };
  });
  beforeEach(() => {
    errors.length = 0;
  });
  afterAll(async () => {
    await database?.close();
  });

  it('answers a served user', async () => {
    expect(await run('0039347@served.test/phone', 'cmd_echo', '{text: "hi"}')).toEqual({ status: 0, errorCode: null, errorMessage: [], text: 'hi' });
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
    expect(errors).toEqual(['cmd_throws from 0039347@served.test/phone (stanza c1): INTERNAL_ERROR: The service failed to handle this request; it has been logged.']);
  });

  it('answers TIMEOUT when a handler does not finish within the deadline, and records it', async () => {
    expect(await run('0039347@served.test/phone', 'cmd_hangs', '{}')).toMatchObject({ status: 1, errorCode: 'TIMEOUT' });
    expect(errors).toEqual([expect.stringMatching(/^cmd_hangs from 0039347@served\.test\/phone \(stanza c1\): TIMEOUT: /)]);
  });

  it('leaves messages to other domains to the next middleware', async () => {
    const stanza = xml('message', { from: 'a@served.test/r', to: 'someone@elsewhere.test' }, xml('x', { xmlns: oobNs }, xml('type', {}, 'cmd_echo')));
    let passed = false;
    sent.length = 0;
    await commandChain({ componentJid: 'xmpp-service.served.test' } as ChainDependencies)({ stanza } as never, async () => (passed = true));
    expect(passed).toBe(true);
    expect(sent).toHaveLength(0);
  });
});
