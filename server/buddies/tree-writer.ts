import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { buddyNodes } from '@/db/schema';
import type { BuddyNode } from './repository';
import type { BuddyItem } from './spec-json';

/**
 * Makes a domain's draft rows equal to a tree, touching only what differs, with set-based statements
 * (a 5,000-node reorder is one UPDATE, not 5,000). Nodes are matched by address. The order of the
 * steps keeps every immediate constraint true in between: a node becomes a group before anything is
 * put in it, new nodes exist before nodes move into them, a group loses its children before it is
 * deleted (so the cascade takes only what the tree dropped) or turns into a channel.
 * Sibling positions are checked at commit (deferred), so shifting them needs no ordering.
 */
interface Wanted {
  item: BuddyItem;
  parent: string | null;
  position: number;
}

const chunk = <T>(list: T[], size = 500): T[][] =>
  Array.from({ length: Math.ceil(list.length / size) }, (_, n) => list.slice(n * size, (n + 1) * size));

function wantedRows(items: BuddyItem[]): Wanted[] {
  const rows: Wanted[] = [];
  // Breadth first: a parent is always listed before its children.
  let level = items.map((item, position) => ({ item, parent: null as string | null, position }));
  while (level.length > 0) {
    rows.push(...level);
    level = level.flatMap(({ item }) => item.items.map((child, position) => ({ item: child, parent: item.address, position })));
  }
  return rows;
}

const fieldValues = (item: BuddyItem) => ({
  serverAddress: item.serverAddress,
  name: item.info.name,
  status: item.info.status,
  imageUrl: item.info.imageUrl,
  thumbUrl: item.info.thumbUrl,
  defaultMessage: item.info.defaultMessage,
  mobileIsPublished: item.mobileIsPublished,
  webIsPublished: item.webIsPublished,
});

export async function writeTree(tx: DbOrTx, domainId: number, current: BuddyNode[], items: BuddyItem[]): Promise<void> {
  const existing = new Map(current.map((row) => [row.address, row]));
  const wanted = wantedRows(items);
  const ids = new Map(current.map((row) => [row.address, row.id]));

  const becomeGroups = wanted.filter((w) => w.item.type === 'group' && existing.get(w.item.address)?.kind === 'channel');
  await setKind(tx, becomeGroups, existing, 'group');

  const fresh = wanted.filter((w) => !existing.has(w.item.address));
  let depthLevel = fresh.filter((w) => w.parent === null || existing.has(w.parent));
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
            address: w.item.address,
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
    const row = existing.get(w.item.address);
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

  const keep = new Set(wanted.map((w) => w.item.address));
  const gone = current.filter((row) => !keep.has(row.address)).map((row) => row.id);
  for (const part of chunk(gone, 5_000)) await tx.delete(buddyNodes).where(and(eq(buddyNodes.domainId, domainId), inArray(buddyNodes.id, part)));

  const becomeChannels = wanted.filter((w) => w.item.type === 'channel' && existing.get(w.item.address)?.kind === 'group');
  await setKind(tx, becomeChannels, existing, 'channel');
}

async function setKind(tx: DbOrTx, rows: Wanted[], existing: Map<string, BuddyNode>, kind: 'group' | 'channel'): Promise<void> {
  if (rows.length === 0) return;
  const ids = rows.map((w) => existing.get(w.item.address)!.id);
  await tx.update(buddyNodes).set({ kind, updatedAt: new Date() }).where(inArray(buddyNodes.id, ids));
}

async function updateRows(tx: DbOrTx, rows: Wanted[], ids: Map<string, number>): Promise<void> {
  const values = sql.join(
    rows.map((w) => {
      const v = fieldValues(w.item);
      const parentId = w.parent === null ? null : ids.get(w.parent)!;
      return sql`(${ids.get(w.item.address)!}::int, ${parentId}::int, ${w.position}::int, ${v.serverAddress}::text, ${v.name}::text,
        ${v.status}::text, ${v.imageUrl}::text, ${v.thumbUrl}::text, ${v.defaultMessage}::text, ${v.mobileIsPublished}::boolean,
        ${v.webIsPublished}::boolean)`;
    }),
    sql`, `,
  );
  await tx.execute(sql`
    UPDATE buddy_nodes AS n SET
      parent_id = v.parent_id,
      parent_kind = CASE WHEN v.parent_id IS NULL THEN NULL ELSE 'group'::buddy_node_kind END,
      position = v.position, server_address = v.server_address, name = v.name, status = v.status,
      image_url = v.image_url, thumb_url = v.thumb_url, default_message = v.default_message,
      mobile_is_published = v.mobile, web_is_published = v.web, updated_at = now()
    FROM (VALUES ${values}) AS v(id, parent_id, position, server_address, name, status, image_url, thumb_url, default_message, mobile, web)
    WHERE n.id = v.id`);
}
