'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useReducer, useRef, useState } from 'react';
import type { TreeDiff } from '@/lib/buddies/diff';
import type { DraftView } from '@/server/buddies/draft';
import type { DraftOp } from '@/lib/buddies/draft-ops';
import type { Published, VersionSummary } from '@/server/buddies/versions';
import { apiFetch, ApiClientError } from '../api';
import { EditSession, type SavedEdit } from './edit-session';

/** The draft of one domain (what the server holds), its versions and diffs. */
export const draftKey = (domain: string) => ['buddies', domain, 'draft'] as const;
export const versionsKey = (domain: string) => ['buddies', domain, 'versions'] as const;
const base = (domain: string) => `/api/domains/${encodeURIComponent(domain)}/buddies`;

export function useDraft(domain: string) {
  return useQuery({ queryKey: draftKey(domain), queryFn: () => apiFetch<DraftView>(base(domain)) });
}

export function useVersions(domain: string) {
  return useQuery({ queryKey: versionsKey(domain), queryFn: () => apiFetch<{ versions: VersionSummary[] }>(`${base(domain)}/versions`) });
}

/** `from`/`to`: 'draft', 'empty' or a version number. Keyed by the draft revision so a diff with the draft stays current. */
export function useDiff(domain: string, from: string, to: string, revision: number | undefined) {
  return useQuery({
    queryKey: ['buddies', domain, 'diff', from, to, revision],
    queryFn: () => apiFetch<{ diff: TreeDiff }>(`${base(domain)}/diff?from=${from}&to=${to}`),
  });
}

export const exportUrl = (domain: string, version: 'draft' | number) => `${base(domain)}/export?version=${version}`;

/**
 * The editor's writes. Edits, undo and redo go through an `EditSession` (what the operator sees,
 * the history, the queue of saves); the saves are sent one at a time, in order, each with the
 * revision the previous one produced, and each answer is applied to the query cache (the server's
 * draft) as a patch. Publish and rollback wait for the queued saves and hold the queue while they run.
 */
export function useDraftEditor(domain: string) {
  const client = useQueryClient();
  const key = useMemo(() => draftKey(domain), [domain]);
  const { data: cached } = useDraft(domain);
  const session = useRef<EditSession | null>(null);
  // The cache value this hook wrote last: anything else in the cache came from the server by a read.
  const written = useRef<DraftView | undefined>(undefined);
  const sending = useRef(false);
  const holding = useRef(false);
  const idleWaiters = useRef<Array<() => void>>([]);
  const [, render] = useReducer((count: number) => count + 1, 0);
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');

  if (cached && cached !== written.current) {
    written.current = cached;
    if (!session.current) session.current = new EditSession(cached);
    // A newer draft read from the server while nothing of ours waits: someone else edited it.
    else if (!sending.current && session.current.queue.length === 0 && cached.revision > session.current.revision)
      session.current.replaced(cached);
  }

  const writeCache = useCallback(
    (update: (draft: DraftView) => DraftView) => {
      const current = client.getQueryData<DraftView>(key);
      if (!current) return;
      written.current = update(current);
      client.setQueryData(key, written.current);
    },
    [client, key],
  );

  const takeServerDraft = useCallback(
    (draft: DraftView) => {
      session.current?.replaced(draft);
      written.current = draft;
      client.setQueryData(key, draft);
    },
    [client, key],
  );

  /** A refusal of any write: a conflict brings the fresh draft; anything else is the server's message. */
  const conflictDraft = (failure: unknown) =>
    failure instanceof ApiClientError && failure.status === 409 ? (failure.details as { draft?: DraftView } | undefined)?.draft : undefined;

  const pump = useCallback(async (): Promise<void> => {
    const edits = session.current;
    if (!edits || sending.current || holding.current) return;
    const save = edits.queue[0];
    if (!save) {
      idleWaiters.current.splice(0).forEach((resolve) => resolve());
      return;
    }
    sending.current = true;
    try {
      const answer = await apiFetch<SavedEdit>(`${base(domain)}/ops`, { method: 'POST', json: { revision: edits.revision, op: save.op } });
      edits.saved(answer);
      writeCache((draft) => ({ ...draft, revision: edits.revision, items: edits.confirmed }));
    } catch (failure) {
      const fresh = conflictDraft(failure);
      if (fresh) takeServerDraft(fresh);
      const dropped = fresh ? [] : edits.refused();
      const message = failure instanceof Error ? failure.message : String(failure);
      const what =
        save.direction === 'do'
          ? `"${save.label}" was not saved`
          : `${save.direction === 'undo' ? 'Undoing' : 'Redoing'} "${save.label}" was not saved`;
      setError(
        fresh
          ? message
          : `${what}: ${message}${dropped.length ? ` Not saved either, as they depended on it: ${dropped.map((label) => `"${label}"`).join(', ')}.` : ''}`,
      );
    } finally {
      sending.current = false;
      render();
    }
    return pump();
  }, [domain, takeServerDraft, writeCache]);

  /** Runs `task` once every queued save is answered, with the queue held until it ends. */
  const afterSaves = useCallback(
    async <T>(task: () => Promise<T>): Promise<T> => {
      if (sending.current || (session.current?.queue.length ?? 0) > 0)
        await new Promise<void>((resolve) => idleWaiters.current.push(resolve));
      holding.current = true;
      try {
        return await task();
      } finally {
        holding.current = false;
        void pump();
      }
    },
    [pump],
  );

  const publish = useMutation({
    mutationFn: () =>
      afterSaves(() =>
        apiFetch<Published>(`${base(domain)}/publish`, { method: 'POST', json: { revision: session.current?.revision ?? 0 } }),
      ),
    onMutate: () => setError(null),
    onError: (failure) => {
      const fresh = conflictDraft(failure);
      if (fresh) takeServerDraft(fresh);
      setError(failure instanceof Error ? failure.message : String(failure));
    },
    onSuccess: (result) => {
      // Publishing does not change the draft: at the same revision, keep the tree on screen and take
      // only the new live version, so that a big tree and its previews are not redrawn from a copy.
      if (result.draft.revision === session.current?.revision) writeCache((draft) => ({ ...draft, published: result.draft.published }));
      else takeServerDraft(result.draft);
      void client.invalidateQueries({ queryKey: versionsKey(domain) });
      setAnnouncement(`Published version ${result.version.number}`);
    },
  });

  const rollback = useMutation({
    mutationFn: (number: number) =>
      afterSaves(() =>
        apiFetch<Published>(`${base(domain)}/versions/${number}/rollback`, {
          method: 'POST',
          json: { revision: session.current?.revision ?? 0 },
        }),
      ),
    onMutate: () => setError(null),
    onError: (failure) => {
      const fresh = conflictDraft(failure);
      if (fresh) takeServerDraft(fresh);
      setError(failure instanceof Error ? failure.message : String(failure));
    },
    onSuccess: (result) => {
      takeServerDraft(result.draft);
      void client.invalidateQueries({ queryKey: versionsKey(domain) });
      setAnnouncement(`Version ${result.version.rolledBackFrom} published again as version ${result.version.number}`);
    },
  });

  const apply = useCallback(
    (op: DraftOp, label: string) => {
      const refusal = session.current?.edit(op, label);
      if (refusal) setError(refusal);
      else {
        setError(null);
        setAnnouncement(label);
        void pump();
      }
      render();
    },
    [pump],
  );

  const step = useCallback(
    (direction: 'undo' | 'redo') => {
      const done = session.current?.[direction]();
      if (!done) return;
      const verb = direction === 'undo' ? 'Undone' : 'Redone';
      if (done.error) setError(`"${done.label}" cannot be ${verb.toLowerCase()}: ${done.error}`);
      else {
        setError(null);
        setAnnouncement(`${verb}: ${done.label}`);
        void pump();
      }
      render();
    },
    [pump],
  );
  const undo = useCallback(() => step('undo'), [step]);
  const redo = useCallback(() => step('redo'), [step]);

  const edits = session.current;
  const pendingSaves = edits?.queue.length ?? 0;
  return {
    /** The draft as the operator sees it: the server's, with the edits still being saved applied. */
    draft: cached && edits ? { ...cached, revision: edits.revision, items: edits.shown } : cached,
    apply,
    undo,
    redo,
    undoLabel: edits?.undoLabel,
    redoLabel: edits?.redoLabel,
    publish,
    rollback,
    /** Edits made but not yet confirmed by the server. */
    pendingSaves,
    saving: pendingSaves > 0 || publish.isPending || rollback.isPending,
    error,
    clearError: () => setError(null),
    announcement,
    announce: setAnnouncement,
  };
}

export type DraftEditor = ReturnType<typeof useDraftEditor>;
