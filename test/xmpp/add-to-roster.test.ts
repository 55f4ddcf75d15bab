import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RosterItem } from '@/lib/protocol/response';
import { addressBookSetups, breakAccountStore, deleteAccountBehindServer } from '../support/address-book-setups';
import { itemOf, readOwnRoster, RosterPushes, setOwnRosterItem, subscribeToPresence } from '../support/roster-client';
import { randomMsisdn, serviceJid, startXmppHarness, type TestUser, type XmppHarness } from '../support/xmpp-harness';
import { addressed, specAddToRosterOutcome, specRequests } from './spec-stanzas';

/**
 * Every roster rule shown from the user's side: the state before is made by the user's own client
 * (and a real presence subscription where the rule needs one), the state after is read back by the
 * user's own roster get, and the roster pushes the user receives count the writes.
 */
describe.each(addressBookSetups)('cmd_add_to_roster with the $name', (setup) => {
  let harness: XmppHarness;
  beforeAll(async () => {
    harness = await startXmppHarness(setup.options);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  /** A connected user whose client already fetched its roster, so the server pushes every change to it. */
  async function rosterUser(): Promise<{ user: TestUser; pushes: RosterPushes }> {
    const user = await harness.createUser();
    const pushes = new RosterPushes(user.client);
    await readOwnRoster(user.client);
    return { user, pushes };
  }

  const addToRoster = (user: TestUser, channelUsers: Array<{ name: string; address: string }>) =>
    user.command('cmd_add_to_roster', { channelUsers }).then((response) => response.payload);

  const contactItem = (jid: string, fields: Partial<RosterItem>) => ({ jid, subscription: 'none', groups: ['CONTACTS'], ...fields });

  it("answers the spec's literal request and adds both contacts, named, in CONTACTS", async () => {
    for (const local of ['00393471111111', '00393472222222']) harness.registerAccount({ local });
    const { user, pushes } = await rosterUser();
    await user.sendRaw(addressed(specRequests.addToRoster, serviceJid));
    const response = await user.response('cmd_add_to_roster');
    expect(response.action).toBe('cmd_add_to_roster');
    expect(response.payload).toEqual(specAddToRosterOutcome.response);
    const roster = await readOwnRoster(user.client);
    expect(roster.items).toEqual(expect.arrayContaining(specAddToRosterOutcome.rosterItems));
    expect(roster.items).toHaveLength(2);
    expect(pushes.received.map((item) => item.jid).sort()).toEqual(['00393471111111@served.test', '00393472222222@served.test']);
  });

  it('rule 2: gives an item without a group the CONTACTS group', async () => {
    const contact = harness.registerAccount();
    const { user } = await rosterUser();
    await setOwnRosterItem(user.client, { jid: contact.jid, name: 'Mario Rossi', groups: [] });
    expect(await addToRoster(user, [{ name: 'Mario Rossi', address: contact.local }])).toMatchObject({
      status: 0,
      added: [],
      updated: [contact.local],
    });
    expect(itemOf(await readOwnRoster(user.client), contact.jid)).toEqual(contactItem(contact.jid, { name: 'Mario Rossi' }));
  });

  it('rule 3: names an item without a name, keeping its other groups', async () => {
    const contact = harness.registerAccount();
    const { user } = await rosterUser();
    await setOwnRosterItem(user.client, { jid: contact.jid, groups: ['Friends'] });
    expect(itemOf(await readOwnRoster(user.client), contact.jid)?.name).toBeUndefined();
    expect(await addToRoster(user, [{ name: 'Mario Rossi', address: contact.local }])).toMatchObject({
      status: 0,
      updated: [contact.local],
    });
    expect(itemOf(await readOwnRoster(user.client), contact.jid)).toEqual(
      contactItem(contact.jid, { name: 'Mario Rossi', groups: ['CONTACTS', 'Friends'] }),
    );
  });

  it('rule 4: renames an item with a different name', async () => {
    const contact = harness.registerAccount();
    const { user } = await rosterUser();
    await setOwnRosterItem(user.client, { jid: contact.jid, name: 'Mario', groups: ['CONTACTS'] });
    expect(await addToRoster(user, [{ name: 'Mario Rossi', address: contact.local }])).toMatchObject({
      status: 0,
      updated: [contact.local],
    });
    expect(itemOf(await readOwnRoster(user.client), contact.jid)).toEqual(contactItem(contact.jid, { name: 'Mario Rossi' }));
  });

  it('rule 5: moves an item out of OTHERS once there is a presence subscription, keeping the subscription', async () => {
    const contactAccount = harness.registerAccount();
    const contact = await harness.connect(contactAccount);
    const { user, pushes } = await rosterUser();
    await setOwnRosterItem(user.client, { jid: contact.jid, name: 'Mario Rossi', groups: ['OTHERS'] });
    await subscribeToPresence({ client: user.client, pushes, jid: user.jid }, { client: contact.client, jid: contact.jid });
    expect(itemOf(await readOwnRoster(user.client), contact.jid)).toEqual({
      jid: contact.jid,
      name: 'Mario Rossi',
      subscription: 'to',
      groups: ['OTHERS'],
    });

    expect(await addToRoster(user, [{ name: 'Mario Rossi', address: contact.local }])).toMatchObject({
      status: 0,
      updated: [contact.local],
    });
    expect(itemOf(await readOwnRoster(user.client), contact.jid)).toEqual({
      jid: contact.jid,
      name: 'Mario Rossi',
      subscription: 'to',
      groups: ['CONTACTS'],
    });
  });

  it('leaves an item in OTHERS with subscription none and the right name where it is', async () => {
    const contact = harness.registerAccount();
    const { user } = await rosterUser();
    await setOwnRosterItem(user.client, { jid: contact.jid, name: 'Mario Rossi', groups: ['OTHERS'] });
    expect(await addToRoster(user, [{ name: 'Mario Rossi', address: contact.local }])).toMatchObject({
      status: 0,
      updated: [],
      skipped: [{ address: contact.local, reason: 'unchanged' }],
    });
    expect(itemOf(await readOwnRoster(user.client), contact.jid)).toEqual(
      contactItem(contact.jid, { name: 'Mario Rossi', groups: ['OTHERS'] }),
    );
  });

  it('does not write items that are already right: no roster push, same roster version', async () => {
    const contacts = [harness.registerAccount(), harness.registerAccount(), harness.registerAccount()];
    const { user, pushes } = await rosterUser();
    const book = contacts.map((contact, index) => ({ name: `Contact ${index}`, address: contact.local }));
    expect(await addToRoster(user, book)).toMatchObject({ status: 0, added: contacts.map((contact) => contact.local) });
    // The server pushes a roster change before it answers the worker, so all three are in before the response.
    expect(pushes.received).toHaveLength(3);
    const before = await readOwnRoster(user.client);

    expect(await addToRoster(user, book)).toMatchObject({
      status: 0,
      added: [],
      updated: [],
      skipped: contacts.map((contact) => ({ address: contact.local, reason: 'unchanged' })),
    });
    const after = await readOwnRoster(user.client);
    expect(pushes.received).toHaveLength(3);
    expect(after.ver).toBe(before.ver);
    expect(after.items).toEqual(before.items);
  });

  it('matches +, spaces and dashes, and writes one item per number however often the book holds it', async () => {
    const contact = harness.registerAccount();
    const { user, pushes } = await rosterUser();
    const display = `+39 ${contact.local.slice(4, 7)}-${contact.local.slice(7)}`;
    expect(
      await addToRoster(user, [
        { name: 'Mario Rossi', address: display },
        { name: 'Mario', address: contact.local },
      ]),
    ).toEqual({
      status: 0,
      errorCode: null,
      errorMessage: [],
      added: [display],
      updated: [],
      skipped: [{ address: contact.local, reason: 'duplicate' }],
    });
    expect(pushes.received).toEqual([contactItem(contact.jid, { name: 'Mario Rossi' })]);
  });

  it('skips unregistered numbers, the sender, invalid numbers and blank names without writing them', async () => {
    const contact = harness.registerAccount();
    const unregistered = randomMsisdn();
    const { user } = await rosterUser();
    const payload = await addToRoster(user, [
      { name: 'Nobody', address: unregistered },
      { name: 'Me', address: user.local },
      { name: 'Text', address: 'call me' },
      { name: ' ', address: contact.local },
    ]);
    expect(payload).toEqual({
      status: 0,
      errorCode: null,
      errorMessage: [],
      added: [],
      updated: [],
      skipped: [
        { address: unregistered, reason: 'not_registered' },
        { address: user.local, reason: 'self' },
        { address: 'call me', reason: 'invalid_address' },
        { address: contact.local, reason: 'invalid_name' },
      ],
    });
    expect((await readOwnRoster(user.client)).items).toEqual([]);
  });

  it("never touches another user's roster", async () => {
    const { user } = await rosterUser();
    const { user: other, pushes: otherPushes } = await rosterUser();
    const otherBefore = await readOwnRoster(other.client);
    // A payload that names the other user in every way it could: only the sender's roster is written.
    const response = await user.command('cmd_add_to_roster', {
      channelUsers: [{ name: 'Other', address: other.local }],
      jid: other.jid,
      user: other.jid,
      from: other.fullJid,
    });
    expect(response.payload).toMatchObject({ status: 0, added: [other.local] });
    expect(itemOf(await readOwnRoster(user.client), other.jid)).toEqual(contactItem(other.jid, { name: 'Other' }));
    const otherAfter = await readOwnRoster(other.client);
    expect(otherAfter).toEqual(otherBefore);
    expect(otherAfter.items).toEqual([]);
    expect(otherPushes.received).toEqual([]);
  });

  it('takes a 5,000-entry address book in one request and refuses more than 10,000', async () => {
    const registered = Array.from({ length: 5 }, () => harness.registerAccount().local);
    // 0039348… numbers: randomMsisdn() gives 0039347…, so no other test's user is among them.
    const book = Array.from({ length: 5_000 }, (_, index) => ({
      name: `Contact ${index}`,
      address: `+39 348 ${String(index).padStart(7, '0')}`,
    }));
    for (const [slot, local] of registered.entries()) book[slot * 997] = { name: `Friend ${slot}`, address: local };
    const { user } = await rosterUser();
    const payload = await addToRoster(user, book);
    expect(payload).toMatchObject({ status: 0, errorCode: null, added: registered, updated: [] });
    expect(payload.skipped).toHaveLength(4_995);
    expect((await readOwnRoster(user.client)).items.map((item) => item.name).sort()).toEqual(registered.map((_, slot) => `Friend ${slot}`));

    const tooMany = await user.command('cmd_add_to_roster', {
      channelUsers: Array.from({ length: 10_001 }, (_, index) => ({ name: 'x', address: String(index) })),
    });
    expect(tooMany.payload).toMatchObject({
      status: 1,
      errorCode: 'INVALID_PAYLOAD',
      errorMessage: [{ message: 'channelUsers: channelUsers holds at most 10,000 entries per request' }],
    });
  });

  it('answers SQL_ERROR while the account store cannot be read, writing nothing, and works again afterwards', async () => {
    const contact = harness.registerAccount();
    const { user, pushes } = await rosterUser();
    const book = [{ name: 'Mario Rossi', address: contact.local }];
    const restore = await breakAccountStore(harness);
    try {
      expect(await addToRoster(user, book)).toEqual({
        status: 1,
        errorCode: 'SQL_ERROR',
        errorMessage: [{ message: 'The account store could not be read; try again later.' }],
      });
    } finally {
      await restore();
    }
    expect((await readOwnRoster(user.client)).items).toEqual([]);
    expect(pushes.received).toEqual([]);
    expect(await addToRoster(user, book)).toMatchObject({ status: 0, added: [contact.local] });
  });

  it('answers NO_USER_FOUND to a session that outlived its account, and writes no roster for it', async () => {
    const contact = harness.registerAccount();
    const { user, pushes } = await rosterUser();
    await deleteAccountBehindServer(harness, user);
    expect(await addToRoster(user, [{ name: 'Mario Rossi', address: contact.local }])).toEqual({
      status: 1,
      errorCode: 'NO_USER_FOUND',
      errorMessage: [{ message: `${user.jid} is not a registered account of ${user.domain}.` }],
    });
    expect(pushes.received).toEqual([]);
    expect((await readOwnRoster(user.client)).items).toEqual([]);
  });

  it('refuses entries of the wrong shape with INVALID_PAYLOAD', async () => {
    const { user } = await rosterUser();
    for (const payload of [
      '{ channelUsers: [{ name: "Mario" }] }',
      '{ channelUsers: [{ name: 1, address: "0039" }] }',
      '{ channelUsers: "all" }',
      '{}',
    ]) {
      const response = await user.command('cmd_add_to_roster', payload);
      expect(response.payload, payload).toMatchObject({ status: 1, errorCode: 'INVALID_PAYLOAD' });
    }
    expect((await readOwnRoster(user.client)).items).toEqual([]);
  });
});
