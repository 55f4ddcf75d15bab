import { describe, expect, it } from 'vitest';
import { DatabaseTimeout, isDatabaseError, withDatabaseDeadline } from './database-errors';
import { DeadlineExceeded, withDeadline } from './deadline';

const never = new Promise<never>(() => {});

describe('deadlines', () => {
  it('passes a result through and fails work that does not end in time', async () => {
    await expect(withDeadline(Promise.resolve(3), 1_000)).resolves.toBe(3);
    await expect(withDeadline(never, 5)).rejects.toBeInstanceOf(DeadlineExceeded);
  });

  it('reports a database read that hangs as a database error', async () => {
    const failure = await withDatabaseDeadline(never, 5).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DatabaseTimeout);
    expect(isDatabaseError(failure)).toBe(true);
  });
});

describe('isDatabaseError', () => {
  it('knows connection failures, also under a cause', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(isDatabaseError(refused)).toBe(true);
    expect(isDatabaseError(new Error('Failed query', { cause: refused }))).toBe(true);
    expect(isDatabaseError(Object.assign(new Error('gone'), { code: 'CONNECTION_CLOSED' }))).toBe(true);
  });

  it('leaves other failures alone', () => {
    expect(isDatabaseError(new TypeError('x is undefined'))).toBe(false);
    expect(isDatabaseError('text')).toBe(false);
  });
});
