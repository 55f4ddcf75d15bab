import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { channels, domains, versionRules } from '@/db/schema';
import { recordAudit, systemActor } from '../audit';
import { ensureDomain } from '../domains';
import { replaceDraft } from '../buddies/repository';
import { publishTree } from '../buddies/versions';
import { parseSpecJson, type BuddyItem } from '../../lib/buddies/spec-json';
import specExamples from './spec-examples.json';

/** The three buddies examples of the protocol spec, as one tree: bot channels, Mobile Ticketing, Liam. */
export function demoBuddies(): BuddyItem[] {
  const parsed = parseSpecJson(
    JSON.stringify({
      items: [...specExamples.bots.items, ...specExamples.mobileTicketing.items, ...specExamples.liam.items],
    }),
  );
  if (!parsed.ok) throw new Error(`the spec examples no longer parse: ${parsed.errors.join('; ')}`);
  return parsed.items;
}

export const demoChannelNames = ['news', 'offers'] as const;

/** The spec's check-version example (ANDROID it.monksoftware.eime build 141) must upgrade under this rule. */
export const demoVersionRule = {
  osCode: 'ANDROID',
  packageName: 'it.monksoftware.eime',
  minBuild: 150,
  minApiVersion: 2,
  recommendedBuild: 160,
  downloadLink: 'http://liam.monksoftware.it/current.apk',
  mustUpgradeMessage: 'Unaccepted version of client',
  shouldUpgradeMessage: 'A new version of the app is available',
};

/**
 * Demo data for a first start, written once: it runs only while there is no domain at all,
 * under an advisory lock so that two processes starting together cannot both seed.
 */
export async function seedDemoData(db: Db, domainName: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(4242001)`);
    const [existing] = await tx.select({ id: domains.id }).from(domains).limit(1);
    if (existing) return false;
    const domain = await ensureDomain(tx, domainName);
    await replaceDraft(tx, domain.id, demoBuddies());
    await tx.insert(channels).values(demoChannelNames.map((name) => ({ domainId: domain.id, name, description: `Demo channel ${name}` })));
    await tx.insert(versionRules).values(demoVersionRule);
    await recordAudit(tx, systemActor, { domainId: domain.id, objectType: 'domain', objectId: domain.name, action: 'seed' });
    await publishTree(tx, domain.id, demoBuddies(), systemActor);
    return true;
  });
}
