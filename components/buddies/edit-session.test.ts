import { describe, expect, it } from 'vitest';
import { applyOp, type DraftOp } from '@/lib/buddies/draft-ops';
import type { BuddyItem } from '@/lib/buddies/spec-json';
import { channel, group, shape } from '@/test/support/buddy-trees';
import { EditSession } from './edit-session';

const start = (): BuddyItem[] => [channel('a'), group('g', [channel('b')])];
const web = (items: BuddyItem[], address: string) => {
  const find = (level: BuddyItem[]): BuddyItem | undefined =>
    level.flatMap((item) => [item, ...item.items]).find((item) => item.address === address);
  return find(items)?.webIsPublished;
};
const hide = (address: string): DraftOp => ({ kind: 'setFlag', addresses: [address], flag: 'webIsPublished', value: false });

/** The server's answer to the first queued save, computed as the server does (same operation, same tree). */
function answer(session: EditSession, revision: number) {
  const save = session.queue[0]!;
  const result = applyOp(session.confirmed, save.op);
  if (!result.ok) throw new Error(result.message);
  // A whole-tree "change" is enough here: the database tests check the real, minimal answers.
  return {
    draft: { revision },
    inverse: result.inverse,
    changes: { removed: session.confirmed.map((item) => item.address), upserted: flat(result.items) },
  };
}
const flat = (items: BuddyItem[], parent: string | null = null): Array<{ parent: string | null; position: number; node: BuddyItem }> =>
  items.flatMap((item, position) => [{ parent, position, node: { ...item, items: [] } }, ...flat(item.items, item.address)]);

describe('edit session', () => {
  it('puts an edit in the history when it is made: undo right away undoes it, not the edit before', () => {
    const session = new EditSession({ items: start(), revision: 1 });
    session.edit({ kind: 'update', address: 'a', fields: { name: 'Renamed' } }, 'Renamed a');
    session.saved(answer(session, 2));
    session.edit(hide('b'), 'Hid b');
    expect(session.undo()).toEqual({ label: 'Hid b' });
    expect(web(session.shown, 'b')).toBe(true);
    expect(session.shown[0]!.info.name).toBe('Renamed');
    expect(session.queue.map((save) => [save.direction, save.label])).toEqual([
      ['do', 'Hid b'],
      ['undo', 'Hid b'],
    ]);
  });

  it('keeps the redo of an undo whose save is still on the way', () => {
    const session = new EditSession({ items: start(), revision: 1 });
    session.edit(hide('b'), 'Hid b');
    session.undo();
    expect(session.redoLabel).toBe('Hid b');
    expect(session.redo()).toEqual({ label: 'Hid b' });
    expect(web(session.shown, 'b')).toBe(false);
    expect(session.undoLabel).toBe('Hid b');
    for (const revision of [2, 3, 4]) session.saved(answer(session, revision));
    expect(session.queue).toEqual([]);
    expect(session.confirmed).toEqual(session.shown);
  });

  it('rolls back only a refused save and the queued edits that depend on it', () => {
    const session = new EditSession({ items: start(), revision: 1 });
    session.edit(hide('a'), 'Hid a');
    session.edit({ kind: 'duplicate', address: 'g' }, 'Duplicated g');
    session.edit(hide('g-copy'), 'Hid the copy');
    session.edit(hide('b'), 'Hid b');
    session.saved(answer(session, 2));
    expect(session.refused()).toEqual(['Hid the copy']);
    expect(shape(session.shown)).toEqual(['a', ['g', ['b']]]);
    expect([web(session.shown, 'a'), web(session.shown, 'b')]).toEqual([false, false]);
    expect(session.queue.map((save) => save.label)).toEqual(['Hid b']);
    expect(session.undoLabel).toBe('Hid b');
    session.undo();
    expect(session.undoLabel).toBe('Hid a');
  });

  it('leaves an edit in effect when its undo is refused', () => {
    const session = new EditSession({ items: start(), revision: 1 });
    session.edit(hide('b'), 'Hid b');
    session.saved(answer(session, 2));
    session.undo();
    session.refused();
    expect(web(session.shown, 'b')).toBe(false);
    expect([session.undoLabel, session.redoLabel]).toEqual(['Hid b', undefined]);
  });
});
