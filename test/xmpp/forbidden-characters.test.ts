import { eq, max } from 'drizzle-orm';
import xml from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { buddyVersions, channels, workerErrors } from '@/db/schema';
import { oobNs } from '@/server/worker/envelope';
import { serviceJid } from '../support/xmpp-harness';
import { commandPayloads } from './command-payloads';
import { prng } from './fuzz-cases';
import { serverSetups, useXmppHarness } from './harness-hooks';
import { announceChange, type Change } from '@/server/changes';

/**
 * Characters XML 1.0 forbids, brought in by JSON escapes (so the request itself is well-formed
 * XML), in every string a command reads: each must be refused with INVALID_PAYLOAD naming the
 * field, and none may reach a stanza: one would make Prosody close the component's stream, and
 * every user's answers with it. Stored text that holds one must not either.
 */
interface CharacterClass {
  name: string;
  /** The text inserted, and the code point the answer must name (the first forbidden one). */
  pick(random: () => number, first: boolean): { text: string; named: number };
}

const c0Controls = Array.from({ length: 0x20 }, (_, unit) => unit).filter((unit) => ![0x9, 0xa, 0xd].includes(unit));
const inRange = (random: () => number, low: number, high: number) => low + Math.floor(random() * (high - low + 1));
const single = (unit: number) => ({ text: String.fromCharCode(unit), named: unit });
const classes: CharacterClass[] = [
  // NUL first: PostgreSQL cannot store it, which made it a SQL_ERROR.
  { name: 'C0 control', pick: (random, first) => single(first ? 0 : c0Controls[Math.floor(random() * c0Controls.length)]!) },
  { name: 'U+FFFE', pick: () => single(0xfffe) },
  { name: 'U+FFFF', pick: () => single(0xffff) },
  { name: 'lone high surrogate', pick: (random) => single(inRange(random, 0xd800, 0xdbff)) },
  { name: 'lone low surrogate', pick: (random) => single(inRange(random, 0xdc00, 0xdfff)) },
  {
    name: 'reversed surrogate pair',
    pick: (random) => {
      const low = inRange(random, 0xdc00, 0xdfff);
      return { text: String.fromCharCode(low, inRange(random, 0xd800, 0xdbff)), named: low };
    },
  },
];

/** Where a command reads text: every string of its valid payload, an extra field, and a key. */
interface Target {
  type: string;
  /** The path the answer names, given how the character was inserted (a key shows it as a JSON escape). */
  path: (inserted: (original: string) => string) => string;
  build: (inserted: (original: string) => string) => Record<string, unknown>;
}

function targetsOf(type: string, valid: Record<string, unknown>): Target[] {
  const targets: Target[] = [];
  const visit = (value: unknown, path: string[]) => {
    if (typeof value === 'string') {
      targets.push({ type, path: () => path.join('.'), build: (inserted) => replaceAt(valid, path, inserted(value)) });
    } else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) visit(child, [...path, key]);
    }
  };
  visit(valid, []);
  targets.push({ type, path: () => 'note', build: (inserted) => ({ ...valid, note: inserted('unknown fields are read too') }) });
  targets.push({
    type,
    path: (inserted) => inserted('k').replace(/[^\x20-\x7e]/g, jsonEscaped),
    build: (inserted) => ({ ...valid, [inserted('k')]: 1 }),
  });
  return targets;
}

function replaceAt(value: Record<string, unknown>, path: string[], text: string): Record<string, unknown> {
  const copy = structuredClone(value);
  let at: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string, unknown>;
  at[path.at(-1)!] = text;
  return copy;
}

const jsonEscaped = (text: string) => [...text].map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
const codePointName = (codePoint: number) => `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;

/** JSON whose every character outside printable ASCII is an escape: well-formed XML, whatever the values. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[^\x20-\x7e]/g, (unit) => jsonEscaped(unit));
}

const allTargets = Object.entries(commandPayloads).flatMap(([type, payloads]) => targetsOf(type, payloads.valid));

describe.each(serverSetups)('characters XML forbids, on $name', ({ options }) => {
  const harness = useXmppHarness(options);

  it('refuses each class of them in every field of every command with INVALID_PAYLOAD naming the field, and stays connected', async () => {
    let disconnects = 0;
    harness().worker.entity.on('disconnect', () => disconnects++);
    const sender = await harness().createUser();
    const random = prng(20_261_201);
    // Every class in every field once (NUL as the C0 control), then random code points and places.
    const plan = classes.flatMap((characterClass) => allTargets.map((target) => ({ characterClass, target, first: true })));
    for (let extra = 0; extra < 60; extra++) {
      plan.push({
        characterClass: classes[Math.floor(random() * classes.length)]!,
        target: allTargets[Math.floor(random() * allTargets.length)]!,
        first: false,
      });
    }
    expect(plan.length).toBeGreaterThanOrEqual(classes.length * 20);

    for (const [index, { characterClass, target, first }] of plan.entries()) {
      const { text, named } = characterClass.pick(random, first);
      // At the start, in the middle or at the end of the original text.
      const where = index % 3;
      const inserted = (original: string) =>
        where === 0 ? text + original : where === 1 ? original.slice(0, 1) + text + original.slice(1) : original + text;
      const payload = asciiJson(target.build(inserted));
      // Every other request in the non-strict form real clients send (JSON5: a trailing comma).
      const payloadText = index % 2 === 0 ? payload : payload.replace(/}$/, ',}');
      const action = `forbidden-${index}`;
      const response = await sender.command(target.type, payloadText, { action });

      const label = `${characterClass.name} ${codePointName(named)} in ${target.type} ${target.path(inserted)}: ${payloadText.slice(0, 120)}`;
      expect(response.action, label).toBe(action);
      expect(response.payload, label).toEqual({
        status: 1,
        errorCode: 'INVALID_PAYLOAD',
        errorMessage: [{ message: `${target.path(inserted)}: contains ${codePointName(named)}, a character that XML does not allow` }],
      });
    }

    // Nothing was lost on the way: the component never left, and another user is served.
    expect(disconnects).toBe(0);
    expect(harness().worker.online).toBe(true);
    const other = await harness().createUser();
    expect((await other.command('cmd_get_channels', '{}')).payload).toEqual({
      status: 0,
      errorCode: null,
      errorMessage: [],
      channelList: ['news', 'offers'],
    });
    // The client's mistake is not the service's failure: nothing on the status page's error list.
    await harness().worker.flush();
    expect(await harness().database.db.select().from(workerErrors)).toEqual([]);
  });

  it('echoes a type and action cut at the length limit without splitting a character', async () => {
    const sender = await harness().createUser();
    const long = `${'x'.repeat(199)}😀 and more`;
    await sender.send(
      xml(
        'message',
        { to: serviceJid, id: 'long-names', type: 'chat' },
        xml('x', { xmlns: oobNs }, xml('type', {}, 'cmd_get_channels'), xml('action', {}, long), xml('payload', {}, '{}')),
      ),
    );
    const answered = await sender.response('cmd_get_channels');
    expect(answered.action).toBe('x'.repeat(199));
    expect(answered.payload.status).toBe(0);

    await sender.send(xml('message', { to: serviceJid, id: 'long-type', type: 'chat' }, xml('x', { xmlns: oobNs }, xml('type', {}, long))));
    const unknown = await sender.response();
    expect(unknown.type).toBe('x'.repeat(199));
    expect(unknown.payload.errorCode).toBe('UNKNOWN_COMMAND');
    expect(harness().worker.online).toBe(true);
  });

  it('answers exactly what was stored before the edges refused such text: channel names and published buddies', async () => {
    const { db } = harness().database;
    const domainId = harness().domain.id;
    const legacyNames = ['legacy\uffff', 'legacy\ufffe', 'control\u0001'];
    const inserted = await db
      .insert(channels)
      .values(legacyNames.map((name) => ({ domainId, name })))
      .returning({ id: channels.id });
    const [latest] = await db
      .select({ number: max(buddyVersions.number) })
      .from(buddyVersions)
      .where(eq(buddyVersions.domainId, domainId));
    const json = JSON.stringify({ items: [{ type: 'user', name: 'Old\uffffname', address: '00390000000001' }] });
    const [version] = await db
      .insert(buddyVersions)
      .values({ domainId, number: (latest?.number ?? 0) + 1, json, publishedBy: 'test' })
      .returning({ id: buddyVersions.id });
    // Rows written behind the console's back: announced as every writer announces its changes, so
    // the worker's in-memory channel lists and vCards follow them.
    await announceAndApply([
      { kind: 'channels', domainId },
      { kind: 'buddies', domainId },
    ]);
    try {
      let disconnects = 0;
      harness().worker.entity.on('disconnect', () => disconnects++);
      const user = await harness().createUser();
      const listed = await user.command('cmd_get_channels', '{}');
      expect(listed.payload).toMatchObject({ status: 0, errorCode: null, errorMessage: [] });
      expect([...(listed.payload.channelList as string[])].sort()).toEqual([...legacyNames, 'news', 'offers'].sort());
      // The DESC carries the character as a JSON escape: the same JSON value, well-formed XML.
      expect(JSON.parse(await user.vcardDesc())).toEqual(JSON.parse(json));

      expect(disconnects).toBe(0);
      const other = await harness().createUser();
      expect((await other.command('cmd_get_channels', { onlySubscribed: true })).payload.status).toBe(0);
    } finally {
      for (const { id } of inserted) await db.delete(channels).where(eq(channels.id, id));
      await db.delete(buddyVersions).where(eq(buddyVersions.id, version!.id));
      await announceAndApply([
        { kind: 'channels', domainId },
        { kind: 'buddies', domainId },
      ]);
    }
  });

  /** Announces each change and waits until the worker has applied it. */
  async function announceAndApply(changes: Change[]): Promise<void> {
    for (const change of changes) {
      const applied = harness().worker.nextChange();
      await announceChange(harness().database.db, change);
      await applied;
    }
  }
});
