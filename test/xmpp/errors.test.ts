import xml from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { maxPayloadBytes } from '@/server/worker/payload';
import { oobNs, receiptsNs } from '@/server/worker/envelope';
import { databaseKinds } from '../support/databases';
import { randomMsisdn, serviceJid, unservedDomain } from '../support/xmpp-harness';
import { useXmppHarness } from './harness-hooks';

describe.each(databaseKinds)('error answers, limits and receipts on %s', (kind) => {
  const harness = useXmppHarness({ database: kind });

  it('answers UNKNOWN_COMMAND, naming the known commands', async () => {
    const user = await harness().createUser();
    const response = await user.command('cmd_make_coffee', '{}');
    expect(response.payload).toMatchObject({ status: 1, errorCode: 'UNKNOWN_COMMAND' });
    expect(response.payload.errorMessage[0]?.message).toContain('cmd_get_channels');
  });

  it('answers INVALID_PAYLOAD for what is not JSON, not an object, or of the wrong types, with the reason', async () => {
    const user = await harness().createUser();
    const cases: Array<[string, string, RegExp]> = [
      ['cmd_subscribe_to_channel', '{"channel": "news"', /not JSON/],
      ['cmd_subscribe_to_channel', '["news"]', /must be a JSON object/],
      ['cmd_subscribe_to_channel', '{channel: 5}', /^channel: /],
      ['cmd_subscribe_to_channel', '{}', /^channel: /],
      ['cmd_get_channels', '{onlySubscribed: "yes"}', /^onlySubscribed: /],
      ['cmd_check_client_version', '{osCode: "ANDROID", packageName: "p", buildNumber: 1.5, apiVersion: 2}', /^buildNumber: /],
      ['cmd_search_users', '{userList: "00393331234567"}', /^userList: /],
    ];
    for (const [type, payload, reason] of cases) {
      const response = await user.command(type, payload);
      expect(response.payload, payload).toMatchObject({ status: 1, errorCode: 'INVALID_PAYLOAD' });
      expect(response.payload.errorMessage[0]?.message, payload).toMatch(reason);
    }
  });

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

  it('answers DOMAIN_NOT_SERVED to a user of a domain the service does not serve', async () => {
    const stranger = await harness().createUser({ domain: unservedDomain });
    for (const type of ['cmd_get_channels', 'cmd_search_users']) {
      const response = await stranger.command(type, type === 'cmd_search_users' ? { userList: [] } : {});
      expect(response.payload).toMatchObject({ status: 1, errorCode: 'DOMAIN_NOT_SERVED' });
      expect(response.stanza.attrs.to).toBe(stranger.fullJid);
    }
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
    await user.send(xml('message', { to: serviceJid, type: 'chat', id: 'e3' }, xml('x', { xmlns: oobNs }, xml('url', {}, 'https://example.test/a.png'))));
    // Stanzas of one stream reach the worker in order: once this answer is here, the others were seen.
    expect((await user.command('cmd_check_client_version', { osCode: 'IOS', packageName: 'p', buildNumber: 1, apiVersion: 1 })).payload.status).toBe(0);
    expect((await user.command('cmd_get_channels', '{}')).payload.status).toBe(0);
    expect(user.unreadFromService()).toEqual([]);
  });
});
