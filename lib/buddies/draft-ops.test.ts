import { describe, expect, it } from 'vitest';
import { applyOp, draftOpSchema, type DraftOp } from './draft-ops';
import { toSpecJson, type BuddyItem } from './spec-json';
import { channel, group, shape } from '../../test/support/buddy-trees';

const tree = (): BuddyItem[] => [channel('a'), group('g', [channel('b'), channel('c')]), channel('d')];

function apply(items: BuddyItem[], op: DraftOp) {
  const result = applyOp(items, op);
  if (!result.ok) throw new Error(result.message);
  return result;
}

/** Every edit, then its inverse, gives back the tree it started from. */
function expectUndoable(op: DraftOp, expected: unknown[]) {
  const before = tree();
  const done = apply(before, op);
  expect(shape(done.items)).toEqual(expected);
  const undone = apply(done.items, done.inverse);
  expect(undone.items).toEqual(before);
  expect(draftOpSchema.safeParse(done.inverse).success).toBe(true);
}

describe('draft operations', () => {
  it('creates a node at an index, and its undo deletes it', () =>
    expectUndoable({ kind: 'create', parent: 'g', index: 1, item: channel('new') }, ['a', ['g', ['b', 'new', 'c']], 'd']));

  it('moves into a group, out of it, and reorders', () => {
    expectUndoable({ kind: 'move', address: 'd', parent: 'g', index: 0 }, ['a', ['g', ['d', 'b', 'c']]]);
    expectUndoable({ kind: 'move', address: 'c', parent: null, index: 0 }, ['c', 'a', ['g', ['b']], 'd']);
    expectUndoable({ kind: 'move', address: 'a', parent: null, index: 2 }, [['g', ['b', 'c']], 'd', 'a']);
  });

  it('updates fields, including the address, and restores them', () => {
    const done = apply(tree(), { kind: 'update', address: 'b', fields: { address: 'b2', name: 'Bee' } });
    expect(done.items[1]!.items[0]).toMatchObject({ address: 'b2', info: { name: 'Bee' } });
    expect(done.inverse).toEqual({ kind: 'update', address: 'b2', fields: { address: 'b', name: 'B' } });
    expectUndoable({ kind: 'update', address: 'g', fields: { address: 'g2' } }, ['a', ['g2', ['b', 'c']], 'd']);
  });

  it('duplicates a group with fresh addresses right after it', () => {
    expectUndoable({ kind: 'duplicate', address: 'g' }, ['a', ['g', ['b', 'c']], ['g-copy', ['b-copy', 'c-copy']], 'd']);
    const twice = apply(apply(tree(), { kind: 'duplicate', address: 'a' }).items, { kind: 'duplicate', address: 'a' });
    expect(shape(twice.items)).toEqual(['a', 'a-copy-2', 'a-copy', ['g', ['b', 'c']], 'd']);
  });

  it('deletes a group with its children, or moves the children up in its place', () => {
    expectUndoable({ kind: 'delete', address: 'g', children: 'delete' }, ['a', 'd']);
    expectUndoable({ kind: 'delete', address: 'g', children: 'moveUp' }, ['a', 'b', 'c', 'd']);
  });

  it('toggles a flag on many nodes, and the undo restores each one', () => {
    const start = tree();
    start[0]!.webIsPublished = false;
    const done = apply(start, { kind: 'setFlag', addresses: ['a', 'b', 'd'], flag: 'webIsPublished', value: true });
    expect([done.items[0]!.webIsPublished, done.items[2]!.webIsPublished]).toEqual([true, true]);
    expect(apply(done.items, done.inverse).items).toEqual(start);
  });

  it('imports a document (JSON5 accepted) and undoes the import', () => {
    expectUndoable({ kind: 'import', json: "{items: [{address: 'x', type: 'channel', info: {name: 'X'}}]}" }, ['x']);
    const imported = apply(tree(), { kind: 'import', json: toSpecJson([group('m', [channel('n')])]) });
    expect(shape(imported.items)).toEqual([['m', ['n']]]);
  });

  it('refuses what would break the model, with a reason', () => {
    const refusals: [DraftOp, RegExp][] = [
      [{ kind: 'move', address: 'a', parent: 'd', index: 0 }, /only groups contain nodes/],
      [{ kind: 'move', address: 'g', parent: 'g', index: 0 }, /inside itself/],
      [{ kind: 'create', parent: null, index: 0, item: channel('b') }, /address "b"/],
      [{ kind: 'update', address: 'a', fields: { address: 'd' } }, /address "d"/],
      [{ kind: 'update', address: 'g', fields: { type: 'channel' } }, /cannot become a channel/],
      [{ kind: 'update', address: 'a', fields: { imageUrl: 'not a url' } }, /http/],
      [{ kind: 'delete', address: 'nope', children: 'delete' }, /No node/],
      [{ kind: 'import', json: '{items: [' }, /cannot be imported/],
      // A JSON escape brings in what XML forbids: published, it would go out in every vCard.
      [
        { kind: 'import', json: "{items: [{address: 'x', type: 'channel', info: {name: 'X\\uffff'}}]}" },
        /items\.0\.info\.name: contains U\+FFFF/,
      ],
    ];
    for (const [op, reason] of refusals) {
      const result = applyOp(tree(), op);
      expect(result.ok, JSON.stringify(op)).toBe(false);
      if (!result.ok) expect(result.message).toMatch(reason);
    }
  });

  it('applies a batch as one edit, or none of it', () => {
    expectUndoable(
      {
        kind: 'batch',
        ops: [
          { kind: 'create', parent: null, index: 0, item: group('h', []) },
          { kind: 'move', address: 'a', parent: 'h', index: 0 },
        ],
      },
      [['h', ['a']], ['g', ['b', 'c']], 'd'],
    );
    expect(
      applyOp(tree(), {
        kind: 'batch',
        ops: [
          { kind: 'move', address: 'a', parent: 'g', index: 0 },
          { kind: 'move', address: 'b', parent: 'a', index: 0 },
        ],
      }).ok,
    ).toBe(false);
  });
});
