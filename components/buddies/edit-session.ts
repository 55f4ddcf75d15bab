import { applyChanges, type DraftChanges } from '@/lib/buddies/draft-changes';
import { applyOp, type DraftOp } from '@/lib/buddies/draft-ops';
import type { BuddyItem } from '@/lib/buddies/spec-json';

/**
 * The editor's edits, exact under latency. Pure: no network, no React.
 *
 * - Every edit (and every undo and redo) changes what the operator sees and enters the history the
 *   moment it is made; its save joins a queue that the server works through one at a time, in order.
 *   The inverse an undo needs is computed here, by the same `applyOp` the server runs, so Ctrl+Z acts
 *   on the last thing the operator saw even while its save is on the way.
 * - `confirmed` is the server's draft: each answer is applied to it as a patch. What the operator
 *   sees is `confirmed` with the queued edits on top.
 * - A refused save rolls back only itself: the edits queued after it are applied again on the
 *   confirmed draft; those that no longer apply without it (they name a node it created or renamed…)
 *   are dropped with it. Neither stays in the history.
 */
export interface HistoryEntry {
  id: number;
  label: string;
  /** Does (or redoes) the edit. */
  forward: DraftOp;
  /** Undoes it. */
  backward: DraftOp;
}

export type Direction = 'do' | 'undo' | 'redo';

export interface QueuedSave {
  id: number;
  op: DraftOp;
  label: string;
  direction: Direction;
  entry: number;
}

export interface SavedEdit {
  draft: { revision: number };
  inverse: DraftOp;
  changes: DraftChanges;
}

export const historyLimit = 50;

export class EditSession {
  confirmed: BuddyItem[];
  revision: number;
  /** What the operator sees: the confirmed draft with the queued edits applied. */
  shown: BuddyItem[];
  queue: QueuedSave[] = [];
  private entries: HistoryEntry[] = [];
  /** Entries before the cursor are in effect (undo takes the last); from it on, undone (redo takes the first). */
  private cursor = 0;
  private nextId = 1;

  constructor(draft: { items: BuddyItem[]; revision: number }) {
    this.confirmed = draft.items;
    this.revision = draft.revision;
    this.shown = draft.items;
  }

  get undoLabel(): string | undefined {
    return this.entries[this.cursor - 1]?.label;
  }

  get redoLabel(): string | undefined {
    return this.entries[this.cursor]?.label;
  }

  /** Makes an edit: shown at once, in the history, queued for saving. Answers why not when it cannot apply. */
  edit(op: DraftOp, label: string): string | null {
    const result = applyOp(this.shown, op);
    if (!result.ok) return result.message;
    const entry = { id: this.nextId++, label, forward: op, backward: result.inverse };
    this.entries.splice(this.cursor, this.entries.length, entry);
    const overflow = Math.max(0, this.entries.length - historyLimit);
    this.entries.splice(0, overflow);
    this.cursor = this.entries.length;
    this.enqueue(op, label, 'do', entry.id, result.items);
    return null;
  }

  /** Undoes the last edit in effect; answers what happened, or null when there is nothing to undo. */
  undo(): { label: string; error?: string } | null {
    const entry = this.entries[this.cursor - 1];
    if (!entry) return null;
    const result = applyOp(this.shown, entry.backward);
    if (!result.ok) return { label: entry.label, error: result.message };
    this.cursor -= 1;
    const op = entry.backward;
    entry.forward = result.inverse;
    this.enqueue(op, entry.label, 'undo', entry.id, result.items);
    return { label: entry.label };
  }

  redo(): { label: string; error?: string } | null {
    const entry = this.entries[this.cursor];
    if (!entry) return null;
    const result = applyOp(this.shown, entry.forward);
    if (!result.ok) return { label: entry.label, error: result.message };
    this.cursor += 1;
    const op = entry.forward;
    entry.backward = result.inverse;
    this.enqueue(op, entry.label, 'redo', entry.id, result.items);
    return { label: entry.label };
  }

  /** The save the server answered (the first in the queue): its changes become the confirmed draft. */
  saved(answer: SavedEdit): void {
    const save = this.queue.shift();
    if (!save) return;
    this.confirmed = applyChanges(this.confirmed, answer.changes);
    this.revision = answer.draft.revision;
    // The server's inverse is computed against the draft it holds: the exact one.
    this.setInverse(save, answer.inverse);
    // With nothing queued, what is shown already is the confirmed draft (same edits, same code): it
    // stays as it is, so the tree is not redrawn.
  }

  /** The first queued save was refused: roll back it, and what no longer applies without it. Answers the labels dropped along. */
  refused(): string[] {
    const [failed, ...rest] = this.queue;
    if (!failed) return [];
    this.forget(failed);
    let items = this.confirmed;
    const kept: QueuedSave[] = [];
    const dropped: string[] = [];
    for (const save of rest) {
      const result = applyOp(items, save.op);
      if (result.ok) {
        items = result.items;
        kept.push(save);
        this.setInverse(save, result.inverse);
      } else {
        dropped.push(save.direction === 'do' ? save.label : `${save.direction === 'undo' ? 'Undo' : 'Redo'}: ${save.label}`);
        this.forget(save);
      }
    }
    this.queue = kept;
    this.shown = items;
    return dropped;
  }

  /** Someone else changed the draft: show theirs; the queue and the history described a draft that is gone. */
  replaced(draft: { items: BuddyItem[]; revision: number }): void {
    this.confirmed = draft.items;
    this.shown = draft.items;
    this.revision = draft.revision;
    this.queue = [];
    this.entries = [];
    this.cursor = 0;
  }

  private enqueue(op: DraftOp, label: string, direction: Direction, entry: number, shown: BuddyItem[]): void {
    this.queue.push({ id: this.nextId++, op, label, direction, entry });
    this.shown = shown;
  }

  private setInverse(save: QueuedSave, inverse: DraftOp): void {
    const entry = this.entries.find((candidate) => candidate.id === save.entry);
    if (!entry) return;
    if (save.direction === 'undo') entry.forward = inverse;
    else entry.backward = inverse;
  }

  /** A save that will not happen leaves the history as if it had never been asked for. */
  private forget(save: QueuedSave): void {
    const index = this.entries.findIndex((candidate) => candidate.id === save.entry);
    if (index < 0) return;
    const [entry] = this.entries.splice(index, 1);
    if (index < this.cursor) this.cursor -= 1;
    if (save.direction === 'do') return;
    // An undo that did not happen leaves the edit in effect (last of those); a redo that did not
    // happen leaves it undone (first to redo).
    this.entries.splice(this.cursor, 0, entry!);
    if (save.direction === 'undo') this.cursor += 1;
  }
}
