import type { Element } from '@xmpp/xml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rosterNs } from '@/server/worker/roster';
import { accountStoreSetups } from '../support/address-book-setups';
import { createProsodyAccounts } from '../support/prosody-accounts';
import { readOwnRoster } from '../support/roster-client';
import { servedDomain, startXmppHarness, type Account, type XmppHarness } from '../support/xmpp-harness';

/** Accounts 0039360xxxxxxx exist, 0039370xxxxxxx never do: randomMsisdn() (0039347…) is neither. */
const bulkName = (index: number) => `003936${String(index).padStart(8, '0')}`;
const unknownName = (index: number) => `003937${String(index).padStart(8, '0')}`;
const bulkAccounts = 3_000;

/**
 * The address book commands over a few thousand accounts written in each store's own format, with
 * accounts registered and deleted by prosodyctl between two requests: the answers stay exact.
 */
describe.each(accountStoreSetups)('address books over thousands of accounts, $name', (setup) => {
  let harness: XmppHarness;
  let accountOf: (local: string) => Account;
  beforeAll(async () => {
    harness = await startXmppHarness({ database: setup.database, prosodyStorage: setup.prosodyStorage });
    accountOf = await createProsodyAccounts(
      harness,
      servedDomain,
      Array.from({ length: bulkAccounts }, (_, index) => bulkName(index)),
    );
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('finds exactly the registered numbers, also one registered and one deleted a moment before', async () => {
    // Logging in proves the accounts are in the form Prosody itself writes.
    const user = await harness.connect(accountOf(bulkName(0)));
    const toDelete = bulkName(1);
    const toRegister = unknownName(0);
    const registered = Array.from({ length: 1_000 }, (_, index) => bulkName(2 + index * 2));
    const book = registered.flatMap((local, index) => [local, `+${unknownName(index + 1).slice(2)}`]);
    book.splice(500, 0, toDelete, toRegister);
    const search = async () => (await user.command('cmd_search_users', { userList: book })).payload;

    expect(await search()).toEqual({
      status: 0,
      errorCode: null,
      errorMessage: [],
      userList: [...registered.slice(0, 250), toDelete, ...registered.slice(250)],
      invalid: [],
    });
    // The store may list its accounts after that answer; a second search waits for the listing, so
    // the changes below come after it and the next answer shows Prosody's own writes reaching the lookup.
    expect((await search()).userList).toHaveLength(registered.length + 1);
    harness.prosody.deleteUser(toDelete, servedDomain);
    harness.registerAccount({ local: toRegister });
    expect(await search()).toEqual({
      status: 0,
      errorCode: null,
      errorMessage: [],
      userList: [...registered.slice(0, 250), toRegister, ...registered.slice(250)],
      invalid: [],
    });
  });

  it('repeats a 400-contact cmd_add_to_roster without a single roster write', async () => {
    const user = await harness.connect(accountOf(bulkName(2_000)));
    // Enough to show the rule at scale; each first write is a transaction in Prosody's store, slow on a busy machine.
    const book = Array.from({ length: 400 }, (_, index) => ({
      name: `Contact ${index}`,
      address: index % 2 === 0 ? bulkName(1_000 + index) : unknownName(index),
    }));
    // Every roster set the component sends to the server, counted on the worker's own connection.
    const rosterSets: Element[] = [];
    const countRosterSet = (element: Element) => {
      if (element.is('iq') && element.attrs.type === 'set' && element.getChild('query', rosterNs)) rosterSets.push(element);
    };
    harness.worker.entity.on('send', countRosterSet);
    try {
      // The first time in parts, so that no single request holds 200 writes.
      const added: unknown[] = [];
      for (let part = 0; part < book.length; part += 50) {
        const payload = (await user.command('cmd_add_to_roster', { channelUsers: book.slice(part, part + 50) })).payload;
        expect(payload).toMatchObject({ status: 0, updated: [] });
        added.push(...(payload.added as unknown[]));
      }
      expect(added).toHaveLength(200);
      expect(rosterSets).toHaveLength(200);
      const before = await readOwnRoster(user.client);
      expect(before.items).toHaveLength(200);

      rosterSets.length = 0;
      const repeated = (await user.command('cmd_add_to_roster', { channelUsers: book })).payload;
      expect(repeated).toMatchObject({ status: 0, added: [], updated: [] });
      expect(repeated.skipped).toEqual(
        book.map((entry, index) => ({ address: entry.address, reason: index % 2 === 0 ? 'unchanged' : 'not_registered' })),
      );
      expect(rosterSets).toEqual([]);
      expect(await readOwnRoster(user.client)).toEqual(before);
    } finally {
      harness.worker.entity.removeListener('send', countRosterSet);
    }
  });
});
