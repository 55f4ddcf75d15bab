import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FailureDigest } from './failure-digest';

describe('failure digest', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes the first failure at once and one summary per interval for a thousand more', () => {
    const written: string[] = [];
    const digest = new FailureDigest((message) => written.push(message), 10_000);
    for (let n = 1; n <= 1_000; n++) digest.report(`failure ${n}`);
    expect(written).toEqual(['failure 1']);
    vi.advanceTimersByTime(10_000);
    expect(written).toEqual(['failure 1', '999 more command failures within 10 s; the latest: failure 1000']);
    digest.report('failure 1001');
    vi.advanceTimersByTime(10_000);
    expect(written).toHaveLength(3);
    expect(written[2]).toBe('1 more command failure within 10 s; the latest: failure 1001');
  });

  it('writes a lone failure after a quiet interval at once, and what is held when flushed on stop', () => {
    const written: string[] = [];
    const digest = new FailureDigest((message) => written.push(message), 10_000);
    digest.report('a');
    vi.advanceTimersByTime(30_000);
    digest.report('b');
    digest.report('c');
    expect(written).toEqual(['a', 'b']);
    digest.flush();
    expect(written).toEqual(['a', 'b', '1 more command failure within 10 s; the latest: c']);
    digest.flush();
    expect(written).toHaveLength(3);
  });
});
