import { afterEach, describe, expect, it, vi } from 'vitest';
import { Admission, ServiceBusy } from './admission';

/** A piece of work that runs until the test finishes it. */
function gate() {
  let finish: () => void = () => {};
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { work: () => done, finish };
}

describe('admission', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('runs at most `concurrency` at once and starts the waiting ones in order as turns free up', async () => {
    const admission = new Admission({ concurrency: 2, maxQueued: 10, maxWaitMs: 1_000 });
    const gates = [gate(), gate(), gate(), gate()];
    const started: number[] = [];
    const runs = gates.map((g, index) =>
      admission.run(() => {
        started.push(index);
        return g.work();
      }),
    );
    await vi.waitFor(() => expect(started).toEqual([0, 1]));
    expect(admission.load).toEqual({ running: 2, queued: 2 });
    gates[1]!.finish();
    await vi.waitFor(() => expect(started).toEqual([0, 1, 2]));
    gates[0]!.finish();
    await vi.waitFor(() => expect(started).toEqual([0, 1, 2, 3]));
    gates[2]!.finish();
    gates[3]!.finish();
    await Promise.all(runs);
    expect(admission.load).toEqual({ running: 0, queued: 0 });
  });

  it('refuses at once when the queue is full', async () => {
    const admission = new Admission({ concurrency: 1, maxQueued: 1, maxWaitMs: 1_000 });
    const running = gate();
    const first = admission.run(running.work);
    const second = admission.run(async () => 'second');
    await expect(admission.run(async () => 'third')).rejects.toEqual(
      expect.objectContaining({ name: 'ServiceBusy', reason: 'queue-full' }),
    );
    running.finish();
    await first;
    expect(await second).toBe('second');
  });

  it('refuses a request that waited longer than maxWaitMs, which never runs, and keeps serving the rest', async () => {
    vi.useFakeTimers();
    const admission = new Admission({ concurrency: 1, maxQueued: 10, maxWaitMs: 5_000 });
    const running = gate();
    const first = admission.run(running.work);
    const expired = vi.fn(async () => 'ran');
    const late = admission.run(expired);
    const lateOutcome = late.catch((error: unknown) => error);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await lateOutcome).toBeInstanceOf(ServiceBusy);
    expect(expired).not.toHaveBeenCalled();
    expect(admission.load).toEqual({ running: 1, queued: 0 });
    running.finish();
    await first;
    expect(await admission.run(async () => 'next')).toBe('next');
  });

  it('frees the turn of work that fails', async () => {
    const admission = new Admission({ concurrency: 1, maxQueued: 1, maxWaitMs: 1_000 });
    await expect(admission.run(() => Promise.reject(new Error('database gone')))).rejects.toThrow('database gone');
    expect(admission.load).toEqual({ running: 0, queued: 0 });
  });
});
