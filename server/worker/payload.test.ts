import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { maxPayloadBytes, parsePayloadText, validatePayload } from './payload';

describe('parsePayloadText', () => {
  it('reads strict JSON', () => {
    expect(parsePayloadText('{"channel":"news"}')).toEqual({ ok: true, value: { channel: 'news' } });
  });

  it("reads the spec's non-strict examples: bare keys, single quotes, trailing commas, comments", () => {
    expect(parsePayloadText('{\n userList: ["0039", \'0040\',], // the phone book\n}')).toEqual({
      ok: true,
      value: { userList: ['0039', '0040'] },
    });
    expect(parsePayloadText('{ onlySubscribed: true }')).toEqual({ ok: true, value: { onlySubscribed: true } });
  });

  it('takes an absent or blank payload as an empty object', () => {
    expect(parsePayloadText('')).toEqual({ ok: true, value: {} });
    expect(parsePayloadText(' \n\t')).toEqual({ ok: true, value: {} });
  });

  it('refuses what is not JSON, and JSON that is not an object', () => {
    for (const text of ['{userList: [', 'not json', '{"a":1}}', '[]', '42', 'null', '"text"']) {
      const result = parsePayloadText(text);
      expect(result.ok, text).toBe(false);
      if (!result.ok) expect(result.errorCode).toBe('INVALID_PAYLOAD');
    }
  });

  it('accepts a payload of exactly the limit and refuses one byte more, counting UTF-8 bytes', () => {
    const padded = (bytes: number) => `{"a":"${'x'.repeat(bytes - 8)}"}`;
    expect(parsePayloadText(padded(maxPayloadBytes)).ok).toBe(true);
    expect(parsePayloadText(padded(maxPayloadBytes + 1))).toMatchObject({ ok: false, errorCode: 'PAYLOAD_TOO_LARGE' });
    // 'é' is two bytes: under the limit in characters, over it in bytes.
    const accented = `{"a":"${'é'.repeat(maxPayloadBytes / 2)}"}`;
    expect(accented.length).toBeLessThan(maxPayloadBytes);
    expect(parsePayloadText(accented)).toMatchObject({ ok: false, errorCode: 'PAYLOAD_TOO_LARGE' });
  });

  it('reads an address book of 5,000 entries', () => {
    const channelUsers = Array.from({ length: 5_000 }, (_, i) => ({
      name: `Contact number ${i}`,
      address: `0039347${String(i).padStart(7, '0')}`,
    }));
    const result = parsePayloadText(JSON.stringify({ channelUsers }));
    expect(result.ok && (result.value.channelUsers as unknown[]).length).toBe(5_000);
  });
});

describe('validatePayload', () => {
  const schema = z.object({ channel: z.string().min(1), count: z.number().int().optional() });

  it('returns the parsed value, without unknown fields', () => {
    expect(validatePayload(schema, { channel: 'news', status: 0 })).toEqual({ ok: true, value: { channel: 'news' } });
  });

  it('names each problem with its path', () => {
    const result = validatePayload(schema, { channel: 7, count: 1.5 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errorCode).toBe('INVALID_PAYLOAD');
    expect(result.errorMessage.map((entry) => entry.message)).toEqual([
      expect.stringMatching(/^channel: /),
      expect.stringMatching(/^count: /),
    ]);
  });

  it('reports at most ten problems', () => {
    const many = z.object(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}`, z.string()])));
    const result = validatePayload(many, {});
    expect(!result.ok && result.errorMessage).toHaveLength(10);
  });
});

describe('characters XML does not allow', () => {
  it('refuses a payload with one in any string or key, naming where, whatever the schema', () => {
    const result = parsePayloadText('{"channel":"ne\\uffffws","userList":["0039","\\u0000"],"x":{"k\\ud800":1}}');
    expect(result).toEqual({
      ok: false,
      errorCode: 'INVALID_PAYLOAD',
      errorMessage: [
        { message: 'channel: contains U+FFFF, a character that XML does not allow' },
        { message: 'userList.1: contains U+0000, a character that XML does not allow' },
        { message: 'x.k\\ud800: contains U+D800, a character that XML does not allow' },
      ],
    });
  });

  it('accepts TAB, LF, CR, U+FFFD and characters beyond the BMP', () => {
    expect(parsePayloadText(JSON.stringify({ channel: 'a\tb\nc\rd\ufffd😀' })).ok).toBe(true);
  });
});
