import { describe, expect, it } from 'vitest';
import { normalizeMsisdn, normalizeMsisdns } from './msisdn';

describe('normalizeMsisdn', () => {
  it.each([
    ['00393471111111', '00393471111111'],
    ['+39 347-111 1111', '00393471111111'],
    ['+393471111111', '00393471111111'],
    [' 0039 347 111 1111 ', '00393471111111'],
    ['(0039) 347.111.1111', '00393471111111'],
    ['+39\t347/1111111', '00393471111111'],
  ])('reads %j as %s', (raw, expected) => {
    expect(normalizeMsisdn(raw)).toBe(expected);
  });

  it.each([
    ['empty', ''],
    ['only separators', ' - '],
    ['a plus alone', '+'],
    ['letters', '0039abc1111111'],
    ['a plus inside', '0039+3471111111'],
    ['two pluses', '++393471111111'],
    ['a JID', '00393471111111@example.test'],
    ['too short', '12'],
    ['too long', '0'.repeat(21)],
    ['non-ASCII digits', '٠٠٣٩٣٤٧١١١١١١١'],
  ])('refuses %s', (_, raw) => {
    expect(normalizeMsisdn(raw)).toBeUndefined();
  });

  it('accepts the length bounds exactly', () => {
    expect(normalizeMsisdn('123')).toBe('123');
    expect(normalizeMsisdn('1'.repeat(20))).toBe('1'.repeat(20));
  });
});

describe('normalizeMsisdns', () => {
  it('keeps the sent form beside the localpart and reports invalid entries without failing', () => {
    expect(normalizeMsisdns(['+39 347-111 1111', 'not a number', '00393472222222'])).toEqual({
      numbers: [
        { sent: '+39 347-111 1111', localpart: '00393471111111' },
        { sent: '00393472222222', localpart: '00393472222222' },
      ],
      invalid: ['not a number'],
    });
  });
});
