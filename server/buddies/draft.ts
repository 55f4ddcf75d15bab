import { Refusal } from '@/lib/refusal';
import { eq } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { domains } from '@/db/schema';
import { recordAudit, type Actor } from '../audit';
import type { Domain } from '../domains';
import type { DraftChanges } from '../../lib/buddies/draft-changes';
import { applyOpInPlace, type DraftOp, type OpResult } from '../../lib/buddies/draft-ops';
import { loadScope, scopeOf, type ScopedTree } from './edit-scope';
import { bumpDraftRevision, latestVersion, loadDraftNodes, nodesToItems } from './repository';
import type { BuddyItem } from '../../lib/buddies/spec-json';
import { writeTree } from './tree-writer';

/** The draft as the editor sees it: the tree, the revision to send back with the next edit, the live version. */
export interface DraftView {
  domain: string;
  revision: number;
  items: BuddyItem[];
  published: { number: number; publishedAt: string; publishedBy: string } | null;
}

export async function loadDraftView(
  db: Db | Tx,
  domain: Pick<Domain, 'id' | 'name' | 'draftRevision'>,
  knownItems?: BuddyItem[],
): Promise<DraftView> {
  const latest = await latestVersion(db, domain.id);
  return {
    domain: domain.name,
    revision: domain.draftRevision,
    items: knownItems ?? nodesToItems(await loadDraftNodes(db, domain.id)),
    published: latest ? { number: latest.number, publishedBy: latest.publishedBy, publishedAt: latest.publishedAt.toISOString() } : null,
  };
}

/**
 * Runs `change` in one transaction on the domain's row, locked, after checking that the editor saw
 * the current revision: two operators never overwrite each other silently. A stale editor gets 409
 * with the fresh draft.
 */
export async function withCurrentDraft<T>(
  db: Db,
  domainId: number,
  seenRevision: number,
  change: (tx: Tx, domain: Domain) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    const [domain] = await tx.select().from(domains).where(eq(domains.id, domainId)).for('update');
    if (!domain) throw new Refusal(404, 'This domain no longer exists.');
    if (domain.draftRevision !== seenRevision) {
      throw new Refusal(
        409,
        'Someone else changed this draft since you loaded it. Your change was not saved; the editor now shows the latest draft.',
        { draft: await loadDraftView(tx, domain) },
      );
    }
    return change(tx, domain);
  });
}

export interface AppliedEdit {
  /** The draft's new revision, to send with the next edit. */
  draft: { domain: string; revision: number };
  /** The operation that undoes this edit, against the draft it produced. */
  inverse: DraftOp;
  /** What the edit changed, for the editor's copy of the draft. */
  changes: DraftChanges;
}

/**
 * Applies one edit, reading and writing only the part of the draft it concerns (`EditScope`), so
 * that it costs the same in a big draft as in a small one. Should the edit reach beyond the part
 * read (reorder a list read only in part), or be refused there, it is judged again on the whole
 * draft: a refusal is never an artefact of reading less.
 */
export async function editDraft(db: Db, domainId: number, seenRevision: number, actor: Actor, op: DraftOp): Promise<AppliedEdit> {
  return withCurrentDraft(db, domainId, seenRevision, async (tx, domain) => {
    const scope = scopeOf(op);
    let tree = await loadScope(tx, domain.id, scope);
    let result = applyWithin(tree, op);
    if (!result?.ok && !scope.everything) {
      tree = await loadScope(tx, domain.id, { ...scope, everything: true });
      result = applyWithin(tree, op);
    }
    if (!result) throw new Error('an edit of the whole draft reported a list read only in part');
    if (!result.ok) throw new Refusal(400, result.message, result.field ? [{ path: result.field, message: result.message }] : undefined);
    const changes = await writeTree(tx, domain.id, tree.rows, result.items, tree);
    const revision = await bumpDraftRevision(tx, domain.id);
    await recordAudit(tx, actor, { domainId: domain.id, objectType: 'buddies.draft', ...result.audit });
    return { draft: { domain: domain.name, revision }, inverse: result.inverse, changes };
  });
}

/** The edit applied to the part read; undefined when it changed a child list read only in part. */
function applyWithin(tree: ScopedTree, op: DraftOp): OpResult | undefined {
  const partLists = new Map<BuddyItem[], BuddyItem[]>();
  const collect = (list: BuddyItem[]) => {
    if (!tree.isComplete(list)) partLists.set(list, [...list]);
    list.forEach((item) => collect(item.items));
  };
  collect(tree.items);
  const result = applyOpInPlace(tree.items, op);
  for (const [list, before] of partLists) if (list.length !== before.length || list.some((item, n) => item !== before[n])) return undefined;
  return result;
}
