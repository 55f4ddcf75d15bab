import { asc, desc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { buddyNodes, buddyVersions, domains } from '@/db/schema';
import { parseSpecJson, type BuddyItem } from '../../lib/buddies/spec-json';
import { writeTree } from './tree-writer';

export type BuddyNode = typeof buddyNodes.$inferSelect;

export async function loadDraftNodes(db: DbOrTx, domainId: number): Promise<BuddyNode[]> {
  return db.select().from(buddyNodes).where(eq(buddyNodes.domainId, domainId)).orderBy(asc(buddyNodes.parentId), asc(buddyNodes.position));
}

/** Nests flat rows (any order) into the spec's tree, siblings by position. */
export function nodesToItems(nodes: BuddyNode[]): BuddyItem[] {
  const children = new Map<number | null, BuddyNode[]>();
  for (const node of nodes) {
    const siblings = children.get(node.parentId) ?? [];
    siblings.push(node);
    children.set(node.parentId, siblings);
  }
  const build = (parentId: number | null): BuddyItem[] =>
    (children.get(parentId) ?? [])
      .sort((a, b) => a.position - b.position)
      .map((node) => ({
        address: node.address,
        serverAddress: node.serverAddress,
        type: node.kind,
        mobileIsPublished: node.mobileIsPublished,
        webIsPublished: node.webIsPublished,
        info: {
          name: node.name,
          status: node.status,
          imageUrl: node.imageUrl,
          thumbUrl: node.thumbUrl,
          defaultMessage: node.defaultMessage,
        },
        items: build(node.id),
      }));
  return build(null);
}

/** Replaces a domain's whole draft with the given tree (import, rollback, seed). */
export async function replaceDraft(tx: DbOrTx, domainId: number, items: BuddyItem[]): Promise<void> {
  await writeTree(tx, domainId, await loadDraftNodes(tx, domainId), items);
  await bumpDraftRevision(tx, domainId);
}

export async function bumpDraftRevision(tx: DbOrTx, domainId: number): Promise<number> {
  const [row] = await tx
    .update(domains)
    .set({ draftRevision: sql`${domains.draftRevision} + 1` })
    .where(eq(domains.id, domainId))
    .returning({ draftRevision: domains.draftRevision });
  return row?.draftRevision ?? 0;
}

export type BuddyVersion = typeof buddyVersions.$inferSelect;

/** The tree of a stored version's JSON (the server wrote it, so it parses); none before the first version. */
export function storedItems(json: string | undefined): BuddyItem[] {
  if (json === undefined) return [];
  const parsed = parseSpecJson(json);
  if (!parsed.ok) throw new Error(`a stored buddies version does not parse: ${parsed.errors[0]}`);
  return parsed.items;
}

/**
 * The domain's newest version, or undefined before the first: what clients receive in the vCard
 * DESC. Every reader of "the live version" goes through this one query.
 */
export async function latestVersion(db: DbOrTx, domainId: number): Promise<BuddyVersion | undefined> {
  const [row] = await db
    .select()
    .from(buddyVersions)
    .where(eq(buddyVersions.domainId, domainId))
    .orderBy(desc(buddyVersions.number))
    .limit(1);
  return row;
}

/** The JSON clients of `domainName` receive in the vCard DESC; null before the first version or for no served domain. */
export async function findPublishedJson(db: DbOrTx, domainName: string): Promise<string | null> {
  const [domain] = await db.select({ id: domains.id }).from(domains).where(eq(domains.name, domainName.toLowerCase()));
  return domain ? ((await latestVersion(db, domain.id))?.json ?? null) : null;
}
