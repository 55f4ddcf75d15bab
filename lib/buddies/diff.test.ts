import { describe, expect, it } from 'vitest';
import { diffIsEmpty, diffTrees } from './diff';
import { channel, group } from '../../test/support/buddy-trees';

describe('diff of two trees, keyed by address', () => {
  it('finds nothing between equal trees', () => {
    expect(diffIsEmpty(diffTrees([group('g', [channel('a')])], [group('g', [channel('a')])]))).toBe(true);
  });

  it('lists added and removed nodes with where they are', () => {
    const diff = diffTrees([channel('a'), channel('b')], [channel('a'), group('g', [channel('c')])]);
    expect(diff.added.map((n) => [n.address, n.at])).toEqual([
      ['g', { parent: null, index: 1 }],
      ['c', { parent: 'g', index: 0 }],
    ]);
    expect(diff.removed.map((n) => n.address)).toEqual(['b']);
    expect(diff.moved).toEqual([]);
  });

  it('counts a move to another group, and a reorder, but not the neighbours an insertion shifts', () => {
    const before = [channel('a'), channel('b'), channel('c'), group('g', [])];
    const after = [channel('new'), channel('c'), channel('a'), group('g', [channel('b')])];
    const moved = diffTrees(before, after).moved.map((n) => [n.address, n.from.parent, n.to.parent]);
    expect(moved).toContainEqual(['b', null, 'g']);
    expect(moved).toHaveLength(2);
    expect(moved.map(([address]) => address)).toContain('b');
    expect(['a', 'c'].filter((address) => moved.some(([m]) => m === address))).toHaveLength(1);
  });

  it('separates changed fields from flipped publish flags', () => {
    const renamed = { ...channel('a', { webIsPublished: false }), info: { ...channel('a').info, name: 'Alpha' } };
    const diff = diffTrees([channel('a')], [renamed]);
    expect(diff.changed).toEqual([
      { address: 'a', name: 'Alpha', type: 'channel', changes: [{ field: 'name', before: 'A', after: 'Alpha' }] },
    ]);
    expect(diff.flagsFlipped).toEqual([
      { address: 'a', name: 'Alpha', type: 'channel', flag: 'webIsPublished', before: true, after: false },
    ]);
  });
});
