import { z } from 'zod';
import { nodeFieldsSchema, fieldsOf, withFields, type NodeFields, type NodeFieldName } from './node-fields';
import { parseSpecJson, specDocumentSchema, toSpecJson, type BuddyItem } from './spec-json';

/**
 * Every edit of the draft is one of these operations. `applyOp` is pure: the server runs it to
 * validate an edit and to compute its inverse (which the editor's undo sends back), and the browser
 * runs the same function for its optimistic update. Nodes are named by address, which is unique in
 * a domain and survives a delete followed by its undo (database ids would not).
 */
const address = z.string().trim().min(1).max(512);
const parent = address.nullable();
const index = z.number().int().min(0);
const itemSchema = specDocumentSchema.shape.items.element;

export type DraftOp =
  | { kind: 'create'; parent: string | null; index: number; item: BuddyItem }
  | { kind: 'update'; address: string; fields: Partial<NodeFields> }
  | { kind: 'move'; address: string; parent: string | null; index: number }
  | { kind: 'duplicate'; address: string }
  | { kind: 'delete'; address: string; children: 'delete' | 'moveUp' }
  | { kind: 'setFlag'; addresses: string[]; flag: 'mobileIsPublished' | 'webIsPublished'; value: boolean }
  | { kind: 'import'; json: string }
  | { kind: 'batch'; ops: DraftOp[] };

export const draftOpSchema: z.ZodType<DraftOp, unknown> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('create'), parent, index, item: itemSchema }),
    z.object({ kind: z.literal('update'), address, fields: nodeFieldsSchema.partial() }),
    z.object({ kind: z.literal('move'), address, parent, index }),
    z.object({ kind: z.literal('duplicate'), address }),
    z.object({ kind: z.literal('delete'), address, children: z.enum(['delete', 'moveUp']) }),
    z.object({
      kind: z.literal('setFlag'),
      addresses: z.array(address).min(1).max(20_000),
      flag: z.enum(['mobileIsPublished', 'webIsPublished']),
      value: z.boolean(),
    }),
    z.object({ kind: z.literal('import'), json: z.string().max(20_000_000) }),
    z.object({ kind: z.literal('batch'), ops: z.array(draftOpSchema).min(1).max(1_000) }),
  ]),
);

export interface AuditFacts {
  action: string;
  objectId: string;
  before: unknown;
  after: unknown;
}

export type OpResult =
  { ok: true; items: BuddyItem[]; inverse: DraftOp; audit: AuditFacts } | { ok: false; message: string; field?: NodeFieldName };

interface Located {
  item: BuddyItem;
  parent: BuddyItem | null;
  siblings: BuddyItem[];
  index: number;
}

/** Address -> where the node sits, over a tree this module owns (a private copy it may mutate). */
class TreeIndex {
  private readonly byAddress = new Map<string, Located>();
  constructor(readonly roots: BuddyItem[]) {
    const visit = (siblings: BuddyItem[], parent: BuddyItem | null) =>
      siblings.forEach((item, position) => {
        this.byAddress.set(item.address, { item, parent, siblings, index: position });
        visit(item.items, item);
      });
    visit(roots, null);
  }
  find(address: string): Located | undefined {
    const found = this.byAddress.get(address);
    // Positions shift as the tree is edited: read the index afresh.
    return found && { ...found, index: found.siblings.indexOf(found.item) };
  }
  has(address: string): boolean {
    return this.byAddress.has(address);
  }
  childrenOf(parentAddress: string | null): BuddyItem[] | undefined {
    if (parentAddress === null) return this.roots;
    const found = this.byAddress.get(parentAddress);
    return found?.item.type === 'group' ? found.item.items : undefined;
  }
  add(item: BuddyItem, parent: BuddyItem | null, siblings: BuddyItem[]): void {
    this.byAddress.set(item.address, { item, parent, siblings, index: 0 });
    item.items.forEach((child) => this.add(child, item, item.items));
  }
  remove(item: BuddyItem): void {
    this.byAddress.delete(item.address);
    item.items.forEach((child) => this.remove(child));
  }
  reparent(item: BuddyItem, parent: BuddyItem | null, siblings: BuddyItem[]): void {
    this.byAddress.set(item.address, { item, parent, siblings, index: 0 });
  }
}

export function addressesIn(items: BuddyItem[]): string[] {
  return items.flatMap((item) => [item.address, ...addressesIn(item.items)]);
}

export function applyOp(items: BuddyItem[], op: DraftOp): OpResult {
  return applyOpInPlace(structuredClone(items), op);
}

/**
 * `applyOp` on a tree the caller owns, changed in place: the node objects and the child arrays stay
 * the same objects (an update changes its node, it does not replace it), so that the server can tell
 * which stored row each node is and which lists the edit touched.
 */
export function applyOpInPlace(items: BuddyItem[], op: DraftOp): OpResult {
  const tree = new TreeIndex(items);
  const outcome = applyTo(tree, op);
  return 'message' in outcome ? { ok: false, message: outcome.message, field: outcome.field } : { ok: true, items: tree.roots, ...outcome };
}

type Applied = { inverse: DraftOp; audit: AuditFacts } | { message: string; field?: NodeFieldName };

function applyTo(tree: TreeIndex, op: DraftOp): Applied {
  switch (op.kind) {
    case 'create':
      return create(tree, op.parent, op.index, op.item);
    case 'update':
      return update(tree, op.address, op.fields);
    case 'move':
      return move(tree, op.address, op.parent, op.index);
    case 'duplicate':
      return duplicate(tree, op.address);
    case 'delete':
      return remove(tree, op.address, op.children);
    case 'setFlag':
      return setFlag(tree, op);
    case 'import':
      return importJson(tree, op.json);
    case 'batch':
      return batch(tree, op.ops);
  }
}

const notFound = (address: string) => ({ message: `No node has the address "${address}" (it may have been deleted).` });

function targetList(tree: TreeIndex, parentAddress: string | null): BuddyItem[] | { message: string } {
  if (parentAddress === null) return tree.roots;
  const found = tree.find(parentAddress);
  if (!found) return notFound(parentAddress);
  if (found.item.type !== 'group')
    return { message: `"${found.item.info.name || parentAddress}" is a channel: only groups contain nodes.` };
  return found.item.items;
}

function create(tree: TreeIndex, parentAddress: string | null, at: number, item: BuddyItem): Applied {
  const siblings = targetList(tree, parentAddress);
  if (!Array.isArray(siblings)) return siblings;
  const incoming = addressesIn([item]);
  if (new Set(incoming).size !== incoming.length) return { message: 'The new nodes repeat an address.', field: 'address' };
  const taken = incoming.find((name) => tree.has(name));
  if (taken) return { message: `Another node in this domain has the address "${taken}".`, field: 'address' };
  const copy = structuredClone(item);
  const position = Math.min(at, siblings.length);
  siblings.splice(position, 0, copy);
  tree.add(copy, parentAddress === null ? null : (tree.find(parentAddress)?.item ?? null), siblings);
  return {
    inverse: { kind: 'delete', address: copy.address, children: 'delete' },
    audit: { action: 'create', objectId: copy.address, before: null, after: { parent: parentAddress, index: position, item: copy } },
  };
}

function update(tree: TreeIndex, address: string, fields: Partial<NodeFields>): Applied {
  const found = tree.find(address);
  if (!found) return notFound(address);
  const parsed = nodeFieldsSchema.partial().safeParse(fields);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { message: issue?.message ?? 'Some fields are not valid.', field: issue?.path[0] as NodeFieldName | undefined };
  }
  const changes = parsed.data;
  if (changes.address !== undefined && changes.address !== address && tree.has(changes.address))
    return { message: `Another node in this domain has the address "${changes.address}".`, field: 'address' };
  if (changes.type === 'channel' && found.item.items.length > 0)
    return { message: 'A group with nodes inside cannot become a channel: move or delete its nodes first.', field: 'type' };
  const before = fieldsOf(found.item);
  const previous: Partial<NodeFields> = {};
  for (const name of Object.keys(changes) as NodeFieldName[]) (previous as Record<string, unknown>)[name] = before[name];
  tree.remove(found.item);
  Object.assign(found.item, withFields(found.item, changes));
  tree.add(found.item, found.parent, found.siblings);
  return {
    inverse: { kind: 'update', address: found.item.address, fields: previous },
    audit: { action: 'update', objectId: address, before: previous, after: changes },
  };
}

function isInside(tree: TreeIndex, address: string, ancestor: string): boolean {
  for (let at = tree.find(address); at; at = at.parent ? tree.find(at.parent.address) : undefined) {
    if (at.item.address === ancestor) return true;
  }
  return false;
}

function move(tree: TreeIndex, address: string, parentAddress: string | null, at: number): Applied {
  const found = tree.find(address);
  if (!found) return notFound(address);
  if (parentAddress !== null && isInside(tree, parentAddress, address)) return { message: 'A group cannot move inside itself.' };
  const siblings = targetList(tree, parentAddress);
  if (!Array.isArray(siblings)) return siblings;
  const from = { parent: found.parent?.address ?? null, index: found.index };
  found.siblings.splice(found.index, 1);
  const position = Math.min(at, siblings.length);
  siblings.splice(position, 0, found.item);
  tree.reparent(found.item, parentAddress === null ? null : (tree.find(parentAddress)?.item ?? null), siblings);
  const to = { parent: parentAddress, index: position };
  return {
    inverse: { kind: 'move', address, ...from },
    audit: { action: 'move', objectId: address, before: from, after: to },
  };
}

/** The first free address of the form `<address>-copy`, `<address>-copy-2`, ... */
function freeCopyAddress(tree: TreeIndex, address: string, reserved: Set<string>): string {
  for (let n = 1; ; n += 1) {
    const candidate = n === 1 ? `${address}-copy` : `${address}-copy-${n}`;
    if (!tree.has(candidate) && !reserved.has(candidate)) {
      reserved.add(candidate);
      return candidate;
    }
  }
}

function duplicate(tree: TreeIndex, address: string): Applied {
  const found = tree.find(address);
  if (!found) return notFound(address);
  const reserved = new Set<string>();
  const copyOf = (item: BuddyItem): BuddyItem => ({
    ...item,
    address: freeCopyAddress(tree, item.address, reserved),
    info: { ...item.info },
    items: item.items.map(copyOf),
  });
  const copy = copyOf(found.item);
  copy.info.name = `${found.item.info.name} (copy)`;
  const created = create(tree, found.parent?.address ?? null, found.index + 1, copy);
  return 'message' in created ? created : { ...created, audit: { ...created.audit, action: 'duplicate', before: { of: address } } };
}

function remove(tree: TreeIndex, address: string, children: 'delete' | 'moveUp'): Applied {
  const found = tree.find(address);
  if (!found) return notFound(address);
  const parentAddress = found.parent?.address ?? null;
  found.siblings.splice(found.index, 1);
  if (children === 'delete' || found.item.items.length === 0) {
    tree.remove(found.item);
    return {
      inverse: { kind: 'create', parent: parentAddress, index: found.index, item: found.item },
      audit: { action: 'delete', objectId: address, before: { parent: parentAddress, index: found.index, item: found.item }, after: null },
    };
  }
  const lifted = found.item.items;
  found.siblings.splice(found.index, 0, ...lifted);
  lifted.forEach((child) => tree.reparent(child, found.parent, found.siblings));
  tree.remove({ ...found.item, items: [] });
  const emptyGroup = { ...found.item, items: [] };
  return {
    inverse: {
      kind: 'batch',
      ops: [
        { kind: 'create', parent: parentAddress, index: found.index, item: emptyGroup },
        ...lifted.map((child, position): DraftOp => ({ kind: 'move', address: child.address, parent: address, index: position })),
      ],
    },
    audit: {
      action: 'delete',
      objectId: address,
      before: { parent: parentAddress, index: found.index, item: emptyGroup, children: lifted.map((child) => child.address) },
      after: { childrenMovedUp: lifted.map((child) => child.address) },
    },
  };
}

function setFlag(tree: TreeIndex, op: Extract<DraftOp, { kind: 'setFlag' }>): Applied {
  const missing = op.addresses.find((name) => !tree.has(name));
  if (missing) return notFound(missing);
  const wasTrue: string[] = [];
  const wasFalse: string[] = [];
  for (const name of op.addresses) {
    const item = tree.find(name)!.item;
    (item[op.flag] ? wasTrue : wasFalse).push(name);
    item[op.flag] = op.value;
  }
  const restore = (addresses: string[], value: boolean): DraftOp[] =>
    addresses.length ? [{ kind: 'setFlag', addresses, flag: op.flag, value }] : [];
  const inverses = [...restore(wasTrue, true), ...restore(wasFalse, false)];
  return {
    inverse: inverses.length === 1 ? inverses[0]! : { kind: 'batch', ops: inverses },
    audit: {
      action: 'setFlag',
      objectId: op.addresses.length === 1 ? op.addresses[0]! : `${op.addresses.length} nodes`,
      before: { [op.flag]: { true: wasTrue, false: wasFalse } },
      after: { [op.flag]: op.value, addresses: op.addresses },
    },
  };
}

function importJson(tree: TreeIndex, json: string): Applied {
  const parsed = parseSpecJson(json);
  if (!parsed.ok) return { message: `The buddies JSON cannot be imported: ${parsed.errors.slice(0, 5).join('; ')}` };
  const previous = toSpecJson(tree.roots);
  tree.roots.forEach((item) => tree.remove(item));
  tree.roots.splice(0, tree.roots.length, ...parsed.items);
  parsed.items.forEach((item) => tree.add(item, null, tree.roots));
  return {
    inverse: { kind: 'import', json: previous },
    audit: { action: 'import', objectId: 'draft', before: { json: previous }, after: { nodes: addressesIn(parsed.items).length } },
  };
}

function batch(tree: TreeIndex, ops: DraftOp[]): Applied {
  const inverses: DraftOp[] = [];
  const audits: AuditFacts[] = [];
  for (const op of ops) {
    const applied = applyTo(tree, op);
    if ('message' in applied) return applied;
    inverses.unshift(applied.inverse);
    audits.push(applied.audit);
  }
  return {
    inverse: { kind: 'batch', ops: inverses },
    audit: {
      action: 'batch',
      objectId: audits
        .map((audit) => audit.objectId)
        .join(', ')
        .slice(0, 200),
      before: audits.map((a) => a.before),
      after: audits.map((a) => a.after),
    },
  };
}
