import type { DraftOp } from '@/lib/buddies/draft-ops';
import type { BuddyItem } from '@/lib/buddies/spec-json';

/**
 * The tree as the editor renders it: one flat list of visible rows (collapsed groups hide their
 * nodes), which the virtualised list draws, plus the rules of where a dragged row may land.
 */
export interface Row {
  item: BuddyItem;
  depth: number;
  parent: string | null;
  index: number;
  siblingCount: number;
}

export function flattenTree(items: BuddyItem[], collapsed: ReadonlySet<string>): Row[] {
  const rows: Row[] = [];
  const visit = (level: BuddyItem[], depth: number, parent: string | null) =>
    level.forEach((item, index) => {
      rows.push({ item, depth, parent, index, siblingCount: level.length });
      if (item.type === 'group' && !collapsed.has(item.address)) visit(item.items, depth + 1, item.address);
    });
  visit(items, 0, null);
  return rows;
}

/** Address -> parent address, over the whole tree (collapsed or not). */
export function parentMap(items: BuddyItem[]): Map<string, string | null> {
  const parents = new Map<string, string | null>();
  const visit = (level: BuddyItem[], parent: string | null) =>
    level.forEach((item) => {
      parents.set(item.address, parent);
      visit(item.items, item.address);
    });
  visit(items, null);
  return parents;
}

export type Zone = 'before' | 'inside' | 'after';

/** Where on a row the dragged row's centre is: the middle of a group means "into it". */
export function zoneAt(ratio: number, type: 'group' | 'channel'): Zone {
  const edge = type === 'group' ? 0.25 : 0.35;
  if (ratio < edge) return 'before';
  if (ratio > 1 - edge) return 'after';
  return 'inside';
}

export type DropTarget =
  { kind: 'move'; parent: string | null; index: number; description: string } | { kind: 'refused'; reason: string } | { kind: 'none' };

const label = (item: BuddyItem) => item.info.name || item.address;

export function resolveDrop(rows: Row[], parents: Map<string, string | null>, active: string, over: string, zone: Zone): DropTarget {
  const activeRow = rows.find((row) => row.item.address === active);
  const overRow = rows.find((row) => row.item.address === over);
  if (!activeRow || !overRow || active === over) return { kind: 'none' };
  for (let at: string | null | undefined = over; at; at = parents.get(at)) {
    if (at === active) return { kind: 'refused', reason: 'Not allowed: a group cannot move inside itself' };
  }
  const indexIn = (parent: string | null, index: number) => (activeRow.parent === parent && activeRow.index < index ? index - 1 : index);

  let parent: string | null;
  let index: number;
  if (zone === 'inside') {
    if (overRow.item.type === 'channel')
      return { kind: 'refused', reason: `Not allowed: "${label(overRow.item)}" is a channel, only groups contain nodes` };
    parent = over;
    index = indexIn(over, overRow.item.items.length);
  } else if (zone === 'after' && overRow.item.type === 'group' && rows[rows.indexOf(overRow) + 1]?.parent === over) {
    // Below an open group's row is the top of its contents.
    parent = over;
    index = 0;
  } else {
    parent = overRow.parent;
    index = indexIn(parent, zone === 'before' ? overRow.index : overRow.index + 1);
  }
  if (parent === activeRow.parent && index === activeRow.index) return { kind: 'none' };
  const parentRow = rows.find((row) => row.item.address === parent);
  const where = parentRow ? `into "${label(parentRow.item)}"` : 'to the top level';
  return { kind: 'move', parent, index, description: `Move "${label(activeRow.item)}" ${where}, position ${index + 1}` };
}

export type KeyboardMove = 'up' | 'down' | 'indent' | 'outdent';

/** The move an Alt+arrow shortcut makes, or null when there is nowhere to go. */
export function keyboardMove(items: BuddyItem[], address: string, move: KeyboardMove): Extract<DraftOp, { kind: 'move' }> | null {
  const rows = flattenTree(items, new Set());
  const row = rows.find((candidate) => candidate.item.address === address);
  if (!row) return null;
  const siblings = row.parent === null ? items : (rows.find((r) => r.item.address === row.parent)?.item.items ?? []);
  const op = (parent: string | null, index: number) => ({ kind: 'move' as const, address, parent, index });
  switch (move) {
    case 'up':
      return row.index > 0 ? op(row.parent, row.index - 1) : null;
    case 'down':
      return row.index < siblings.length - 1 ? op(row.parent, row.index + 1) : null;
    case 'indent': {
      const above = siblings[row.index - 1];
      return above?.type === 'group' ? op(above.address, above.items.length) : null;
    }
    case 'outdent': {
      if (row.parent === null) return null;
      const parentRow = rows.find((r) => r.item.address === row.parent)!;
      return op(parentRow.parent, parentRow.index + 1);
    }
  }
}

/** A new address that no node in the tree uses yet: `channel-1`, `channel-2`, ... */
export function freeAddress(parents: Map<string, string | null>, prefix: string): string {
  for (let n = 1; ; n += 1) if (!parents.has(`${prefix}-${n}`)) return `${prefix}-${n}`;
}
