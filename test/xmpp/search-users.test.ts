import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WholeTagParser } from '@/server/worker/stream-reading';
import { addressBookSetups, breakAccountStore, deleteAccountBehindServer } from '../support/address-book-setups';
import { randomMsisdn, serviceJid, startXmppHarness, unservedDomain, type XmppHarness } from '../support/xmpp-harness';
import { addressed, specRequests } from './spec-stanzas';

/** The international number written the ways phones display it. */
function displayForms(msisdn: string): string[] {
  const national = msisdn.slice(4);
  return [
    `+39 ${national.slice(0, 3)}-${national.slice(3, 6)} ${national.slice(6)}`,
    `+39${national}`,
    `0039 ${national.slice(0, 3)} ${national.slice(3)}`,
  ];
}

describe.each(addressBookSetups)('cmd_search_users with the $name', (setup) => {
  let harness: XmppHarness;
  beforeAll(async () => {
    harness = await startXmppHarness(setup.options);
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it("answers the spec's literal request (no action, unquoted key, two bodies) in the spec's response shape", async () => {
    const registered = ['00393296260815', '00393490899289', '00393497588825'];
    for (const local of registered) harness.registerAccount({ local });
    const user = await harness.createUser();
    await user.sendRaw(addressed(specRequests.searchUsers, serviceJid));
    const response = await user.response('cmd_search_users');
    expect(response.stanza.attrs).toMatchObject({ to: user.fullJid, from: serviceJid, type: 'chat' });
    expect(response.action).toBe('cmd_search_users');
    expect(response.payload).toEqual({ status: 0, errorCode: null, errorMessage: [], userList: registered, invalid: [] });
  });

  it('matches numbers written with +, spaces and dashes, and answers them as sent', async () => {
    const contact = harness.registerAccount();
    const unknown = randomMsisdn();
    const user = await harness.createUser();
    const sent = [...displayForms(contact.local), ...displayForms(unknown), contact.local];
    const { payload } = await user.command('cmd_search_users', { userList: sent });
    expect(payload).toMatchObject({ status: 0, errorCode: null });
    expect(payload.userList).toEqual([...displayForms(contact.local), contact.local]);
  });

  it('reports entries that are not phone numbers in `invalid` and still answers the rest', async () => {
    const contact = harness.registerAccount();
    const user = await harness.createUser();
    const { payload } = await user.command('cmd_search_users', {
      userList: ['call me', contact.local, '', `${contact.local}@${contact.domain}`],
    });
    expect(payload).toMatchObject({ status: 0, userList: [contact.local], invalid: ['call me', '', `${contact.local}@${contact.domain}`] });
  });

  it("finds users of the sender's domain only", async () => {
    const elsewhere = harness.registerAccount({ domain: unservedDomain });
    const here = harness.registerAccount();
    const user = await harness.createUser();
    const { payload } = await user.command('cmd_search_users', { userList: [elsewhere.local, here.local] });
    expect(payload.userList).toEqual([here.local]);
  });

  it('answers a 5,000-entry address book in one request', async () => {
    const registered = Array.from({ length: 10 }, () => harness.registerAccount().local);
    // 0039349… numbers: randomMsisdn() gives 0039347…, so no other test's user is among them.
    const addressBook = Array.from({ length: 5_000 }, (_, index) => `+39 349 ${String(index).padStart(7, '0')}`);
    for (const [slot, local] of registered.entries()) addressBook[slot * 499] = local;
    const user = await harness.createUser();
    const { payload } = await user.command('cmd_search_users', { userList: addressBook });
    expect(payload).toMatchObject({ status: 0, errorCode: null, invalid: [] });
    expect(payload.userList).toEqual(registered);
  });

  it('reads and answers every character of a big request exactly, whatever TCP chunks carry it', async () => {
    // ~450 KB each way, nearly all of it 3-byte UTF-8, so the boundaries of the TCP chunks fall inside
    // characters: a reader that decodes each chunk on its own (the worker's or the client's) turns those into U+FFFD.
    const entries = Array.from({ length: 3_000 }, (_, index) => `${'€'.repeat(50)}ü${index}`);
    const user = await harness.createUser();
    const { payload } = await user.command('cmd_search_users', { userList: entries });
    expect(payload).toMatchObject({ status: 0, errorCode: null, userList: [] });
    expect((payload.invalid as string[]).filter((entry, index) => entry !== entries[index])).toEqual([]);
    expect(payload.invalid).toHaveLength(entries.length);
    // The client read it as the worker does: with the parser whose cost follows the stanza.
    expect((user.client as unknown as { parser: unknown }).parser).toBeInstanceOf(WholeTagParser);
  });

  it('refuses more than 10,000 entries, and wrong types, with INVALID_PAYLOAD saying why', async () => {
    const user = await harness.createUser();
    const tooMany = await user.command('cmd_search_users', {
      userList: Array.from({ length: 10_001 }, (_, index) => String(index).padStart(14, '0')),
    });
    expect(tooMany.payload).toMatchObject({
      status: 1,
      errorCode: 'INVALID_PAYLOAD',
      errorMessage: [{ message: 'userList: userList holds at most 10,000 entries per request' }],
    });
    const numbers = await user.command('cmd_search_users', '{ userList: [393471111111] }');
    expect(numbers.payload).toMatchObject({ status: 1, errorCode: 'INVALID_PAYLOAD' });
    const missing = await user.command('cmd_search_users', '{}');
    expect(missing.payload).toMatchObject({ status: 1, errorCode: 'INVALID_PAYLOAD' });
    const tooLong = await user.command('cmd_search_users', { userList: ['1'.repeat(65)] });
    expect(tooLong.payload).toMatchObject({ status: 1, errorCode: 'INVALID_PAYLOAD' });
  });

  it('answers NO_USER_FOUND to a session that outlived its account, without telling who is registered', async () => {
    const contact = harness.registerAccount();
    const user = await harness.createUser();
    expect((await user.command('cmd_search_users', { userList: [contact.local] })).payload).toMatchObject({
      status: 0,
      userList: [contact.local],
    });
    await deleteAccountBehindServer(harness, user);
    const { payload } = await user.command('cmd_search_users', { userList: [contact.local] });
    expect(payload).toEqual({
      status: 1,
      errorCode: 'NO_USER_FOUND',
      errorMessage: [{ message: `${user.jid} is not a registered account of ${user.domain}.` }],
    });
  });

  it('answers SQL_ERROR while the account store cannot be read, and works again afterwards', async () => {
    const contact = harness.registerAccount();
    const user = await harness.createUser();
    const restore = await breakAccountStore(harness);
    try {
      const { payload } = await user.command('cmd_search_users', { userList: [contact.local] });
      expect(payload).toEqual({
        status: 1,
        errorCode: 'SQL_ERROR',
        errorMessage: [{ message: 'The account store could not be read; try again later.' }],
      });
    } finally {
      await restore();
    }
    const { payload } = await user.command('cmd_search_users', { userList: [contact.local] });
    expect(payload).toMatchObject({ status: 0, userList: [contact.local] });
  });
});
