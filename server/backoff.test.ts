import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';
import { defaultBackoff } from './worker/reconnect';

describe('backoffDelay', () => {
  it('doubles from the initial delay and stays at the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 100].map((attempt) => backoffDelay(attempt, defaultBackoff))).toEqual([
      250, 500, 1_000, 2_000, 4_000, 5_000, 5_000, 5_000,
    ]);
  });
});
