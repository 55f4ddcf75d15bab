import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAccountDirectory } from '@/server/directory';
import type { ProsodyStore } from '@/server/directory/account-directory';
import { accountStoreSetups } from '../support/address-book-setups';
import { itemOf, readOwnRoster, removeOwnRosterItem, setOwnRosterItem } from '../support/roster-client';
import { startXmppHarness, type XmppHarness } from '../support/xmpp-harness';

/**
 * The worker keeps a user's roster in memory between address-book syncs and uses it only while
 * the fingerprint of that roster in Prosody's store is unchanged (server/worker/roster-cache.ts).
 * Shown against real Prosody writes, in both of its stores: the fingerprint moves with every change
 * the server stores, and a sync after the user's own edits sees them.
 */
describe.each(accountStoreSetups)('the roster kept in memory, with the $name', (setup) => {
  let harness: XmppHarness;
  let store: ProsodyStore;
  beforeAll(async () => {
    harness = await startXmppHarness({ database: setup.database, prosodyStorage: setup.prosodyStorage });
    store = openAccountDirectory(harness.accountStore);
  });
  afterAll(async () => {
    await store?.close();
    await harness?.stop();
  });

  it("has a fingerprint of the user's stored roster that moves with every change Prosody stores, and only then", async () => {
    const [first, second] = [harness.registerAccount(), harness.registerAccount()];
    const user = await harness.createUser();
    const fingerprint = () => store.rosterFingerprint(user.domain, user.local);
    expect(await fingerprint()).toBeUndefined();

    await setOwnRosterItem(user.client, { jid: first.jid, name: 'First', groups: ['CONTACTS'] });
    const afterAdd = await fingerprint();
    expect(afterAdd).toEqual(expect.any(String));
    await readOwnRoster(user.client);
    expect(await fingerprint()).toBe(afterAdd);

    const seen = new Set([afterAdd]);
    const changes = [
      () => setOwnRosterItem(user.client, { jid: second.jid, name: 'Second', groups: ['CONTACTS'] }),
      () => setOwnRosterItem(user.client, { jid: first.jid, name: 'First, renamed', groups: ['CONTACTS'] }),
      () => setOwnRosterItem(user.client, { jid: first.jid, name: 'First, renamed', groups: ['CONTACTS', 'Friends'] }),
      () => removeOwnRosterItem(user.client, second.jid),
      // The same item as two changes before: the roster's content is back, its stored version is not.
      () => setOwnRosterItem(user.client, { jid: second.jid, name: 'Second', groups: ['CONTACTS'] }),
    ];
    for (const change of changes) {
      await change();
      const now = await fingerprint();
      expect(now).toEqual(expect.any(String));
      expect(seen.has(now)).toBe(false);
      seen.add(now);
    }
  });

  it("sees the user's own edits made between repeated syncs", async () => {
    const contacts = [harness.registerAccount(), harness.registerAccount(), harness.registerAccount()];
    const user = await harness.createUser();
    const book = contacts.map((contact, index) => ({ name: `Contact ${index}`, address: contact.local }));
    const sync = () => user.command('cmd_add_to_roster', { channelUsers: book }).then((response) => response.payload);
    expect(await sync()).toMatchObject({ status: 0, added: contacts.map((contact) => contact.local) });
    // The first repeat reads the roster the writes left and keeps it; the second can use it.
    for (let repeat = 0; repeat < 2; repeat++) expect(await sync()).toMatchObject({ status: 0, added: [], updated: [] });

    await removeOwnRosterItem(user.client, contacts[0]!.jid);
    await setOwnRosterItem(user.client, { jid: contacts[1]!.jid, name: 'Renamed by the user', groups: ['CONTACTS'] });
    expect(await sync()).toMatchObject({ status: 0, added: [contacts[0]!.local], updated: [contacts[1]!.local] });
    const roster = await readOwnRoster(user.client);
    expect(itemOf(roster, contacts[0]!.jid)?.name).toBe('Contact 0');
    expect(itemOf(roster, contacts[1]!.jid)?.name).toBe('Contact 1');

    await setOwnRosterItem(user.client, { jid: contacts[2]!.jid, name: 'Contact 2', groups: [] });
    expect(await sync()).toMatchObject({ status: 0, added: [], updated: [contacts[2]!.local] });
    expect(await sync()).toMatchObject({ status: 0, added: [], updated: [] });
  });
});
