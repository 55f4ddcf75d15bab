import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { channelSubscriptions, channels } from '@/db/schema';
import { ensureDomain } from '@/server/domains';
import { receiptsNs } from '@/server/worker/envelope';
import { serviceJid } from '../support/xmpp-harness';
import { serverSetups, useXmppHarness } from './harness-hooks';
import { addressed, specCheckVersionResponse, specRequests } from './spec-stanzas';

const okEnvelope = { status: 0, errorCode: null, errorMessage: [] };

describe.each(serverSetups)('channel and version commands on $name', ({ options }) => {
  const harness = useXmppHarness(options);
  beforeAll(async () => {
    const db = harness().database.db;
    // The spec's examples name channel1 and channel2; the seed has news and offers.
    await db.insert(channels).values(['channel1', 'channel2'].map((name) => ({ domainId: harness().domain.id, name })));
    const elsewhere = await ensureDomain(db, 'elsewhere.test');
    await db.insert(channels).values({ domainId: elsewhere.id, name: 'elsewhere-only' });
  });

  const subscriptionsOf = (jid: string) =>
    harness()
      .database.db.select({ channelId: channelSubscriptions.channelId })
      .from(channelSubscriptions)
      .where(eq(channelSubscriptions.userJid, jid));

  it("answers the spec's check-version example with the spec's response", async () => {
    const user = await harness().createUser();
    await user.sendRaw(addressed(specRequests.checkClientVersion, serviceJid));
    const response = await user.response('cmd_check_client_version');
    expect(response.action).toBe('cmd_check_client_version');
    expect(response.payload).toEqual(specCheckVersionResponse);
    expect(response.stanza.attrs).toMatchObject({ type: 'chat', to: user.fullJid, from: serviceJid });
  });

  it('answers each version outcome by the seeded rule (min build 150, min API 2, recommended 160)', async () => {
    const user = await harness().createUser();
    const check = async (fields: object) =>
      (await user.command('cmd_check_client_version', { osCode: 'ANDROID', packageName: 'it.monksoftware.eime', apiVersion: 2, ...fields }))
        .payload;
    expect(await check({ buildNumber: 149 })).toMatchObject({ status: -1 });
    expect(await check({ buildNumber: 150 })).toEqual({
      status: 1,
      errorCode: null,
      errorMessage: [{ message: 'A new version of the app is available', downloadLink: 'http://liam.monksoftware.it/current.apk' }],
    });
    expect(await check({ buildNumber: 160 })).toEqual(okEnvelope);
    expect(await check({ buildNumber: 200, apiVersion: 1 })).toMatchObject({ status: -1 });
    expect(await check({ buildNumber: 149, osCode: 'android' })).toMatchObject({ status: -1 });
    expect(await check({ buildNumber: 1, packageName: 'it.other.app' })).toEqual(okEnvelope);
  });

  it('lists all channels of the domain by name with {}', async () => {
    const user = await harness().createUser();
    const response = await user.command('cmd_get_channels', '{}');
    expect(response.payload).toEqual({ ...okEnvelope, channelList: ['channel1', 'channel2', 'news', 'offers'] });
  });

  it("subscribes and unsubscribes with the spec's examples, with receipts, idempotently, for the sender only", async () => {
    const user = await harness().createUser();
    const other = await harness().createUser();
    const onlySubscribed = async (who = user) => {
      await who.sendRaw(addressed(specRequests.getChannels, serviceJid));
      return (await who.response('cmd_get_channels')).payload;
    };
    expect(await onlySubscribed()).toEqual({ ...okEnvelope, channelList: [] });

    for (let round = 0; round < 2; round++) {
      await user.sendRaw(addressed(specRequests.subscribeToChannel, serviceJid));
      await user.receipt('123456789');
      const subscribed = await user.response('cmd_subscribe_to_channel');
      expect(subscribed.payload).toEqual(okEnvelope);
      expect(subscribed.stanza.getChild('request', receiptsNs), 'the response asks for a receipt, as in the spec').toBeDefined();
    }
    expect(await onlySubscribed()).toEqual({ ...okEnvelope, channelList: ['channel1'] });
    expect(await subscriptionsOf(user.jid)).toHaveLength(1);
    expect(await onlySubscribed(other)).toEqual({ ...okEnvelope, channelList: [] });

    for (let round = 0; round < 2; round++) {
      await user.sendRaw(addressed(specRequests.unsubscribeToChannel, serviceJid));
      await user.receipt('123456789');
      expect((await user.response('cmd_unsubscribe_to_channel')).payload).toEqual(okEnvelope);
    }
    expect(await onlySubscribed()).toEqual({ ...okEnvelope, channelList: [] });
  });

  it('ignores fields that name another user: a command acts for its sender only', async () => {
    const user = await harness().createUser();
    const victim = harness().registerAccount();
    const response = await user.command('cmd_subscribe_to_channel', {
      channel: 'news',
      user: victim.jid,
      userJid: victim.jid,
      jid: victim.jid,
    });
    expect(response.payload).toEqual(okEnvelope);
    expect(await subscriptionsOf(victim.jid)).toHaveLength(0);
    expect(await subscriptionsOf(user.jid)).toHaveLength(1);
  });

  it("answers NO_CHANNEL_FOUND for an unknown channel and for another domain's channel", async () => {
    const user = await harness().createUser();
    for (const type of ['cmd_subscribe_to_channel', 'cmd_unsubscribe_to_channel']) {
      for (const channel of ['no-such-channel', 'elsewhere-only', 'NEWS']) {
        const response = await user.command(type, { channel });
        expect(response.payload, `${type} ${channel}`).toMatchObject({ status: 1, errorCode: 'NO_CHANNEL_FOUND' });
        expect(response.payload.errorMessage[0]?.message).toContain(channel);
      }
    }
    expect(await subscriptionsOf(user.jid)).toEqual([]);
  });

  it("echoes the request's action, and gives a request without action (the spec's search example) its type", async () => {
    const user = await harness().createUser();
    await user.sendRaw(addressed(specRequests.searchUsers, serviceJid));
    const response = await user.response('cmd_search_users');
    expect(response.action).toBe('cmd_search_users');
    expect(response.payload).toMatchObject(okEnvelope);
    expect((await user.command('cmd_get_channels', '{}', { action: 'fetch-list' })).action).toBe('fetch-list');
  });

  it('answers at the component domain itself and at any JID of it, from the address used', async () => {
    const user = await harness().createUser();
    for (const to of [harness().worker.entity.options.domain, `anything@${harness().worker.entity.options.domain}/res`]) {
      const response = await user.command('cmd_get_channels', '{}', { to });
      expect(response.payload.status).toBe(0);
      expect(response.stanza.attrs.from).toBe(to);
    }
  });
});
