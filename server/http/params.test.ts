import { describe, expect, it } from 'vitest';
import { idParam, maxPage, maxStoredInteger, pageParam, positiveInteger } from './params';

describe('path and query numbers', () => {
  it('reads plain digits from 1 to the largest stored integer', () => {
    expect(positiveInteger('1')).toBe(1);
    expect(positiveInteger('007')).toBe(7);
    expect(positiveInteger(String(maxStoredInteger))).toBe(maxStoredInteger);
  });

  it('refuses what PostgreSQL would refuse, and what only Number() would read', () => {
    for (const value of [
      null,
      undefined,
      '',
      '0',
      '-1',
      '1.5',
      '1e3',
      '0x10',
      '+1',
      ' 1',
      '1 ',
      'abc',
      'NaN',
      'Infinity',
      '2147483648',
      '9223372036854775808',
      '9'.repeat(40),
      '1\u0000',
    ]) {
      expect(positiveInteger(value), String(value)).toBeUndefined();
    }
  });

  it('answers a bad id with 400, not a query that fails', () => {
    expect(idParam('12', 'channel')).toBe(12);
    expect(() => idParam('9223372036854775808', 'channel')).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('takes an absent or empty page as 1 and refuses a page that is not one', () => {
    expect(pageParam(new URLSearchParams())).toBe(1);
    expect(pageParam(new URLSearchParams('page='))).toBe(1);
    expect(pageParam(new URLSearchParams(`page=${maxPage}`))).toBe(maxPage);
    for (const page of ['0', '-2', 'abc', '1e400', String(maxPage + 1), '99999999999999999999']) {
      expect(() => pageParam(new URLSearchParams({ page })), page).toThrow(expect.objectContaining({ status: 400 }));
    }
  });
});
