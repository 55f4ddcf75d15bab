import { describe, expect, it } from 'vitest';
import { workerErrors } from '@/db/schema';
import { readOwnRoster, RosterPushes } from '../support/roster-client';
import { randomMsisdn } from '../support/xmpp-harness';
import { useXmppHarness } from './harness-hooks';

/**
 * cmd_add_to_roster against a Prosody that grants the component less XEP-0356 roster access than
 * it needs (`privileged_entities … roster = "none"` or `"get"`): the client is told ROSTER_ERROR
 * and why, nothing is written behind its back, and the worker goes on serving.
 */
describe.each([
  {
    rosterAccess: 'none',
    refused: 'the roster read',
    message: 'Your roster could not be read (the XMPP server answered forbidden); nothing was written. Try again later.',
  },
  {
    rosterAccess: 'get',
    refused: 'every roster write',
    message:
      'Your roster could not be fully written (the XMPP server answered forbidden): 0 of 2 changes were made, listed in added and updated. ' +
      'Send the request again to complete it.',
  },
] as const)('cmd_add_to_roster when Prosody grants roster access $rosterAccess', ({ rosterAccess, refused, message }) => {
  const harness = useXmppHarness({ database: 'pglite', prosody: { rosterAccess } });

  it(`answers ROSTER_ERROR when Prosody refuses ${refused}, writes nothing, and keeps serving`, async () => {
    const contacts = [harness().registerAccount(), harness().registerAccount()];
    const unregistered = randomMsisdn();
    const user = await harness().createUser();
    const pushes = new RosterPushes(user.client);
    await readOwnRoster(user.client);

    const response = await user.command('cmd_add_to_roster', {
      channelUsers: [
        ...contacts.map((contact, index) => ({ name: `Contact ${index}`, address: contact.local })),
        { name: 'Nobody', address: unregistered },
      ],
    });
    const expected = { status: 1, errorCode: 'ROSTER_ERROR', errorMessage: [{ message }] };
    // Past the read, the answer lists what was written (nothing here) and every skipped entry.
    const outcome =
      rosterAccess === 'get' ? { added: [], updated: [], skipped: [{ address: unregistered, reason: 'not_registered' }] } : {};
    expect(response.payload).toEqual({ ...expected, ...outcome });

    expect((await readOwnRoster(user.client)).items).toEqual([]);
    expect(pushes.received).toEqual([]);
    await harness().worker.flush();
    const listed = await harness().database.db.select({ message: workerErrors.message }).from(workerErrors);
    expect(listed.map((row) => row.message)).toEqual([
      expect.stringMatching(new RegExp(`^cmd_add_to_roster from ${user.fullJid} .*: ROSTER_ERROR: `)),
    ]);
    expect(harness().worker.online).toBe(true);
    expect((await user.command('cmd_search_users', { userList: [contacts[0]!.local] })).payload).toMatchObject({
      status: 0,
      userList: [contacts[0]!.local],
    });
    expect((await user.command('cmd_get_channels', {})).payload).toMatchObject({ status: 0, channelList: ['news', 'offers'] });
  });
});
