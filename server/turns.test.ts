import { describe, expect, it } from 'vitest';
import { inSlices } from './turns';

/** A clock that moves `step` ms at every reading. */
const steppingClock = (step: number) => {
  let time = 0;
  return () => (time += step);
};

describe('inSlices', () => {
  it('hands every item over once, in order and in slices of the given size', async () => {
    const slices: number[][] = [];
    await inSlices(
      Array.from({ length: 10 }, (_, index) => index),
      (slice) => slices.push([...slice]),
      { sliceSize: 4 },
    );
    expect(slices).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ]);
  });

  it('lets waiting callbacks run between slices once the turn budget is spent', async () => {
    const events: string[] = [];
    const running = inSlices(
      [1, 2, 3],
      (slice) => {
        events.push(`slice ${slice[0]}`);
        // Something another user sent meanwhile: it must run before the next slice.
        setImmediate(() => events.push(`other after ${slice[0]}`));
      },
      { sliceSize: 1, turnBudgetMs: 1, now: steppingClock(1) },
    );
    await running;
    expect(events.slice(0, 5)).toEqual(['slice 1', 'other after 1', 'slice 2', 'other after 2', 'slice 3']);
  });

  it('keeps going without a turn while the budget lasts', async () => {
    const events: string[] = [];
    const running = inSlices(
      [1, 2, 3],
      (slice) => {
        events.push(`slice ${slice[0]}`);
        setImmediate(() => events.push(`other after ${slice[0]}`));
      },
      { sliceSize: 1, turnBudgetMs: 1_000, now: steppingClock(1) },
    );
    await running;
    expect(events).toEqual(['slice 1', 'slice 2', 'slice 3']);
  });

  it('does nothing for no items', async () => {
    let calls = 0;
    await inSlices([], () => calls++);
    expect(calls).toBe(0);
  });
});
