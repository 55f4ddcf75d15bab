import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { buddyNodes } from '@/db/schema';
import { withoutChildren, type ChangedNode, type DraftChanges } from '../../lib/buddies/draft-changes';
import type { BuddyNode } from './repository';
import type { BuddyItem } from '../../lib/buddies/spec-json';

/**
 * Makes a domain's draft rows equal to a tree, touching only what differs, with set-based statements
 * (a 5,000-node reorder is one UPDATE, not 5,000). The order of the steps keeps every immediate
 * constraint true in between: a node becomes a group before anything is put in it, new nodes exist
 * before nodes move into them, a group loses its children before it is deleted (so the cascade takes
 * only what the tree dropped) or turns into a channel.
 * Sibling positions are checked at commit (deferred), so shifting them needs no ordering.
 *
 * The tree may be only the part of the draft an edit read (`EditScope`): then `rowOf` names the stored
 * row of each node read (by object, so a renamed node stays its row), and in a child list that was
 * read only in part (`isComplete` false) every node keeps its stored position. Stored rows that are
 * not in `current` are not touched. Without them, nodes are matched by address and every list is whole.
 */
interface Wanted {
  item: BuddyItem;
  parent: string | null;
  position: number;
}

export interface PartialTree {
  rowOf: ReadonlyMap<BuddyItem, BuddyNode>;
  isComplete(list: BuddyItem[]): boolean;
}

const chunk = <T>(list: T[], size = 500): T[][] =>
  Array.from({ length: Math.ceil(list.length / size) }, (_, n) => list.slice(n * size, (n + 1) * size));

function wantedRows(items: BuddyItem[], partial?: PartialTree): Wanted[] {
  const rows: Wanted[] = [];
  const place = (list: BuddyItem[], parent: string | null) =>
    list.map((item, index) => ({
      item,
      parent,
      position: !partial || partial.isComplete(list) ? index : partial.rowOf.get(item)!.position,
    }));
  // Breadth first: a parent is always listed before its children.
  let level = place(items, null);
  while (level.length > 0) {
    rows.push(...level);
    level = level.flatMap(({ item }) => place(item.items, item.address));
  }
  return rows;
}

const fieldValues = (item: BuddyItem) => ({
  address: item.address,
  serverAddress: item.serverAddress,
  name: item.info.name,
  status: item.info.status,
  imageUrl: item.info.imageUrl,
  thumbUrl: item.info.thumbUrl,
  defaultMessage: item.info.defaultMessage,
  mobileIsPublished: item.mobileIsPublished,
  webIsPublished: item.webIsPublished,
});

/** Writes `items` over the rows `current` and answers what changed. */
export async function writeTree(
  tx: DbOrTx,
  domainId: number,
  current: BuddyNode[],
  items: BuddyItem[],
  partial?: PartialTree,
): Promise<DraftChanges> {
  const wanted = wantedRows(items, partial);
  const matched = new Map<Wanted, BuddyNode>();
  const claimed = new Set<number>();
  for (const w of wanted) {
    const row = partial?.rowOf.get(w.item);
    if (row) matched.set(w, row);
  }
  matched.forEach((row) => claimed.add(row.id));
  const byAddress = new Map(current.map((row) => [row.address, row]));
  for (const w of wanted) {
    const row = byAddress.get(w.item.address);
    if (matched.has(w) || !row || claimed.has(row.id)) continue;
    matched.set(w, row);
    claimed.add(row.id);
  }
  const ids = new Map<string, number>();
  matched.forEach((row, w) => ids.set(w.item.address, row.id));
  const upserted = new Map<Wanted, ChangedNode>();
  const record = (w: Wanted, row?: BuddyNode) => {
    const node = withoutChildren(w.item);
    upserted.set(w, { ...(row && row.address !== node.address ? { was: row.address } : {}), parent: w.parent, position: w.position, node });
  };

  const becomeGroups = wanted.filter((w) => w.item.type === 'group' && matched.get(w)?.kind === 'channel');
  await setKind(tx, becomeGroups, matched, 'group');

  const fresh = wanted.filter((w) => !matched.has(w));
  let depthLevel = fresh.filter((w) => w.parent === null || ids.has(w.parent));
  const placed = new Set<string>();
  while (depthLevel.length > 0) {
    for (const part of chunk(depthLevel)) {
      const inserted = await tx
        .insert(buddyNodes)
        .values(
          part.map((w) => ({
            domainId,
            parentId: w.parent === null ? null : ids.get(w.parent)!,
            parentKind: w.parent === null ? null : ('group' as const),
            position: w.position,
            kind: w.item.type,
            ...fieldValues(w.item),
          })),
        )
        .returning({ id: buddyNodes.id, address: buddyNodes.address });
      for (const row of inserted) {
        ids.set(row.address, row.id);
        placed.add(row.address);
      }
    }
    depthLevel = fresh.filter((w) => !placed.has(w.item.address) && w.parent !== null && placed.has(w.parent));
  }

  const changed = wanted.filter((w) => {
    const row = matched.get(w);
    if (!row) return false;
    const parentId = w.parent === null ? null : ids.get(w.parent)!;
    const values = fieldValues(w.item);
    return (
      row.parentId !== parentId ||
      row.position !== w.position ||
      (Object.keys(values) as (keyof typeof values)[]).some((key) => row[key] !== values[key])
    );
  });
  for (const part of chunk(changed)) await updateRows(tx, part, ids);

  const gone = current.filter((row) => !claimed.has(row.id));
  for (const part of chunk(
    gone.map((row) => row.id),
    5_000,
  ))
    await tx.delete(buddyNodes).where(and(eq(buddyNodes.domainId, domainId), inArray(buddyNodes.id, part)));

  const becomeChannels = wanted.filter((w) => w.item.type === 'channel' && matched.get(w)?.kind === 'group');
  await setKind(tx, becomeChannels, matched, 'channel');

  // Renamed nodes first, so that a node created under a freed address does not meet its old holder.
  for (const w of [...changed, ...becomeGroups, ...becomeChannels]) record(w, matched.get(w));
  for (const w of fresh) record(w);
  return { upserted: [...upserted.values()], removed: gone.map((row) => row.address) };
}

async function setKind(tx: DbOrTx, rows: Wanted[], matched: Map<Wanted, BuddyNode>, kind: 'group' | 'channel'): Promise<void> {
  if (rows.length === 0) return;
  const ids = rows.map((w) => matched.get(w)!.id);
  await tx.update(buddyNodes).set({ kind, updatedAt: new Date() }).where(inArray(buddyNodes.id, ids));
}

async function updateRows(tx: DbOrTx, rows: Wanted[], ids: Map<string, number>): Promise<void> {
  const values = sql.join(
    rows.map((w) => {
      const v = fieldValues(w.item);
      const parentId = w.parent === null ? null : ids.get(w.parent)!;
      return sql`(${ids.get(w.item.address)!}::int, ${parentId}::int, ${w.position}::int, ${v.address}::text, ${v.serverAddress}::text, ${v.name}::text,
        ${v.status}::text, ${v.imageUrl}::text, ${v.thumbUrl}::text, ${v.defaultMessage}::text, ${v.mobileIsPublished}::boolean,
        ${v.webIsPublished}::boolean)`;
    }),
    sql`, `,
  );
  await tx.execute(sql`
    UPDATE buddy_nodes AS n SET
      parent_id = v.parent_id,
      parent_kind = CASE WHEN v.parent_id IS NULL THEN NULL ELSE 'group'::buddy_node_kind END,
      position = v.position, address = v.address, server_address = v.server_address, name = v.name, status = v.status,
      image_url = v.image_url, thumb_url = v.thumb_url, default_message = v.default_message,
      mobile_is_published = v.mobile, web_is_published = v.web, updated_at = now()
    FROM (VALUES ${values}) AS v(id, parent_id, position, address, server_address, name, status, image_url, thumb_url, default_message, mobile, web)
    WHERE n.id = v.id`);
}
