import { Refusal } from '@/lib/refusal';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, buddyNodes } from '@/db/schema';
import { systemActor } from '@/server/audit';
import { applyChanges } from '@/lib/buddies/draft-changes';
import { editDraft, loadDraftView } from '@/server/buddies/draft';
import type { DraftOp } from '@/lib/buddies/draft-ops';
import { loadScope, scopeOf } from '@/server/buddies/edit-scope';
import { findPublishedJson, loadDraftNodes, nodesToItems, replaceDraft } from '@/server/buddies/repository';
import { toSpecJson } from '@/lib/buddies/spec-json';
import { channel, group, realisticTree, shape } from '@/test/support/buddy-trees';
import { vcardReplyBytes } from '@/server/buddies/vcard-reply';
import { writeTree } from '@/server/buddies/tree-writer';
import { listVersions, publishReviewedDraft, rollbackTo } from '@/server/buddies/versions';
import { ensureDomain, findDomain } from '@/server/domains';
import { databaseKinds, openTestDatabase, type TestDatabase } from '../support/databases';

const operator = { label: 'ops@example.test', operatorId: null };

describe.each(databaseKinds)('buddies draft on %s', (kind) => {
  let database: TestDatabase;
  let domainId: number;
  const revision = async () => (await findDomain(database.db, 'buddies.test'))!.draftRevision;
  const draftShape = async () => shape(nodesToItems(await loadDraftNodes(database.db, domainId)));
  const positions = async () =>
    (await loadDraftNodes(database.db, domainId))
      .map((row) => [row.address, row.position])
      .sort(([a], [b]) => String(a).localeCompare(String(b)));

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    domainId = (await ensureDomain(database.db, 'buddies.test')).id;
  });
  afterAll(() => database.close());
  beforeEach(async () => {
    await database.db.transaction((tx) =>
      replaceDraft(tx, domainId, [channel('a'), group('g', [channel('b'), channel('c')]), channel('d')]),
    );
  });

  it('moves into a group, out of it and along, keeping sibling positions 0..n-1', async () => {
    await editDraft(database.db, domainId, await revision(), operator, { kind: 'move', address: 'd', parent: 'g', index: 1 });
    expect(await draftShape()).toEqual(['a', ['g', ['b', 'd', 'c']]]);
    await editDraft(database.db, domainId, await revision(), operator, { kind: 'move', address: 'b', parent: null, index: 0 });
    expect(await draftShape()).toEqual(['b', 'a', ['g', ['d', 'c']]]);
    expect(await positions()).toEqual([
      ['a', 1],
      ['b', 0],
      ['c', 1],
      ['d', 0],
      ['g', 2],
    ]);
  });

  it('applies each edit with its undo, records who did it, and bumps the revision', async () => {
    const seen = await revision();
    const deleted = await editDraft(database.db, domainId, seen, operator, { kind: 'delete', address: 'g', children: 'moveUp' });
    expect(deleted.draft.revision).toBe(seen + 1);
    expect(await draftShape()).toEqual(['a', 'b', 'c', 'd']);
    await editDraft(database.db, domainId, seen + 1, operator, deleted.inverse);
    expect(await draftShape()).toEqual(['a', ['g', ['b', 'c']], 'd']);
    const audit = await database.db.select().from(auditLog).where(eq(auditLog.actor, 'ops@example.test'));
    expect(audit.map((row) => row.action).slice(-2)).toEqual(['delete', 'batch']);
    expect(audit.at(-2)?.before).toMatchObject({ parent: null, index: 1, children: ['b', 'c'] });
  });

  it('renames a group that has children, and turns a channel into a group and back', async () => {
    await editDraft(database.db, domainId, await revision(), operator, {
      kind: 'update',
      address: 'g',
      fields: { address: 'g2', name: 'G2' },
    });
    expect(await draftShape()).toEqual(['a', ['g2', ['b', 'c']], 'd']);
    await editDraft(database.db, domainId, await revision(), operator, {
      kind: 'batch',
      ops: [
        { kind: 'update', address: 'a', fields: { type: 'group' } },
        { kind: 'move', address: 'd', parent: 'a', index: 0 },
      ],
    });
    expect(await draftShape()).toEqual([
      ['a', ['d']],
      ['g2', ['b', 'c']],
    ]);
    await editDraft(database.db, domainId, await revision(), operator, {
      kind: 'batch',
      ops: [
        { kind: 'move', address: 'd', parent: null, index: 2 },
        { kind: 'update', address: 'a', fields: { type: 'channel' } },
      ],
    });
    expect(await draftShape()).toEqual(['a', ['g2', ['b', 'c']], 'd']);
  });

  it('answers each edit with what changed, which turns the draft before it into the draft after it', async () => {
    const edits: DraftOp[] = [
      { kind: 'setFlag', addresses: ['b'], flag: 'webIsPublished', value: false },
      { kind: 'move', address: 'd', parent: 'g', index: 0 },
      { kind: 'update', address: 'g', fields: { address: 'g2', name: 'G2' } },
      { kind: 'duplicate', address: 'g2' },
      { kind: 'duplicate', address: 'g2' },
      { kind: 'delete', address: 'g2', children: 'moveUp' },
      { kind: 'create', parent: 'g2-copy', index: 1, item: group('new', [channel('new-inside')]) },
      { kind: 'delete', address: 'g2-copy', children: 'delete' },
      {
        kind: 'batch',
        ops: [
          { kind: 'update', address: 'a', fields: { type: 'group' } },
          { kind: 'move', address: 'c', parent: 'a', index: 0 },
        ],
      },
    ];
    let undo: DraftOp[] = [];
    for (const op of [...edits, 'undo' as const]) {
      for (const step of op === 'undo' ? undo : [op]) {
        const before = nodesToItems(await loadDraftNodes(database.db, domainId));
        const edit = await editDraft(database.db, domainId, await revision(), operator, step);
        expect(applyChanges(before, edit.changes), JSON.stringify(step)).toEqual(nodesToItems(await loadDraftNodes(database.db, domainId)));
        if (op !== 'undo') undo = [edit.inverse, ...undo];
      }
    }
    expect(await draftShape()).toEqual(['a', ['g', ['b', 'c']], 'd']);
  });

  it('writes only the rows an edit changes, keeping each row (its id) through a rename and a move', async () => {
    const rows = async () => new Map((await loadDraftNodes(database.db, domainId)).map((row) => [row.id, row]));
    const before = await rows();
    const flag = await editDraft(database.db, domainId, await revision(), operator, {
      kind: 'setFlag',
      addresses: ['c'],
      flag: 'mobileIsPublished',
      value: false,
    });
    expect(flag.changes).toEqual({
      removed: [],
      upserted: [{ parent: 'g', position: 1, node: expect.objectContaining({ address: 'c', mobileIsPublished: false }) }],
    });
    await editDraft(database.db, domainId, await revision(), operator, { kind: 'update', address: 'g', fields: { address: 'g-renamed' } });
    await editDraft(database.db, domainId, await revision(), operator, { kind: 'move', address: 'b', parent: null, index: 0 });
    const after = await rows();
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    const touched = [...after.values()]
      .filter((row) => row.updatedAt.getTime() !== before.get(row.id)!.updatedAt.getTime())
      .map((row) => row.address);
    // b moved to the top: a, g-renamed and d shift down by one; c moved up in g; c's flag; g's address.
    expect(touched.sort()).toEqual(['a', 'b', 'c', 'd', 'g-renamed']);
    expect(await draftShape()).toEqual(['b', 'a', ['g-renamed', ['c']], 'd']);
  });

  it('reads only the part of a big draft an edit needs', async () => {
    const big = Array.from({ length: 50 }, (_, g) =>
      group(
        `g${g}`,
        Array.from({ length: 9 }, (_, c) => channel(`g${g}-c${c}`)),
      ),
    );
    await database.db.transaction((tx) => replaceDraft(tx, domainId, big));
    const read = async (op: DraftOp) => (await loadScope(database.db, domainId, scopeOf(op))).rows.map((row) => row.address).sort();
    expect(await read({ kind: 'setFlag', addresses: ['g7-c3'], flag: 'webIsPublished', value: false })).toEqual(['g7', 'g7-c3']);
    expect(await read({ kind: 'update', address: 'g7-c3', fields: { name: 'Renamed' } })).toEqual(['g7', 'g7-c3']);
    expect(await read({ kind: 'move', address: 'g7-c3', parent: 'g7', index: 0 })).toEqual(
      ['g7', ...big[7]!.items.map((item) => item.address)].sort(),
    );
    expect(await read({ kind: 'delete', address: 'g8', children: 'delete' })).toHaveLength(50 + 9);
  });

  it('has the database itself refuse a child under a channel, whatever code writes', async () => {
    const rows = await loadDraftNodes(database.db, domainId);
    const bad = [{ ...channel('a'), items: [channel('under-a')] }, group('g', [channel('b'), channel('c')]), channel('d')];
    await expect(database.db.transaction((tx) => writeTree(tx, domainId, rows, bad))).rejects.toThrow();
    expect(await draftShape()).toEqual(['a', ['g', ['b', 'c']], 'd']);
  });

  it('refuses an address that is taken, beside the field', async () => {
    const error = await editDraft(database.db, domainId, await revision(), operator, {
      kind: 'create',
      parent: 'g',
      index: 0,
      item: channel('d'),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Refusal);
    expect(error).toMatchObject({ status: 400, details: [{ path: 'address' }] });
    const [row] = await database.db.select().from(buddyNodes).where(eq(buddyNodes.address, 'd'));
    await expect(database.db.insert(buddyNodes).values({ ...row!, id: undefined, position: 9 })).rejects.toThrow();
  });

  it('refuses a stale revision with the fresh draft, and changes nothing', async () => {
    const seen = await revision();
    await editDraft(database.db, domainId, seen, operator, { kind: 'move', address: 'a', parent: null, index: 2 });
    const error = await editDraft(database.db, domainId, seen, operator, { kind: 'delete', address: 'd', children: 'delete' }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ status: 409 });
    const fresh = (error as Refusal).details as { draft: { revision: number; items: unknown[] } };
    expect(fresh.draft.revision).toBe(seen + 1);
    expect(shape(fresh.draft.items as never)).toEqual([['g', ['b', 'c']], 'd', 'a']);
    expect(await draftShape()).toEqual([['g', ['b', 'c']], 'd', 'a']);
  });

  it('numbers published versions, serves the latest, and refuses publishing nothing new', async () => {
    const first = await publishReviewedDraft(database.db, domainId, await revision(), operator);
    await expect(publishReviewedDraft(database.db, domainId, await revision(), operator)).rejects.toMatchObject({ status: 400 });
    await editDraft(database.db, domainId, await revision(), operator, {
      kind: 'setFlag',
      addresses: ['b'],
      flag: 'webIsPublished',
      value: false,
    });
    const second = await publishReviewedDraft(database.db, domainId, await revision(), operator);
    expect(second.version.number).toBe(first.version.number + 1);
    expect(second.version.publishedBy).toBe('ops@example.test');
    const served = JSON.parse((await findPublishedJson(database.db, 'buddies.test'))!);
    expect(served.items[1].items[0]).toMatchObject({ address: 'b', webIsPublished: false });
  });

  it('stores and serves the published JSON compact: the same data, no indentation', async () => {
    await editDraft(database.db, domainId, await revision(), operator, {
      kind: 'setFlag',
      addresses: ['c'],
      flag: 'mobileIsPublished',
      value: false,
    });
    await publishReviewedDraft(database.db, domainId, await revision(), operator);
    const json = (await findPublishedJson(database.db, 'buddies.test'))!;
    expect(json).toBe(JSON.stringify(JSON.parse(json)));
    expect(shape(nodesToItems(await loadDraftNodes(database.db, domainId)))).toEqual(['a', ['g', ['b', 'c']], 'd']);
  });

  it('refuses to publish a tree whose vCard would not fit under the stanza limit, saying both sizes, and publishes nothing', async () => {
    await editDraft(database.db, domainId, await revision(), operator, {
      kind: 'import',
      json: JSON.stringify({ items: realisticTree(200) }),
    });
    const before = await listVersions(database.db, domainId);
    const bytes = vcardReplyBytes(toSpecJson(realisticTree(200)));
    const refusal = await publishReviewedDraft(database.db, domainId, await revision(), operator, bytes - 1).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(Refusal);
    expect(refusal).toMatchObject({ status: 413, details: { vcardBytes: bytes, stanzaLimitBytes: bytes - 1 } });
    expect((refusal as Error).message).toContain(`${bytes.toLocaleString('en-US')} bytes`);
    expect((refusal as Error).message).toContain(`stanza limit of ${(bytes - 1).toLocaleString('en-US')} bytes`);
    expect(await listVersions(database.db, domainId)).toEqual(before);
    // At the limit it fits.
    const published = await publishReviewedDraft(database.db, domainId, await revision(), operator, bytes);
    expect(published.version.number).toBe((before[0]?.number ?? 0) + 1);
  });

  it('rolls back: the old JSON becomes a new version and the draft', async () => {
    // Publish the current draft unless an earlier test already did (then publishing it again is refused).
    await publishReviewedDraft(database.db, domainId, await revision(), systemActor).catch(() => undefined);
    const [old] = await listVersions(database.db, domainId, 1);
    const oldJson = await findPublishedJson(database.db, 'buddies.test');
    await editDraft(database.db, domainId, await revision(), operator, { kind: 'delete', address: 'g', children: 'delete' });
    await publishReviewedDraft(database.db, domainId, await revision(), operator);
    const rolled = await rollbackTo(database.db, domainId, old!.number, await revision(), operator);
    expect(rolled.version).toMatchObject({ number: old!.number + 2, rolledBackFrom: old!.number });
    expect(await findPublishedJson(database.db, 'buddies.test')).toBe(oldJson);
    expect(toSpecJson(rolled.draft.items)).toBe(oldJson);
    const view = await loadDraftView(database.db, (await findDomain(database.db, 'buddies.test'))!);
    expect(view.published?.number).toBe(rolled.version.number);
  });
});
