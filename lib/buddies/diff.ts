import { fieldsOf, type NodeFieldName } from './node-fields';
import type { BuddyItem } from './spec-json';

/**
 * What changed between two buddies trees, keyed by address (the identity clients know):
 * nodes added and removed, moved (to another group, or reordered among the siblings they kept),
 * fields changed, and publish flags flipped. Pure, for the publish dialog and the history page.
 */
export interface NodeRef {
  address: string;
  name: string;
  type: 'group' | 'channel';
}
export interface Placement {
  parent: string | null;
  index: number;
}
export interface TreeDiff {
  added: (NodeRef & { at: Placement })[];
  removed: (NodeRef & { at: Placement })[];
  moved: (NodeRef & { from: Placement; to: Placement })[];
  changed: (NodeRef & { changes: { field: NodeFieldName; before: unknown; after: unknown }[] })[];
  flagsFlipped: (NodeRef & { flag: 'mobileIsPublished' | 'webIsPublished'; before: boolean; after: boolean })[];
}

interface Entry {
  item: BuddyItem;
  at: Placement;
}

function entries(items: BuddyItem[]): Map<string, Entry> {
  const map = new Map<string, Entry>();
  const visit = (level: BuddyItem[], parent: string | null) =>
    level.forEach((item, index) => {
      map.set(item.address, { item, at: { parent, index } });
      visit(item.items, item.address);
    });
  visit(items, null);
  return map;
}

const ref = (item: BuddyItem): NodeRef => ({ address: item.address, name: item.info.name, type: item.type });
const flags = ['mobileIsPublished', 'webIsPublished'] as const;
const plainFields: NodeFieldName[] = ['serverAddress', 'type', 'name', 'status', 'imageUrl', 'thumbUrl', 'defaultMessage'];

export function diffTrees(before: BuddyItem[], after: BuddyItem[]): TreeDiff {
  const old = entries(before);
  const now = entries(after);
  const diff: TreeDiff = { added: [], removed: [], moved: [], changed: [], flagsFlipped: [] };

  for (const [address, { item, at }] of now) if (!old.has(address)) diff.added.push({ ...ref(item), at });
  for (const [address, { item, at }] of old) if (!now.has(address)) diff.removed.push({ ...ref(item), at });

  const reordered = reorderedAddresses(old, now);
  for (const [address, { item, at }] of now) {
    const previous = old.get(address);
    if (!previous) continue;
    if (previous.at.parent !== at.parent || reordered.has(address)) diff.moved.push({ ...ref(item), from: previous.at, to: at });
    const a = fieldsOf(previous.item);
    const b = fieldsOf(item);
    const changes = plainFields.filter((field) => a[field] !== b[field]).map((field) => ({ field, before: a[field], after: b[field] }));
    if (changes.length > 0) diff.changed.push({ ...ref(item), changes });
    for (const flag of flags) if (a[flag] !== b[flag]) diff.flagsFlipped.push({ ...ref(item), flag, before: a[flag], after: b[flag] });
  }
  return diff;
}

/**
 * Among siblings that stayed under the same parent, the ones whose relative order changed: everything
 * outside a longest run kept in the old order. Inserting or removing a neighbour moves nobody.
 */
function reorderedAddresses(old: Map<string, Entry>, now: Map<string, Entry>): Set<string> {
  const byParent = new Map<string | null, { address: string; oldIndex: number; newIndex: number }[]>();
  for (const [address, { at }] of now) {
    const previous = old.get(address);
    if (!previous || previous.at.parent !== at.parent) continue;
    const list = byParent.get(at.parent) ?? [];
    list.push({ address, oldIndex: previous.at.index, newIndex: at.index });
    byParent.set(at.parent, list);
  }
  const moved = new Set<string>();
  for (const siblings of byParent.values()) {
    siblings.sort((a, b) => a.newIndex - b.newIndex);
    const kept = longestIncreasingRun(siblings.map((sibling) => sibling.oldIndex));
    siblings.forEach((sibling, position) => {
      if (!kept.has(position)) moved.add(sibling.address);
    });
  }
  return moved;
}

/** Positions of one longest strictly increasing subsequence (patience sorting, O(n log n)). */
function longestIncreasingRun(values: number[]): Set<number> {
  const tails: number[] = [];
  const previous: number[] = new Array(values.length).fill(-1);
  values.forEach((value, position) => {
    let low = 0;
    let high = tails.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (values[tails[middle]!]! < value) low = middle + 1;
      else high = middle;
    }
    if (low > 0) previous[position] = tails[low - 1]!;
    tails[low] = position;
  });
  const run = new Set<number>();
  for (let at = tails[tails.length - 1] ?? -1; at >= 0; at = previous[at]!) run.add(at);
  return run;
}

export function diffIsEmpty(diff: TreeDiff): boolean {
  return Object.values(diff).every((list) => list.length === 0);
}

/** How many nodes a diff adds, removes and changes (moved, edited or flags flipped, each node once): the audit's summary. */
export function diffCounts(diff: TreeDiff): { added: number; removed: number; changed: number } {
  const changed = new Set([...diff.moved, ...diff.changed, ...diff.flagsFlipped].map((node) => node.address));
  return { added: diff.added.length, removed: diff.removed.length, changed: changed.size };
}
