import type { BuddyItem } from './spec-json';

/**
 * What one edit changed in the draft, node by node: the answer to an edit, so that it costs the
 * same whatever the size of the tree. Pure: the editor applies it to its copy of the server's draft.
 * Positions are a node's index among its siblings (the stored siblings are always 0..n-1).
 */
export interface ChangedNode {
  /** The address before the edit, when the edit renamed the node. */
  was?: string;
  parent: string | null;
  position: number;
  node: Omit<BuddyItem, 'items'>;
}

export interface DraftChanges {
  /** New nodes and nodes whose fields, type, parent or position changed; parents before children. */
  upserted: ChangedNode[];
  /** Addresses (before the edit) of the nodes deleted; a deleted group's nodes go with it. */
  removed: string[];
}

export function withoutChildren(item: BuddyItem): Omit<BuddyItem, 'items'> {
  return {
    address: item.address,
    serverAddress: item.serverAddress,
    type: item.type,
    mobileIsPublished: item.mobileIsPublished,
    webIsPublished: item.webIsPublished,
    info: item.info,
  };
}

interface Placed {
  node: Omit<BuddyItem, 'items'>;
  parent: string | null;
  position: number;
}

/** The tree after `changes`, built from `items` (the draft the changes were computed against). */
export function applyChanges(items: BuddyItem[], changes: DraftChanges): BuddyItem[] {
  const placed = new Map<string, Placed>();
  const visit = (level: BuddyItem[], parent: string | null) =>
    level.forEach((item, position) => {
      placed.set(item.address, { node: withoutChildren(item), parent, position });
      visit(item.items, item.address);
    });
  visit(items, null);

  for (const address of changes.removed) placed.delete(address);
  for (const { was, parent, position, node } of changes.upserted) {
    if (was !== undefined && was !== node.address) {
      placed.delete(was);
      for (const entry of placed.values()) if (entry.parent === was) entry.parent = node.address;
    }
    placed.set(node.address, { node, parent, position });
  }

  const children = new Map<string | null, Placed[]>();
  for (const entry of placed.values()) {
    const siblings = children.get(entry.parent) ?? [];
    siblings.push(entry);
    children.set(entry.parent, siblings);
  }
  // Nodes whose group is gone are not reached: they went with it.
  const build = (parent: string | null): BuddyItem[] =>
    (children.get(parent) ?? []).sort((a, b) => a.position - b.position).map(({ node }) => ({ ...node, items: build(node.address) }));
  return build(null);
}
