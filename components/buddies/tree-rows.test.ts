import { describe, expect, it } from 'vitest';
import { applyOp } from '@/lib/buddies/draft-ops';
import { channel, group, shape } from '@/test/support/buddy-trees';
import { flattenTree, keyboardMove, parentMap, resolveDrop, zoneAt, type DropTarget } from './tree-rows';

const items = [channel('a'), group('g', [channel('b'), channel('c')]), channel('d'), group('closed', [channel('e')])];

function dropped(active: string, over: string, zone: 'before' | 'inside' | 'after', collapsed = new Set<string>()) {
  const target: DropTarget = resolveDrop(flattenTree(items, collapsed), parentMap(items), active, over, zone);
  if (target.kind !== 'move') return target.kind === 'refused' ? target.reason : 'none';
  const result = applyOp(items, { kind: 'move', address: active, parent: target.parent, index: target.index });
  return result.ok ? shape(result.items) : result.message;
}

describe('editor rows', () => {
  it('flattens the open part of the tree with depths', () => {
    const rows = flattenTree(items, new Set(['closed']));
    expect(rows.map((row) => [row.item.address, row.depth])).toEqual([
      ['a', 0],
      ['g', 0],
      ['b', 1],
      ['c', 1],
      ['d', 0],
      ['closed', 0],
    ]);
  });

  it('reads the middle of a group as "into" and the middle of a channel as "onto"', () => {
    expect([zoneAt(0.1, 'group'), zoneAt(0.5, 'group'), zoneAt(0.9, 'group')]).toEqual(['before', 'inside', 'after']);
    expect([zoneAt(0.3, 'channel'), zoneAt(0.5, 'channel'), zoneAt(0.7, 'channel')]).toEqual(['before', 'inside', 'after']);
  });

  it('drops before, after and into, landing where the indicator said', () => {
    expect(dropped('d', 'g', 'inside')).toEqual(['a', ['g', ['b', 'c', 'd']], ['closed', ['e']]]);
    expect(dropped('a', 'c', 'after')).toEqual([['g', ['b', 'c', 'a']], 'd', ['closed', ['e']]]);
    expect(dropped('a', 'd', 'before')).toEqual([['g', ['b', 'c']], 'a', 'd', ['closed', ['e']]]);
    expect(dropped('d', 'g', 'after')).toEqual(['a', ['g', ['d', 'b', 'c']], ['closed', ['e']]]);
    expect(dropped('b', 'a', 'before')).toEqual(['b', 'a', ['g', ['c']], 'd', ['closed', ['e']]]);
  });

  it('refuses a drop onto a channel or into the dragged group itself, and ignores a drop in place', () => {
    expect(dropped('a', 'd', 'inside')).toMatch(/Not allowed: "D" is a channel/);
    expect(dropped('g', 'b', 'before')).toMatch(/inside itself/);
    expect(dropped('a', 'g', 'before')).toBe('none');
  });

  it('moves with Alt+arrows: up, down, into the group above, out of the group', () => {
    const run = (address: string, move: 'up' | 'down' | 'indent' | 'outdent') => {
      const op = keyboardMove(items, address, move);
      if (!op) return null;
      const result = applyOp(items, op);
      return result.ok ? shape(result.items) : result.message;
    };
    expect(run('d', 'up')).toEqual(['a', 'd', ['g', ['b', 'c']], ['closed', ['e']]]);
    expect(run('b', 'down')).toEqual(['a', ['g', ['c', 'b']], 'd', ['closed', ['e']]]);
    expect(run('d', 'indent')).toEqual(['a', ['g', ['b', 'c', 'd']], ['closed', ['e']]]);
    expect(run('b', 'outdent')).toEqual(['a', ['g', ['c']], 'b', 'd', ['closed', ['e']]]);
    expect([run('a', 'up'), run('a', 'indent'), run('a', 'outdent')]).toEqual([null, null, null]);
  });
});
