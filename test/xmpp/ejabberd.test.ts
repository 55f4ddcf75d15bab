import postgres from 'postgres';
import { beforeAll, describe, expect, it } from 'vitest';
import { channels } from '@/db/schema';
import { freePort } from '@/test/support/free-port';
import specExamples from '@/server/seed/spec-examples.json';
import { startWorker, type Worker } from '@/server/worker/worker';
import { readOwnRoster, RosterPushes } from '../support/roster-client';
import { randomMsisdn, serviceJid, withTimeout } from '../support/xmpp-harness';
import { useXmppHarness } from './harness-hooks';
import { addressed, specAddToRosterOutcome, specCheckVersionResponse, specRequests } from './spec-stanzas';

const okEnvelope = { status: 0, errorCode: null, errorMessage: [] };
const specDocument = { items: [...specExamples.bots.items, ...specExamples.mobileTicketing.items, ...specExamples.liam.items] };

/**
 * The protocol against a private ejabberd node: the worker is the component on its ejabberd_service
 * listener, accounts and rosters go through its mod_http_api, and real clients send the spec's stanzas.
 */
describe('the protocol served behind ejabberd', () => {
  const harness = useXmppHarness({ database: 'postgres', server: 'ejabberd' });
  beforeAll(async () => {
    await harness()
      .database.db.insert(channels)
      .values(['channel1', 'channel2'].map((name) => ({ domainId: harness().domain.id, name })));
  });

  it("answers a vCard get with the published buddies in DESC, the spec's shape", async () => {
    const user = await harness().createUser();
    expect(JSON.parse(await user.vcardDesc())).toEqual(specDocument);
  });

  it("answers the spec's check-version example with the spec's response", async () => {
    const user = await harness().createUser();
    await user.sendRaw(addressed(specRequests.checkClientVersion, serviceJid));
    const response = await user.response('cmd_check_client_version');
    expect(response.payload).toEqual(specCheckVersionResponse);
    expect(response.stanza.attrs).toMatchObject({ type: 'chat', to: user.fullJid, from: serviceJid });
  });

  it("lists channels, and subscribes and unsubscribes with the spec's examples", async () => {
    const user = await harness().createUser();
    expect((await user.command('cmd_get_channels', '{}')).payload).toEqual({
      ...okEnvelope,
      channelList: ['channel1', 'channel2', 'news', 'offers'],
    });
    const onlySubscribed = async () => {
      await user.sendRaw(addressed(specRequests.getChannels, serviceJid));
      return (await user.response('cmd_get_channels')).payload;
    };
    await user.sendRaw(addressed(specRequests.subscribeToChannel, serviceJid));
    expect((await user.response('cmd_subscribe_to_channel')).payload).toEqual(okEnvelope);
    expect(await onlySubscribed()).toEqual({ ...okEnvelope, channelList: ['channel1'] });
    await user.sendRaw(addressed(specRequests.unsubscribeToChannel, serviceJid));
    expect((await user.response('cmd_unsubscribe_to_channel')).payload).toEqual(okEnvelope);
    expect(await onlySubscribed()).toEqual({ ...okEnvelope, channelList: [] });
  });

  it("finds registered numbers and leaves out unregistered ones, with the spec's literal request", async () => {
    const registered = ['00393296260815', '00393490899289', '00393497588825'];
    for (const local of registered) harness().registerAccount({ local });
    const user = await harness().createUser();
    await user.sendRaw(addressed(specRequests.searchUsers, serviceJid));
    expect((await user.response('cmd_search_users')).payload).toEqual({ ...okEnvelope, userList: registered, invalid: [] });
    const unknown = randomMsisdn();
    const { payload } = await user.command('cmd_search_users', { userList: [unknown, registered[0]] });
    expect(payload).toMatchObject({ status: 0, userList: [registered[0]] });
  });

  it("writes the spec's add-to-roster into the user's roster, pushed to the client and read back by its own roster get", async () => {
    for (const local of ['00393471111111', '00393472222222']) harness().registerAccount({ local });
    const user = await harness().createUser();
    const pushes = new RosterPushes(user.client);
    await readOwnRoster(user.client);
    await user.sendRaw(addressed(specRequests.addToRoster, serviceJid));
    expect((await user.response('cmd_add_to_roster')).payload).toEqual(specAddToRosterOutcome.response);
    const roster = await readOwnRoster(user.client);
    expect(roster.items).toEqual(expect.arrayContaining(specAddToRosterOutcome.rosterItems));
    expect(roster.items).toHaveLength(2);
    expect(pushes.received.map((item) => item.jid).sort()).toEqual(['00393471111111@served.test', '00393472222222@served.test']);

    // The same request again changes nothing: both are already there, named and grouped.
    await user.sendRaw(addressed(specRequests.addToRoster, serviceJid));
    expect((await user.response('cmd_add_to_roster')).payload).toMatchObject({ status: 0, added: [], updated: [] });
  });
});

/**
 * ejabberd accepts several connections of one component JID (no domain_balancing): each stanza goes
 * to one of them, and when one closes the others receive everything.
 */
describe.each([2, 3])('%i workers behind one ejabberd component', (workerCount) => {
  const harness = useXmppHarness({ database: 'postgres', server: 'ejabberd' });

  it('share the commands, and the ones left answer every command after the others stop', async () => {
    const others = Array.from({ length: workerCount - 1 }, () =>
      startWorker({ db: harness().database.db, listen: harness().database.listen, target: harness().workerTarget }),
    );
    const running = new Set(others);
    try {
      await withTimeout(
        Promise.all(others.map((worker) => worker.waitOnline())),
        15_000,
        'another worker was not accepted on the same component JID',
      );
      const workers = [harness().worker, ...others];
      expect(new Set(workers.map((worker) => worker.workerId)).size).toBe(workerCount);
      const handled = new Map<Worker, number>(workers.map((worker) => [worker, 0]));
      for (const worker of workers) {
        worker.entity.on('stanza', (stanza) => {
          if (stanza.is('message')) handled.set(worker, handled.get(worker)! + 1);
        });
      }
      const user = await harness().createUser();
      const answers = await Promise.all(Array.from({ length: 30 * workerCount }, () => user.command('cmd_get_channels', '{}')));
      expect(answers.every((answer) => answer.payload.status === 0)).toBe(true);
      // At random, every worker gets a share: one getting none of 60 or 90 has odds below 2 in 10^10.
      expect(
        [...handled.values()].every((count) => count > 0),
        `shares: ${[...handled.values()].join(', ')}`,
      ).toBe(true);

      for (const worker of others) {
        await worker.stop();
        running.delete(worker);
      }
      const after = await Promise.all(Array.from({ length: 20 }, () => user.command('cmd_get_channels', '{}')));
      expect(after.every((answer) => answer.payload.status === 0)).toBe(true);
    } finally {
      for (const worker of running) await worker.stop();
    }
  });
});

describe('a worker whose ejabberd HTTP API cannot be reached', () => {
  const harness = useXmppHarness({ database: 'postgres', server: 'ejabberd' });

  it('answers address-book commands with a clear error and keeps serving the rest', async () => {
    await harness().worker.stop();
    const closedPort = await freePort();
    const blind = startWorker({
      db: harness().database.db,
      listen: harness().database.listen,
      target: { ...harness().workerTarget, server: { kind: 'ejabberd', apiUrl: `http://127.0.0.1:${closedPort}/api` } },
      workerId: 'blind-worker',
    });
    try {
      await withTimeout(blind.waitOnline(), 15_000, 'the worker was not accepted');
      const user = await harness().createUser();
      expect((await user.command('cmd_search_users', { userList: [randomMsisdn()] })).payload).toMatchObject({
        status: 1,
        errorCode: 'SQL_ERROR',
      });
      expect((await user.command('cmd_add_to_roster', { channelUsers: [{ name: 'A', address: randomMsisdn() }] })).payload).toMatchObject({
        status: 1,
        errorCode: 'SQL_ERROR',
      });
      expect((await user.command('cmd_get_channels', '{}')).payload).toMatchObject({ status: 0 });
      expect(blind.online).toBe(true);
    } finally {
      await blind.stop();
    }
  });
});

describe('ejabberd with its accounts in SQL storage (XMPP_ACCOUNT_STORE=sql:<its database>)', () => {
  const harness = useXmppHarness({ database: 'postgres', server: 'ejabberd', ejabberdAccounts: 'sql' });

  it("finds the accounts ejabberd keeps in its users table, with the spec's literal request, and writes rosters through the API", async () => {
    const registered = ['00393296260815', '00393490899289', '00393497588825'];
    for (const local of registered) harness().registerAccount({ local });
    const sql = postgres(harness().database.url!, { max: 1, onnotice: () => {} });
    try {
      // ejabberdctl register wrote them there: the worker reads ejabberd's own table, not a copy.
      expect((await sql<{ username: string }[]>`SELECT username FROM users WHERE username = ANY(${registered})`).length).toBe(3);
    } finally {
      await sql.end();
    }
    const user = await harness().createUser();
    await user.sendRaw(addressed(specRequests.searchUsers, serviceJid));
    expect((await user.response('cmd_search_users')).payload).toEqual({ ...okEnvelope, userList: registered, invalid: [] });
    expect((await user.command('cmd_search_users', { userList: [randomMsisdn(), registered[1]] })).payload).toMatchObject({
      status: 0,
      userList: [registered[1]],
    });

    for (const local of ['00393471111111', '00393472222222']) harness().registerAccount({ local });
    await user.sendRaw(addressed(specRequests.addToRoster, serviceJid));
    expect((await user.response('cmd_add_to_roster')).payload).toEqual(specAddToRosterOutcome.response);
    expect((await readOwnRoster(user.client)).items).toEqual(expect.arrayContaining(specAddToRosterOutcome.rosterItems));
  });

  it('answers SQL_ERROR while that table cannot be read: the lookup is the SQL one, not the HTTP API', async () => {
    const user = await harness().createUser();
    const sql = postgres(harness().database.url!, { max: 1, onnotice: () => {} });
    try {
      await sql`ALTER TABLE users RENAME TO users_away`;
      expect((await user.command('cmd_search_users', { userList: [randomMsisdn()] })).payload).toMatchObject({
        status: 1,
        errorCode: 'SQL_ERROR',
      });
    } finally {
      await sql`ALTER TABLE users_away RENAME TO users`;
      await sql.end();
    }
    expect((await user.command('cmd_search_users', { userList: [randomMsisdn()] })).payload).toMatchObject({ status: 0 });
  });
});
