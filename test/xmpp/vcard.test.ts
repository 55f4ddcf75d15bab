import xml from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { systemActor } from '@/server/audit';
import { publishDraft, replaceDraft } from '@/server/buddies/repository';
import { demoBuddies } from '@/server/seed/seed';
import specExamples from '@/server/seed/spec-examples.json';
import { databaseKinds } from '../support/databases';
import { componentJid, serviceJid, unservedDomain } from '../support/xmpp-harness';
import { useXmppHarness } from './harness-hooks';

/** The spec's three buddies examples, as the seed publishes them: what DESC must hold, field for field. */
const specDocument = { items: [...specExamples.bots.items, ...specExamples.mobileTicketing.items, ...specExamples.liam.items] };

describe.each(databaseKinds)('vCard buddies on %s', (kind) => {
  const harness = useXmppHarness({ database: kind });

  it('answers a real client with the published buddies JSON in DESC, exactly the shape of the spec', async () => {
    const user = await harness().createUser();
    const desc = await user.vcardDesc();
    expect(JSON.parse(desc)).toEqual(specDocument);
  });

  it('answers at any JID of the component, from that JID', async () => {
    const user = await harness().createUser();
    const result = await user.iq(xml('iq', { type: 'get', to: serviceJid }, xml('vCard', { xmlns: 'vcard-temp' })));
    expect(result.attrs.from).toBe(serviceJid);
    expect(JSON.parse(result.getChild('vCard', 'vcard-temp')!.getChildText('DESC')!)).toEqual(specDocument);
  });

  it('serves a newly published tree from the next request on', async () => {
    const user = await harness().createUser();
    const renamed = demoBuddies().map((item) => ({ ...item, info: { ...item.info, name: `${item.info.name} <&> "v2"` } }));
    await harness().database.db.transaction(async (tx) => {
      await replaceDraft(tx, harness().domain.id, renamed);
      await publishDraft(tx, harness().domain.id, systemActor);
    });
    const served = JSON.parse(await user.vcardDesc()) as typeof specDocument;
    expect(served.items.map((item) => item.info.name)).toEqual(renamed.map((item) => item.info.name));
  });

  it('refuses a user of a domain the service does not serve with an iq error', async () => {
    const stranger = await harness().createUser({ domain: unservedDomain });
    await expect(stranger.vcardDesc()).rejects.toMatchObject({ condition: 'forbidden' });
  });

  it('answers disco#info with the features it serves', async () => {
    const user = await harness().createUser();
    const result = await user.iq(xml('iq', { type: 'get', to: componentJid }, xml('query', { xmlns: 'http://jabber.org/protocol/disco#info' })));
    const features = result.getChild('query')!.getChildren('feature').map((feature) => feature.attrs.var);
    expect(features).toEqual(expect.arrayContaining(['vcard-temp', 'jabber:x:oob', 'urn:xmpp:receipts']));
  });
});
