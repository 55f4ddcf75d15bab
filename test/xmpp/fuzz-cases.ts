import { maxPayloadBytes } from '@/server/worker/payload';
import { validPayloadOf } from './command-payloads';

/**
 * Deterministic generators of broken commands for the fuzz test: each case says what it sends
 * and which error the worker must answer. A seeded PRNG makes every run send the same 2,000+.
 */
export interface FuzzCase {
  kind: string;
  type: string;
  /** null: the request has no <payload> element. */
  payload: string | null;
  expected: 'INVALID_PAYLOAD' | 'UNKNOWN_COMMAND' | 'PAYLOAD_TOO_LARGE';
}

/** mulberry32: small, fast, good enough to pick test inputs. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type FieldKind = 'string' | 'int' | 'boolean' | 'msisdns' | 'contacts';
interface CommandShape {
  type: string;
  fields: Record<string, FieldKind>;
  valid: Record<string, unknown>;
}

/** Each command's fields and their kinds; the valid payloads are those of command-payloads.ts. */
const fieldKinds: Record<string, Record<string, FieldKind>> = {
  cmd_subscribe_to_channel: { channel: 'string' },
  cmd_unsubscribe_to_channel: { channel: 'string' },
  cmd_get_channels: { onlySubscribed: 'boolean' },
  cmd_check_client_version: { osCode: 'string', packageName: 'string', buildNumber: 'int', apiVersion: 'int' },
  cmd_search_users: { userList: 'msisdns' },
  cmd_add_to_roster: { channelUsers: 'contacts' },
};
const shapes: CommandShape[] = Object.entries(fieldKinds).map(([type, fields]) => ({ type, fields, valid: validPayloadOf(type) }));

/** Characters that XML allows (a stream with others is closed by the server, not answered). */
const alphabet = [...'abcxyzABC0123456789 \t\n\r!"#$%&\'()*+,-./:;<=>?@[\\]^_`|~', 'é', 'ü', '€', '中', '😀', '\u200b', '\ufeff'];

export function generateFuzzCases(count: number, seed: number): FuzzCase[] {
  const random = prng(seed);
  const int = (max: number) => Math.floor(random() * max);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const text = (length: number) => Array.from({ length }, () => pick(alphabet)).join('');

  const wrongValue = (kind: FieldKind): unknown => {
    const others: Record<FieldKind, unknown[]> = {
      string: [int(1000), true, null, [], { nested: 'x' }, '', 'x'.repeat(300)],
      int: [String(int(200)), false, null, [1], {}, 1.5, -1 - int(100), 2 ** 60],
      boolean: ['true', 1, 0, null, [], {}],
      msisdns: ['00393331234567', 42, null, {}, [1, 2], [null], ['x'.repeat(65)]],
      contacts: ['00393331234567', [1], [{ name: 'no address' }], [{ address: 5 }], [{ name: 7, address: '0039' }], null],
    };
    return pick(others[kind]);
  };

  const generators: Array<() => FuzzCase> = [
    // A valid payload cut short: never JSON (a compact object ends with its closing brace).
    () => {
      const shape = pick(shapes);
      const json = JSON.stringify(shape.valid);
      return { kind: 'truncated', type: shape.type, payload: json.slice(0, 1 + int(json.length - 1)), expected: 'INVALID_PAYLOAD' };
    },
    // One field of a valid payload replaced by a value of the wrong type or out of range.
    () => {
      const shape = pick(shapes);
      const field = pick(Object.keys(shape.fields));
      const payload = JSON.stringify({ ...shape.valid, [field]: wrongValue(shape.fields[field]!) });
      return { kind: 'wrong-typed', type: shape.type, payload, expected: 'INVALID_PAYLOAD' };
    },
    // A required field missing (cmd_get_channels has none, so it is left out here).
    () => {
      const shape = pick(shapes.filter((candidate) => candidate.type !== 'cmd_get_channels'));
      const payload = { ...shape.valid };
      delete payload[pick(Object.keys(shape.fields))];
      return { kind: 'missing-field', type: shape.type, payload: JSON.stringify(payload), expected: 'INVALID_PAYLOAD' };
    },
    // Text that cannot be an object: it does not start with '{'.
    () => {
      const first = pick([...'abc[]"0123-+tnfNI/\'<&>}é😀']);
      return { kind: 'garbage', type: pick(shapes).type, payload: first + text(int(300)), expected: 'INVALID_PAYLOAD' };
    },
    // JSON and JSON5 that parse but are not objects.
    () => ({
      kind: 'not-an-object',
      type: pick(shapes).type,
      payload: pick(['[]', '[{"channel":"news"}]', '42', '-0.5e3', 'true', 'null', '"text"', "'single'", 'Infinity', 'NaN', '0x1F']),
      expected: 'INVALID_PAYLOAD',
    }),
    // Deep nesting where the command wants a simple value.
    () => {
      const shape = pick(shapes);
      const field = pick(Object.keys(shape.fields));
      const depth = 100 + int(20_000);
      const nested = '['.repeat(depth) + ']'.repeat(depth);
      const broken = random() < 0.5;
      return {
        kind: 'deep',
        type: shape.type,
        payload: broken ? `{"${field}": ${nested.slice(0, depth + int(depth))}` : `{"${field}": ${nested}}`,
        expected: 'INVALID_PAYLOAD',
      };
    },
    // A command that needs fields, without any payload element.
    () => ({
      kind: 'no-payload',
      type: pick(shapes.filter((shape) => shape.type !== 'cmd_get_channels')).type,
      payload: null,
      expected: 'INVALID_PAYLOAD',
    }),
    // Names that are no command: random, empty, near misses, very long.
    () => ({
      kind: 'unknown-type',
      type: pick([
        '',
        'cmd_',
        'CMD_GET_CHANNELS',
        'cmd_get_channel',
        `cmd_${text(1 + int(40))}`,
        'x'.repeat(201 + int(2_000)),
        '<script>',
        '&amp;',
      ]),
      payload: '{}',
      expected: 'UNKNOWN_COMMAND',
    }),
  ];

  const cases = Array.from({ length: count }, () => pick(generators)());
  // A few oversized payloads (each is over a megabyte on the wire), of any type.
  for (let i = 0; i < 8; i++) {
    const size = maxPayloadBytes + 1 + int(700_000);
    cases.splice(int(cases.length), 0, {
      kind: 'oversized',
      type: pick([...shapes.map((shape) => shape.type), 'cmd_unknown']),
      payload: `{"userList": ["${'9'.repeat(size)}"]}`,
      expected: 'PAYLOAD_TOO_LARGE',
    });
  }
  return cases;
}
