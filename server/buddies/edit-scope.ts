import { and, eq, inArray, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { buddyNodes } from '@/db/schema';
import { addressesIn, type DraftOp } from '../../lib/buddies/draft-ops';
import { loadDraftNodes, type BuddyNode } from './repository';
import type { BuddyItem } from '../../lib/buddies/spec-json';
import type { PartialTree } from './tree-writer';

/**
 * The part of the draft one edit reads, so that an edit of a 5,000-node draft reads and writes about
 * what the same edit of a 50-node draft does: the nodes it names and their ancestors (where they sit),
 * the whole child lists it inserts into or takes from, the whole subtrees it copies or deletes, and the
 * nodes holding the addresses it gives out. An import reads everything.
 */
export interface EditScope {
  everything: boolean;
  nodes: Set<string>;
  /** Whole child lists of these nodes (null: the top level). */
  childrenOf: Set<string | null>;
  /** Whole child lists these nodes sit in. */
  siblingsOf: Set<string>;
  subtrees: Set<string>;
  /** Nodes whose copies `duplicate` names `<address>-copy…`: the addresses taken by that pattern. */
  copiesOf: Set<string>;
}

export function scopeOf(op: DraftOp, scope: EditScope = emptyScope()): EditScope {
  switch (op.kind) {
    case 'create':
      scope.childrenOf.add(op.parent);
      addressesIn([op.item]).forEach((address) => scope.nodes.add(address));
      break;
    case 'update':
      scope.nodes.add(op.address);
      if (op.fields.address !== undefined) scope.nodes.add(op.fields.address);
      // Whether a group still holds nodes decides if it may become a channel.
      if (op.fields.type === 'channel') scope.childrenOf.add(op.address);
      break;
    case 'move':
      scope.siblingsOf.add(op.address);
      scope.childrenOf.add(op.parent);
      break;
    case 'duplicate':
      scope.siblingsOf.add(op.address);
      scope.subtrees.add(op.address);
      scope.copiesOf.add(op.address);
      break;
    case 'delete':
      scope.siblingsOf.add(op.address);
      scope.subtrees.add(op.address);
      break;
    case 'setFlag':
      op.addresses.forEach((address) => scope.nodes.add(address));
      break;
    case 'import':
      scope.everything = true;
      break;
    case 'batch':
      op.ops.forEach((inner) => scopeOf(inner, scope));
      break;
  }
  return scope;
}

const list = (values: Array<string | number>) =>
  sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  );

function emptyScope(): EditScope {
  return { everything: false, nodes: new Set(), childrenOf: new Set(), siblingsOf: new Set(), subtrees: new Set(), copiesOf: new Set() };
}

/** The rows read, nested as a tree (the top level and child lists possibly in part), and what is whole. */
export interface ScopedTree extends PartialTree {
  rows: BuddyNode[];
  items: BuddyItem[];
}

export async function loadScope(tx: DbOrTx, domainId: number, scope: EditScope): Promise<ScopedTree> {
  if (scope.everything) return nest(await loadDraftNodes(tx, domainId), () => true);
  const rows = new Map<number, BuddyNode>();
  const read = async (where: SQL | undefined) => {
    const found = await tx
      .select()
      .from(buddyNodes)
      .where(and(eq(buddyNodes.domainId, domainId), where));
    found.forEach((row) => rows.set(row.id, row));
    return found;
  };
  const named = [...scope.nodes, ...scope.siblingsOf, ...scope.subtrees, ...scope.childrenOf].filter((a): a is string => a !== null);
  const byName = new Map((named.length ? await read(inArray(buddyNodes.address, named)) : []).map((row) => [row.address, row]));

  const wholeLists = new Set<number | null>();
  for (const address of scope.siblingsOf) if (byName.has(address)) wholeLists.add(byName.get(address)!.parentId);
  for (const address of scope.childrenOf)
    if (address === null || byName.has(address)) wholeLists.add(address === null ? null : byName.get(address)!.id);
  const parentIds = [...wholeLists].filter((id): id is number => id !== null);
  if (wholeLists.size > 0)
    await read(
      or(
        parentIds.length ? inArray(buddyNodes.parentId, parentIds) : undefined,
        wholeLists.has(null) ? isNull(buddyNodes.parentId) : undefined,
      ),
    );

  const roots = [...scope.subtrees].flatMap((address) => (byName.has(address) ? [byName.get(address)!.id] : []));
  if (roots.length > 0) {
    const inside = await read(
      sql`${buddyNodes.id} IN (WITH RECURSIVE inside(id) AS (SELECT id FROM buddy_nodes WHERE id IN (${list(roots)})
        UNION ALL SELECT n.id FROM buddy_nodes n JOIN inside ON n.parent_id = inside.id) SELECT id FROM inside)`,
    );
    inside.forEach((row) => wholeLists.add(row.id));
    // A little more than the copies' addresses (every subtree read, not only the duplicated ones): a few rows at most.
    const patterns = inside.map((row) => `${row.address.replace(/[\\%_]/g, (c) => `\\${c}`)}-copy%`);
    if (scope.copiesOf.size > 0 && patterns.length > 0) await read(sql`${buddyNodes.address} LIKE ANY (ARRAY[${list(patterns)}]::text[])`);
  }

  // Every node's ancestors, so that each one read has its place in the tree.
  const missingParents = () => [
    ...new Set([...rows.values()].map((row) => row.parentId).filter((id): id is number => id !== null && !rows.has(id))),
  ];
  const orphans = missingParents();
  if (orphans.length > 0) {
    await read(
      sql`${buddyNodes.id} IN (WITH RECURSIVE above(id, parent_id) AS (SELECT id, parent_id FROM buddy_nodes WHERE id IN (${list(orphans)})
        UNION ALL SELECT n.id, n.parent_id FROM buddy_nodes n JOIN above ON n.id = above.parent_id) SELECT id FROM above)`,
    );
  }
  return nest([...rows.values()], (parentId) => wholeLists.has(parentId));
}

/**
 * Nests rows by parent, siblings by position; `whole(parentId)` says whether a child list was read
 * whole. Lists an edit makes (a new group's, a copy's) are whole too: only the ones read in part are not.
 */
function nest(rows: BuddyNode[], whole: (parentId: number | null) => boolean): ScopedTree {
  const rowOf = new Map<BuddyItem, BuddyNode>();
  const lists = new Map<number | null, BuddyItem[]>();
  const inPart = new Set<BuddyItem[]>();
  const listOf = (parentId: number | null) => {
    let list = lists.get(parentId);
    if (!list) {
      list = [];
      lists.set(parentId, list);
    }
    return list;
  };
  listOf(null);
  const sorted = [...rows].sort((a, b) => a.position - b.position);
  for (const row of sorted) {
    const item: BuddyItem = {
      address: row.address,
      serverAddress: row.serverAddress,
      type: row.kind,
      mobileIsPublished: row.mobileIsPublished,
      webIsPublished: row.webIsPublished,
      info: { name: row.name, status: row.status, imageUrl: row.imageUrl, thumbUrl: row.thumbUrl, defaultMessage: row.defaultMessage },
      items: listOf(row.id),
    };
    rowOf.set(item, row);
    listOf(row.parentId).push(item);
  }
  for (const [parentId, list] of lists) if (!whole(parentId)) inPart.add(list);
  return { rows, items: listOf(null), rowOf, isComplete: (list) => !inPart.has(list) };
}
