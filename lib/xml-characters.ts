/**
 * The characters no XML 1.0 document may contain (its `Char` production): the C0 controls except
 * TAB, LF and CR (U+0000 included: PostgreSQL cannot store it either), U+FFFE, U+FFFF, and UTF-16
 * surrogates that are not part of a pair. A JSON escape such as `\uffff` brings one in through a
 * well-formed stanza; written back into a stanza it makes the server close the whole stream.
 * So every input edge refuses them (`findForbiddenText`), and the one path that writes stanzas
 * replaces what still gets through (`replaceForbiddenCharacters`). Pure: no I/O.
 */
const forbiddenCharacter = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF\uD800-\uDFFF]/u;
const forbiddenCharacters = new RegExp(forbiddenCharacter.source, 'gu');

/** What replaces a forbidden character in an outgoing stanza: Unicode's own "replacement character". */
export const replacementCharacter = '\uFFFD';

/** `U+FFFF`: how messages name a code point. */
export function codePointName(character: string): string {
  return `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The first forbidden character of `text`, named (`U+0000`), or undefined when there is none. */
export function firstForbiddenCharacter(text: string): string | undefined {
  const match = forbiddenCharacter.exec(text);
  return match ? codePointName(match[0]) : undefined;
}

export function hasForbiddenCharacters(text: string): boolean {
  return forbiddenCharacter.test(text);
}

/** Each forbidden character as U+FFFD: what the stanza writer does with anything that got through. */
export function replaceForbiddenCharacters(text: string): string {
  return text.replace(forbiddenCharacters, replacementCharacter);
}

/**
 * Each forbidden character as its JSON escape (`\uffff`). Applied to a JSON text this changes no
 * value (JSON strings are the only place such a character can be, and a reader turns the escape
 * back into it), so a stored name reaches the client exactly; applied to a message it shows
 * which character was refused without containing it.
 */
export function escapeForbiddenCharacters(text: string): string {
  return text.replace(forbiddenCharacters, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export interface ForbiddenText {
  /** Where, as `userList.3` or `channelUsers.0.name`; '' for the value itself. Printable and XML-safe. */
  path: string;
  /** `U+FFFF` */
  character: string;
  /** `channel: contains U+FFFF, a character that XML does not allow` */
  message: string;
}

/**
 * Every string of a parsed JSON value (object keys included) that holds a forbidden character,
 * in document order, at most `limit` of them. Iterative, so a deeply nested payload cannot
 * overflow the stack.
 */
export function findForbiddenText(value: unknown, limit = 10): ForbiddenText[] {
  const found: ForbiddenText[] = [];
  // Each entry links to its parent, so a path is only spelled out for what is reported.
  const stack: Visit[] = [{ value }];
  while (stack.length > 0 && found.length < limit) {
    const visit = stack.pop()!;
    if (typeof visit.value === 'string') {
      const character = firstForbiddenCharacter(visit.value);
      if (character) found.push(forbiddenAt(pathOf(visit), character));
      continue;
    }
    if (typeof visit.value !== 'object' || visit.value === null) continue;
    const entries = Array.isArray(visit.value)
      ? visit.value.map((item, index) => [String(index), item] as const)
      : Object.entries(visit.value);
    for (let index = entries.length - 1; index >= 0; index--) {
      const [key, child] = entries[index]!;
      // A key that cannot be written is reported once; what is under it is not looked at.
      stack.push({ value: hasForbiddenCharacters(key) ? key : child, key, parent: visit });
    }
  }
  return found;
}

interface Visit {
  value: unknown;
  key?: string;
  parent?: Visit;
}

function pathOf(visit: Visit): string[] {
  const path: string[] = [];
  for (let at: Visit | undefined = visit; at?.key !== undefined; at = at.parent) path.push(at.key);
  return path.reverse();
}

function forbiddenAt(path: string[], character: string): ForbiddenText {
  const shown = path.map(escapeForbiddenCharacters).join('.');
  return { path: shown, character, message: `${shown ? `${shown}: ` : ''}contains ${character}, a character that XML does not allow` };
}
