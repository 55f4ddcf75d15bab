import { describe, expect, it } from 'vitest';
import { DatabaseTimeout, isDatabaseError, isDatabaseUnreachable, unreachableReason, withDatabaseDeadline } from './database-errors';
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

describe('isDatabaseUnreachable', () => {
  it('tells a database that is gone or silent from one that answered with an error, and names why without the query', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' });
    const wrapped = new Error('Failed query: select secret from t\nparams: token', { cause: refused });
    expect(isDatabaseUnreachable(wrapped)).toBe(true);
    expect(unreachableReason(wrapped)).toBe('ECONNREFUSED');
    expect(isDatabaseUnreachable(new DatabaseTimeout(1_000))).toBe(true);
    expect(unreachableReason(new DatabaseTimeout(1_000))).toBe('the database did not answer within 1000 ms');
    const answered = Object.assign(new Error('duplicate key'), { name: 'PostgresError', code: '23505' });
    expect(isDatabaseError(answered)).toBe(true);
    expect(isDatabaseUnreachable(answered)).toBe(false);
  });
});
