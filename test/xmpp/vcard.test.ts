import xml from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { systemActor } from '@/server/audit';
import { replaceDraft } from '@/server/buddies/repository';
import { toSpecJson } from '@/lib/buddies/spec-json';
import { realisticTree } from '@/test/support/buddy-trees';
import { editDraft } from '@/server/buddies/draft';
import { publishReviewedDraft, publishTree } from '@/server/buddies/versions';
import { findDomain } from '@/server/domains';
import { demoBuddies } from '@/server/seed/seed';
import specExamples from '@/server/seed/spec-examples.json';
import { componentJid, serviceJid, unservedDomain } from '../support/xmpp-harness';
import { serverSetups, useXmppHarness } from './harness-hooks';

/** The spec's three buddies examples, as the seed publishes them: what DESC must hold, field for field. */
const specDocument = { items: [...specExamples.bots.items, ...specExamples.mobileTicketing.items, ...specExamples.liam.items] };

describe.each(serverSetups)('vCard buddies on $name', ({ options }) => {
  const harness = useXmppHarness(options);

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

  it('serves a newly published tree once the publish is announced, compact, from memory', async () => {
    const user = await harness().createUser();
    expect(JSON.parse(await user.vcardDesc())).toEqual(specDocument);
    const renamed = demoBuddies().map((item) => ({ ...item, info: { ...item.info, name: `${item.info.name} <&> "v2"` } }));
    const announced = harness().worker.nextChange();
    await harness().database.db.transaction(async (tx) => {
      await replaceDraft(tx, harness().domain.id, renamed);
      await publishTree(tx, harness().domain.id, renamed, systemActor);
    });
    expect(await announced).toEqual({ kind: 'buddies', domainId: harness().domain.id });
    const desc = await user.vcardDesc();
    expect(desc).not.toContain('\n');
    const served = JSON.parse(desc) as typeof specDocument;
    expect(served.items.map((item) => item.info.name)).toEqual(renamed.map((item) => item.info.name));
  });

  it('delivers a 5,000-node tree published in the console to a real client', async () => {
    const user = await harness().createUser();
    const big = realisticTree(5_000);
    const domain = (await findDomain(harness().database.db, harness().domain.name))!;
    const imported = await editDraft(harness().database.db, domain.id, domain.draftRevision, systemActor, {
      kind: 'import',
      json: JSON.stringify({ items: big }),
    });
    const announced = harness().worker.nextChange();
    await publishReviewedDraft(harness().database.db, domain.id, imported.draft.revision, systemActor);
    await announced;
    const desc = await user.vcardDesc();
    expect(desc.length).toBeGreaterThan(1_500_000);
    const served = JSON.parse(desc) as { items: Array<{ items: unknown[] }> };
    expect(served.items).toHaveLength(250);
    expect(served.items.reduce((count, group) => count + 1 + group.items.length, 0)).toBe(5_000);
    expect(served).toEqual(JSON.parse(toSpecJson(big)));
  });

  it('refuses a user of a domain the service does not serve with an iq error', async () => {
    const stranger = await harness().createUser({ domain: unservedDomain });
    await expect(stranger.vcardDesc()).rejects.toMatchObject({ condition: 'forbidden' });
  });

  it('answers disco#info with the features it serves', async () => {
    const user = await harness().createUser();
    const result = await user.iq(
      xml('iq', { type: 'get', to: componentJid }, xml('query', { xmlns: 'http://jabber.org/protocol/disco#info' })),
    );
    const features = result
      .getChild('query')!
      .getChildren('feature')
      .map((feature) => feature.attrs.var);
    expect(features).toEqual(expect.arrayContaining(['vcard-temp', 'jabber:x:oob', 'urn:xmpp:receipts']));
  });
});
