import xml from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { maxPayloadBytes } from '@/server/worker/payload';
import { oobNs, receiptsNs } from '@/server/worker/envelope';
import { commands } from '@/server/worker/commands';
import { peerComponentJid, randomMsisdn, serviceJid, unservedDomain } from '../support/xmpp-harness';
import { commandPayloads } from './command-payloads';
import { serverSetups, useXmppHarness } from './harness-hooks';

it('has test payloads for exactly the commands the worker knows', () => {
  expect(Object.keys(commandPayloads).sort()).toEqual([...commands.keys()].sort());
});

describe.each(serverSetups)('error answers, limits and receipts on $name', ({ options }) => {
  const harness = useXmppHarness(options);

  it('answers UNKNOWN_COMMAND, naming the known commands', async () => {
    const user = await harness().createUser();
    const response = await user.command('cmd_make_coffee', '{}');
    expect(response.payload).toMatchObject({ status: 1, errorCode: 'UNKNOWN_COMMAND' });
    expect(response.payload.errorMessage[0]?.message).toContain('cmd_get_channels');
  });

  it.each(Object.keys(commandPayloads))(
    '%s: answers INVALID_PAYLOAD, PAYLOAD_TOO_LARGE, NO_USER_FOUND and DOMAIN_NOT_SERVED to real senders',
    async (type) => {
      const { valid, schemaViolation, field } = commandPayloads[type]!;
      const user = await harness().createUser();
      const oversized = `{"${field}": "${'9'.repeat(maxPayloadBytes)}"}`;
      const refusals: Array<[payload: string, errorCode: string, message: RegExp]> = [
        [`{"${field}": "news"`, 'INVALID_PAYLOAD', /not JSON/],
        ['["news"]', 'INVALID_PAYLOAD', /must be a JSON object/],
        [schemaViolation, 'INVALID_PAYLOAD', new RegExp(`^${field.replaceAll('.', '\\.')}: `)],
        [oversized, 'PAYLOAD_TOO_LARGE', /larger than 1048576 bytes/],
      ];
      for (const [payload, errorCode, message] of refusals) {
        const response = await user.command(type, payload);
        expect(response.payload, payload.slice(0, 60)).toMatchObject({ status: 1, errorCode });
        expect(response.payload.errorMessage[0]?.message, payload.slice(0, 60)).toMatch(message);
      }

      // A component of the same server: its domain is no user. The server stamps nothing for a
      // component, so it writes from itself, and gets the answer there.
      const peer = await harness().connectPeerComponent();
      const fromComponent = await peer.command(type, valid);
      expect(fromComponent.payload).toEqual({
        status: 1,
        errorCode: 'NO_USER_FOUND',
        errorMessage: [{ message: 'Commands are answered for users only: the sender has no user name.' }],
      });
      expect(fromComponent.stanza.attrs).toMatchObject({ to: peerComponentJid, from: serviceJid, type: 'chat' });
      expect(fromComponent.action).toBe(type);
      // A JID with a user name at that component is of a domain the service does not serve.
      const fromComponentUser = await peer.command(type, valid, { from: `bot@${peerComponentJid}/x` });
      expect(fromComponentUser.payload).toMatchObject({ status: 1, errorCode: 'DOMAIN_NOT_SERVED' });
      expect(fromComponentUser.stanza.attrs.to).toBe(`bot@${peerComponentJid}/x`);

      const stranger = await harness().createUser({ domain: unservedDomain });
      const response = await stranger.command(type, valid);
      expect(response.payload).toEqual({
        status: 1,
        errorCode: 'DOMAIN_NOT_SERVED',
        errorMessage: [{ message: `The domain ${unservedDomain} is not served by this service.` }],
      });
      expect(response.stanza.attrs.to).toBe(stranger.fullJid);
    },
  );

  it('answers PAYLOAD_TOO_LARGE past 1 MiB, and passes an address book of 5,000 entries', async () => {
    const user = await harness().createUser();
    const oversized = JSON.stringify({ userList: Array.from({ length: 70_000 }, () => randomMsisdn()) });
    expect(oversized.length).toBeGreaterThan(maxPayloadBytes);
    expect((await user.command('cmd_search_users', oversized)).payload).toMatchObject({ status: 1, errorCode: 'PAYLOAD_TOO_LARGE' });

    const userList = Array.from({ length: 5_000 }, () => randomMsisdn());
    expect((await user.command('cmd_search_users', { userList })).payload).toMatchObject({ status: 0, userList: [] });
    // With names it is over Prosody's default c2s limit (256 KiB): the private Prosody allows 2 MiB.
    const channelUsers = userList.map((address, i) => ({ name: `Contact with a fairly long name ${i}`, address }));
    expect(JSON.stringify({ channelUsers }).length).toBeGreaterThan(256 * 1024);
    expect((await user.command('cmd_add_to_roster', { channelUsers })).payload).toMatchObject({ status: 0, added: [] });
  });

  it('answers an array over the limit with INVALID_PAYLOAD saying the limit', async () => {
    const user = await harness().createUser();
    const response = await user.command('cmd_search_users', { userList: Array.from({ length: 10_001 }, () => '0039') });
    expect(response.payload).toMatchObject({ status: 1, errorCode: 'INVALID_PAYLOAD' });
    expect(response.payload.errorMessage[0]?.message).toMatch(/10,000/);
  });

  it('acknowledges a receipt request, and sends none when not asked', async () => {
    const user = await harness().createUser();
    await user.command('cmd_get_channels', '{}', { id: 'with-receipt', receipt: true });
    const receipt = await user.receipt('with-receipt');
    expect(receipt.attrs.from).toBe(serviceJid);
    await user.command('cmd_get_channels', '{}', { id: 'without-receipt' });
    expect(user.unreadFromService()).toEqual([]);
  });

  it('ignores error messages and messages without the oob element: no answer, no loop', async () => {
    const user = await harness().createUser();
    const command = xml('x', { xmlns: oobNs }, xml('type', {}, 'cmd_get_channels'), xml('payload', {}, '{}'));
    await user.send(xml('message', { to: serviceJid, type: 'error', id: 'e1' }, command, xml('request', { xmlns: receiptsNs })));
    await user.send(xml('message', { to: serviceJid, type: 'chat', id: 'e2' }, xml('body', {}, 'hello')));
    await user.send(
      xml('message', { to: serviceJid, type: 'chat', id: 'e3' }, xml('x', { xmlns: oobNs }, xml('url', {}, 'https://example.test/a.png'))),
    );
    // Stanzas of one stream reach the worker in order: once this answer is here, the others were seen.
    expect(
      (await user.command('cmd_check_client_version', { osCode: 'IOS', packageName: 'p', buildNumber: 1, apiVersion: 1 })).payload.status,
    ).toBe(0);
    expect((await user.command('cmd_get_channels', '{}')).payload.status).toBe(0);
    expect(user.unreadFromService()).toEqual([]);
  });
});
