import { describe, expect, it } from 'vitest';
import {
  escapeForbiddenCharacters,
  findForbiddenText,
  firstForbiddenCharacter,
  hasForbiddenCharacters,
  replaceForbiddenCharacters,
} from './xml-characters';

/** XML 1.0 (fifth edition) section 2.2, written as its ranges: Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF] */
const isXmlChar = (codePoint: number) =>
  codePoint === 0x9 ||
  codePoint === 0xa ||
  codePoint === 0xd ||
  (codePoint >= 0x20 && codePoint <= 0xd7ff) ||
  (codePoint >= 0xe000 && codePoint <= 0xfffd) ||
  (codePoint >= 0x10000 && codePoint <= 0x10ffff);

describe('the XML character rule', () => {
  it('refuses exactly what XML 1.0 forbids, for every code unit of the BMP, alone and inside text', () => {
    const disagreements: string[] = [];
    for (let unit = 0; unit <= 0xffff; unit++) {
      const character = String.fromCharCode(unit);
      // A surrogate alone is never a character; everything else is its own code point.
      const allowed = unit >= 0xd800 && unit <= 0xdfff ? false : isXmlChar(unit);
      if (hasForbiddenCharacters(character) === allowed || hasForbiddenCharacters(`ab${character}cd`) === allowed) {
        disagreements.push(`U+${unit.toString(16)}`);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('accepts every astral code point written as a surrogate pair, and refuses a pair broken or reversed', () => {
    for (const codePoint of [0x10000, 0x1f600, 0xeffff, 0x10ffff])
      expect(hasForbiddenCharacters(`x${String.fromCodePoint(codePoint)}y`)).toBe(false);
    expect(firstForbiddenCharacter('x\ud83d')).toBe('U+D83D');
    expect(firstForbiddenCharacter('\ude00x')).toBe('U+DE00');
    expect(firstForbiddenCharacter('\ude00\ud83d')).toBe('U+DE00');
  });

  it('names the first forbidden character', () => {
    expect(firstForbiddenCharacter('news')).toBeUndefined();
    expect(firstForbiddenCharacter('a\u0000b\uffff')).toBe('U+0000');
    expect(firstForbiddenCharacter('tab\there\nCR\r')).toBeUndefined();
    expect(firstForbiddenCharacter('\ufffe')).toBe('U+FFFE');
  });

  it('replaces each forbidden character with U+FFFD and leaves everything else as it is', () => {
    expect(replaceForbiddenCharacters('a\u0001b\uffffc\ud800d😀\t')).toBe('a\ufffdb\ufffdc\ufffdd😀\t');
  });

  it('escapes them as JSON does, so a JSON text keeps its values exactly', () => {
    const value = { name: 'x\uffff\ufffe\ud800\u0000y😀' };
    const escaped = escapeForbiddenCharacters(JSON.stringify(value));
    expect(hasForbiddenCharacters(escaped)).toBe(false);
    expect(JSON.parse(escaped)).toEqual(value);
  });
});

describe('findForbiddenText', () => {
  it('finds every string holding one, anywhere in a parsed payload, in document order, with its path', () => {
    const payload = {
      channel: 'news',
      userList: ['0039', '00\u000139', '0040'],
      channelUsers: [
        { name: 'Ann', address: '1' },
        { name: 'B\uffffob', address: '2' },
      ],
      deep: { a: [{ b: ['\ud800'] }] },
    };
    expect(findForbiddenText(payload)).toEqual([
      { path: 'userList.1', character: 'U+0001', message: 'userList.1: contains U+0001, a character that XML does not allow' },
      {
        path: 'channelUsers.1.name',
        character: 'U+FFFF',
        message: 'channelUsers.1.name: contains U+FFFF, a character that XML does not allow',
      },
      { path: 'deep.a.0.b.0', character: 'U+D800', message: 'deep.a.0.b.0: contains U+D800, a character that XML does not allow' },
    ]);
  });

  it('checks object keys too, and shows such a key escaped so the path itself is printable', () => {
    expect(findForbiddenText({ ['bad\uffffkey']: 'fine' })).toEqual([
      { path: 'bad\\uffffkey', character: 'U+FFFF', message: 'bad\\uffffkey: contains U+FFFF, a character that XML does not allow' },
    ]);
  });

  it('finds nothing in clean values, numbers, booleans and null; a bare string has an empty path', () => {
    expect(findForbiddenText({ a: 1, b: true, c: null, d: ['x', { e: 'é😀\t' }] })).toEqual([]);
    expect(findForbiddenText('\u0000')).toEqual([
      { path: '', character: 'U+0000', message: 'contains U+0000, a character that XML does not allow' },
    ]);
  });

  it('stops at the limit, and walks a 100,000-deep value without overflowing the stack', () => {
    expect(
      findForbiddenText(
        Array.from({ length: 50 }, () => '\u0000'),
        3,
      ),
    ).toHaveLength(3);
    let deep: unknown = '\uffff';
    for (let depth = 0; depth < 100_000; depth++) deep = [deep];
    expect(findForbiddenText(deep)[0]?.character).toBe('U+FFFF');
  });
});
