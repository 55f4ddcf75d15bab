'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import type { TreeDiff } from '@/server/buddies/diff';
import type { DraftView } from '@/server/buddies/draft';
import { applyOp, type DraftOp } from '@/server/buddies/draft-ops';
import type { Published, VersionSummary } from '@/server/buddies/versions';
import { apiFetch, ApiClientError } from '../api';

/**
 * The draft of one domain and every write to it. Writes run one after another (a mutation scope),
 * each sending the newest revision the server confirmed; the screen changes at once (optimistic) and
 * goes back to the server's truth if the write is refused. Undo and redo send the inverse operation
 * the server computed for each edit.
 */
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

interface HistoryEntry {
  label: string;
  forward: DraftOp;
  backward: DraftOp;
}
type Direction = 'do' | 'undo' | 'redo';
interface EditRequest {
  op: DraftOp;
  label: string;
  direction: Direction;
  entry?: HistoryEntry;
}
interface Edited {
  draft: DraftView;
  inverse: DraftOp;
}

const historyLimit = 50;

export function useDraftEditor(domain: string) {
  const client = useQueryClient();
  const key = draftKey(domain);
  const scope = { id: `buddies-draft-${domain}` };
  const [error, setError] = useState<string | null>(null);
  const [undoStack, setUndoStack] = useState<HistoryEntry[]>([]);
  const [redoStack, setRedoStack] = useState<HistoryEntry[]>([]);
  const [announcement, setAnnouncement] = useState('');
  // The newest revision the server confirmed. Revisions only grow, so a late read cannot lower it.
  const confirmed = useRef(0);
  const current = client.getQueryData<DraftView>(key);
  if (current && current.revision > confirmed.current) confirmed.current = current.revision;

  const acceptServerDraft = useCallback(
    (draft: DraftView, settle: boolean) => {
      confirmed.current = Math.max(confirmed.current, draft.revision);
      // While more of this operator's edits wait in the queue, keep showing them.
      if (settle) client.setQueryData(key, draft);
    },
    [client, key],
  );

  const failed = useCallback(
    (failure: unknown, previous: DraftView | undefined) => {
      const conflict = failure instanceof ApiClientError && failure.status === 409 ? (failure.details as { draft?: DraftView }) : undefined;
      if (conflict?.draft) {
        acceptServerDraft(conflict.draft, true);
        // The undo history was computed against a draft that no longer exists.
        setUndoStack([]);
        setRedoStack([]);
      } else {
        if (previous) client.setQueryData(key, previous);
        void client.invalidateQueries({ queryKey: key });
      }
      setError(failure instanceof Error ? failure.message : String(failure));
    },
    [acceptServerDraft, client, key],
  );

  const edit = useMutation({
    scope,
    mutationFn: ({ op }: EditRequest) =>
      apiFetch<Edited>(`${base(domain)}/ops`, { method: 'POST', json: { revision: confirmed.current, op } }),
    onMutate: async ({ op }) => {
      setError(null);
      await client.cancelQueries({ queryKey: key });
      const previous = client.getQueryData<DraftView>(key);
      if (previous) {
        const result = applyOp(previous.items, op);
        if (result.ok) client.setQueryData(key, { ...previous, items: result.items });
      }
      return { previous };
    },
    onError: (failure, request, context) => {
      failed(failure, context?.previous);
      if (request.entry && !(failure instanceof ApiClientError && failure.status === 409)) {
        // Put the entry back so that the operator can try again.
        (request.direction === 'undo' ? setUndoStack : setRedoStack)((stack) => [...stack, request.entry!]);
      }
    },
    onSuccess: (result, { op, label, direction, entry }) => {
      acceptServerDraft(result.draft, client.isMutating({ predicate: (m) => m.options.scope?.id === scope.id }) <= 1);
      if (direction === 'do') {
        setUndoStack((stack) => [...stack.slice(-historyLimit + 1), { label, forward: op, backward: result.inverse }]);
        setRedoStack([]);
      } else if (direction === 'undo') {
        setRedoStack((stack) => [...stack, { label, forward: result.inverse, backward: entry!.backward }]);
      } else {
        setUndoStack((stack) => [...stack, { label, forward: entry!.forward, backward: result.inverse }]);
      }
      setAnnouncement(direction === 'do' ? label : `${direction === 'undo' ? 'Undone' : 'Redone'}: ${label}`);
    },
  });

  const publish = useMutation({
    scope,
    mutationFn: () => apiFetch<Published>(`${base(domain)}/publish`, { method: 'POST', json: { revision: confirmed.current } }),
    onMutate: () => setError(null),
    onError: (failure) => failed(failure, undefined),
    onSuccess: (result) => {
      // Publishing does not change the draft: at the same revision, keep the tree on screen and take
      // only the new live version, so that a big tree and its previews are not redrawn from a copy.
      const shown = client.getQueryData<DraftView>(key);
      if (shown?.revision === result.draft.revision) client.setQueryData(key, { ...shown, published: result.draft.published });
      else acceptServerDraft(result.draft, true);
      void client.invalidateQueries({ queryKey: versionsKey(domain) });
      setAnnouncement(`Published version ${result.version.number}`);
    },
  });

  const rollback = useMutation({
    scope,
    mutationFn: (number: number) =>
      apiFetch<Published>(`${base(domain)}/versions/${number}/rollback`, { method: 'POST', json: { revision: confirmed.current } }),
    onMutate: () => setError(null),
    onError: (failure) => failed(failure, undefined),
    onSuccess: (result) => {
      acceptServerDraft(result.draft, true);
      setUndoStack([]);
      setRedoStack([]);
      void client.invalidateQueries({ queryKey: versionsKey(domain) });
      setAnnouncement(`Version ${result.version.rolledBackFrom} published again as version ${result.version.number}`);
    },
  });

  const apply = useCallback((op: DraftOp, label: string) => edit.mutate({ op, label, direction: 'do' }), [edit]);
  const undo = useCallback(() => {
    const entry = undoStack.at(-1);
    if (!entry) return;
    setUndoStack((stack) => stack.slice(0, -1));
    edit.mutate({ op: entry.backward, label: entry.label, direction: 'undo', entry });
  }, [edit, undoStack]);
  const redo = useCallback(() => {
    const entry = redoStack.at(-1);
    if (!entry) return;
    setRedoStack((stack) => stack.slice(0, -1));
    edit.mutate({ op: entry.forward, label: entry.label, direction: 'redo', entry });
  }, [edit, redoStack]);

  return {
    apply,
    undo,
    redo,
    undoLabel: undoStack.at(-1)?.label,
    redoLabel: redoStack.at(-1)?.label,
    publish,
    rollback,
    saving: edit.isPending || publish.isPending || rollback.isPending,
    error,
    clearError: () => setError(null),
    announcement,
    announce: setAnnouncement,
  };
}

export type DraftEditor = ReturnType<typeof useDraftEditor>;
