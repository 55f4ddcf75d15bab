/** Lets the event loop run what is waiting (other users' stanzas, timers, I/O) before going on. */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface SliceOptions {
  /** Items handed to `work` at a time; the clock is read between slices only. */
  sliceSize?: number;
  /** Main-thread time one turn may take before the event loop gets its turn. */
  turnBudgetMs?: number;
  now?: () => number;
}

/**
 * Runs `work` over `items` slice by slice, giving the event loop a turn whenever a turn's budget is
 * spent: a 5,000-entry address book then holds the worker's main thread about a millisecond at a
 * time instead of several, and another user's vCard or command is answered in between. The items
 * are taken as they are at the call: the work must not depend on anything that may change during
 * those turns.
 */
export async function inSlices<T>(items: readonly T[], work: (slice: readonly T[]) => void, options: SliceOptions = {}): Promise<void> {
  const { sliceSize = 256, turnBudgetMs = 1, now = () => performance.now() } = options;
  let turnStarted = now();
  for (let start = 0; start < items.length; start += sliceSize) {
    if (start > 0 && now() - turnStarted >= turnBudgetMs) {
      await nextTurn();
      turnStarted = now();
    }
    work(items.slice(start, start + sliceSize));
  }
}
