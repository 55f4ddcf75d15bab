import { Refusal } from '@/lib/refusal';
import { and, desc, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '@/db/client';
import { buddyVersions } from '@/db/schema';
import { recordAudit, type Actor } from '../audit';
import { settings } from '../config';
import { loadDraftView, withCurrentDraft, type DraftView } from './draft';
import { diffCounts, diffIsEmpty, diffTrees } from '../../lib/buddies/diff';
import { announceChange } from '../changes';
import { bumpDraftRevision, latestVersion, loadDraftNodes, nodesToItems, storedItems, type BuddyVersion } from './repository';
import { parseSpecJson, toSpecJson, type BuddyItem } from '../../lib/buddies/spec-json';
import { writeTree } from './tree-writer';
import { assertVcardFits } from './vcard-reply';

/**
 * Published versions: the history list and any version's tree, then the whole publish path top to
 * bottom: the console's publish of a reviewed draft and its rollback both end in `publishTree`,
 * the one place a version is numbered, stored, audited and announced to the workers.
 */
export interface VersionSummary {
  number: number;
  publishedBy: string;
  publishedAt: string;
  rolledBackFrom: number | null;
}

export async function listVersions(db: DbOrTx, domainId: number, limit = 200): Promise<VersionSummary[]> {
  const rows = await db
    .select({
      number: buddyVersions.number,
      publishedBy: buddyVersions.publishedBy,
      publishedAt: buddyVersions.publishedAt,
      rolledBackFrom: buddyVersions.rolledBackFrom,
    })
    .from(buddyVersions)
    .where(eq(buddyVersions.domainId, domainId))
    .orderBy(desc(buddyVersions.number))
    .limit(limit);
  return rows.map((row) => ({ ...row, publishedAt: row.publishedAt.toISOString() }));
}

export async function findVersionJson(db: DbOrTx, domainId: number, number: number): Promise<string> {
  const [row] = await db
    .select({ json: buddyVersions.json })
    .from(buddyVersions)
    .where(and(eq(buddyVersions.domainId, domainId), eq(buddyVersions.number, number)));
  if (!row) throw new Refusal(404, `There is no version ${number}.`);
  return row.json;
}

/** `draft`, a version number, or `empty` (what a domain with no version yet serves: nothing). */
export type TreeRef = 'draft' | 'empty' | number;

export async function loadTree(db: DbOrTx, domainId: number, ref: TreeRef): Promise<BuddyItem[]> {
  if (ref === 'empty') return [];
  if (ref === 'draft') return nodesToItems(await loadDraftNodes(db, domainId));
  const parsed = parseSpecJson(await findVersionJson(db, domainId, ref));
  if (!parsed.ok) throw new Error(`version ${ref} no longer parses: ${parsed.errors.join('; ')}`);
  return parsed.items;
}

/** The spec JSON of the draft or of a version, exactly as clients receive (or would receive) it. */
export async function exportJson(db: DbOrTx, domainId: number, ref: TreeRef): Promise<string> {
  return typeof ref === 'number' ? findVersionJson(db, domainId, ref) : toSpecJson(await loadTree(db, domainId, ref));
}

export interface Published {
  version: VersionSummary;
  draft: DraftView;
}

/**
 * Publishes the draft the operator reviewed (same revision); refuses when nothing changed, and when
 * its vCard would not fit under the XMPP server's stanza limit (clients could not receive it).
 */
export async function publishReviewedDraft(
  db: Db,
  domainId: number,
  seenRevision: number,
  actor: Actor,
  stanzaLimitBytes = settings().XMPP_STANZA_LIMIT_BYTES,
): Promise<Published> {
  return withCurrentDraft(db, domainId, seenRevision, async (tx, domain) => {
    const draft = await loadTree(tx, domain.id, 'draft');
    if (diffIsEmpty(diffTrees(storedItems((await latestVersion(tx, domain.id))?.json), draft)))
      throw new Refusal(400, 'Nothing to publish: the draft is the same as the published version.');
    const version = await publishTree(tx, domain.id, draft, actor, { stanzaLimitBytes });
    return { version: summary(version), draft: await loadDraftView(tx, domain, draft) };
  });
}

/**
 * Publishes an old version's tree again as a new version (compact, as every version since), and
 * loads it into the draft. Refused like a publish when its vCard would not fit under the limit.
 */
export async function rollbackTo(
  db: Db,
  domainId: number,
  number: number,
  seenRevision: number,
  actor: Actor,
  stanzaLimitBytes = settings().XMPP_STANZA_LIMIT_BYTES,
): Promise<Published> {
  return withCurrentDraft(db, domainId, seenRevision, async (tx, domain) => {
    const items = await loadTree(tx, domain.id, number);
    const version = await publishTree(tx, domain.id, items, actor, { rolledBackFrom: number, stanzaLimitBytes });
    const rows = await loadDraftNodes(tx, domain.id);
    await writeTree(tx, domain.id, rows, items);
    const revision = await bumpDraftRevision(tx, domain.id);
    await recordAudit(tx, actor, {
      domainId: domain.id,
      objectType: 'buddies.draft',
      objectId: 'draft',
      action: 'rollback',
      before: { json: toSpecJson(nodesToItems(rows)) },
      after: { loadedVersion: number, newVersion: version.number },
    });
    return { version: summary(version), draft: await loadDraftView(tx, { ...domain, draftRevision: revision }, items) };
  });
}

/**
 * Stores `items` as the domain's next numbered version, inside the caller's transaction: refused
 * when its vCard would not fit under the stanza limit, audited with what changed against the live
 * version, and announced so every worker serves it at once. The seed publishes its demo tree here too.
 */
export async function publishTree(
  tx: DbOrTx,
  domainId: number,
  items: BuddyItem[],
  actor: Actor,
  {
    rolledBackFrom = null,
    stanzaLimitBytes = settings().XMPP_STANZA_LIMIT_BYTES,
  }: { rolledBackFrom?: number | null; stanzaLimitBytes?: number } = {},
): Promise<BuddyVersion> {
  const json = toSpecJson(items);
  assertVcardFits(json, stanzaLimitBytes);
  const latest = await latestVersion(tx, domainId);
  const [version] = await tx
    .insert(buddyVersions)
    .values({ domainId, number: (latest?.number ?? 0) + 1, json, publishedBy: actor.label, rolledBackFrom })
    .returning();
  if (!version) throw new Error('publishing returned no row');
  await recordAudit(tx, actor, {
    domainId,
    objectType: 'buddies',
    objectId: version.number,
    action: rolledBackFrom === null ? 'publish' : 'rollback',
    after: { number: version.number, rolledBackFrom, nodes: diffCounts(diffTrees(storedItems(latest?.json), items)) },
  });
  await announceChange(tx, { kind: 'buddies', domainId });
  return version;
}

function summary(version: BuddyVersion): VersionSummary {
  return {
    number: version.number,
    publishedBy: version.publishedBy,
    publishedAt: version.publishedAt.toISOString(),
    rolledBackFrom: version.rolledBackFrom,
  };
}
