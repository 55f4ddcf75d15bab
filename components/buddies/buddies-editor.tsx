'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useDeferredValue, useEffect, useMemo, useState } from 'react';
import type { DraftView } from '@/server/buddies/draft';
import type { DraftOp } from '@/lib/buddies/draft-ops';
import type { NodeFieldName, NodeFields, PublishFlag } from '@/lib/buddies/node-fields';
import { hiddenReasons } from '@/lib/buddies/preview';
import type { BuddyItem } from '@/lib/buddies/spec-json';
import { useCan } from '../operator';
import { BuddiesTree } from './buddies-tree';
import { DeleteGroupDialog, ImportDialog, PublishDialog, UnsavedChangesDialog } from './dialogs';
import { fieldLabels, NodePanel, panelState } from './node-panel';
import { Previews } from './previews';
import { ReadOnlyNote } from './read-only-note';
import { freeAddress, parentMap } from './tree-rows';
import { exportUrl, useDraft, useDraftEditor, type DraftEditor } from './use-draft';
import './buddies.css';

/** The buddies page: toolbar, tree, side panel, previews, and the dialogs they open. */
export function BuddiesEditor({ domain }: { domain: string }) {
  const { error } = useDraft(domain);
  const editor = useDraftEditor(domain);
  const { draft } = editor;
  if (error) return <div className="banner error">{error.message}</div>;
  if (!draft) return <p className="muted">Loading the draft…</p>;
  return <Workspace draft={draft} editor={editor} />;
}

type Dialog =
  { kind: 'publish' } | { kind: 'import' } | { kind: 'deleteGroup'; item: BuddyItem } | { kind: 'unsaved'; proceed: () => void } | null;

function newNode(type: 'group' | 'channel', address: string): BuddyItem {
  return {
    address,
    serverAddress: null,
    type,
    mobileIsPublished: false,
    webIsPublished: false,
    info: { name: type === 'group' ? 'New group' : 'New channel', status: '', imageUrl: '', thumbUrl: '', defaultMessage: '' },
    items: [],
  };
}

function findItem(items: BuddyItem[], address: string): BuddyItem | undefined {
  for (const item of items) {
    if (item.address === address) return item;
    const inside = findItem(item.items, address);
    if (inside) return inside;
  }
  return undefined;
}

function Workspace({ draft, editor }: { draft: DraftView; editor: DraftEditor }) {
  const [selected, setSelected] = useState<string | null>(null);
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const [dialog, setDialog] = useState<Dialog>(null);
  const parents = useMemo(() => parentMap(draft.items), [draft.items]);
  // The previews (and the DESC JSON of a big tree) redraw after the tree, so a drop shows at once.
  const previewItems = useDeferredValue(draft.items);
  const hidden = useMemo(() => ({ mobile: hiddenReasons(draft.items, 'mobile'), web: hiddenReasons(draft.items, 'web') }), [draft.items]);
  const hiddenHints = (address: string) =>
    [hidden.web.get(address), hidden.mobile.get(address)].filter((hint): hint is string => Boolean(hint));
  const selectedItem = selected ? findItem(draft.items, selected) : undefined;
  const liveChecked = [...checked].filter((address) => parents.has(address));
  const { apply, undo, redo } = editor;
  const nameOf = (item: BuddyItem) => item.info.name || item.address;

  // The side panel's typed changes: saved, or the operator asked, before anything drops them.
  const [panelEdits, setPanelEdits] = useState<Partial<NodeFields>>({});
  const takenAddresses = useMemo(
    () => new Set([...parents.keys()].filter((address) => address !== selectedItem?.address)),
    [parents, selectedItem?.address],
  );
  const panel = selectedItem ? panelState(selectedItem, panelEdits, takenAddresses) : undefined;
  const unsaved = panel ? (Object.keys(panel.changed) as NodeFieldName[]) : [];
  const savePanel = (fields: Partial<NodeFields>) => {
    if (!selectedItem) return;
    apply({ kind: 'update', address: selectedItem.address, fields }, `Edited ${nameOf(selectedItem)}`);
    setPanelEdits({});
    if (fields.address) setSelected(fields.address);
  };
  const unlessUnsaved = useCallback(
    (proceed: () => void) => (unsaved.length > 0 ? setDialog({ kind: 'unsaved', proceed }) : proceed()),
    [unsaved.length],
  );
  const select = (address: string | null) => {
    if (address !== selected)
      unlessUnsaved(() => {
        setPanelEdits({});
        setSelected(address);
      });
  };
  const router = useRouter();
  useEffect(() => {
    if (unsaved.length === 0) return;
    // Links inside the console navigate without unloading the page: ask first.
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
      if (!(link instanceof HTMLAnchorElement) || link.hasAttribute('download') || (link.target && link.target !== '_self')) return;
      const url = new URL(link.href);
      if (url.origin !== window.location.origin) return;
      event.preventDefault();
      event.stopPropagation();
      unlessUnsaved(() => router.push(`${url.pathname}${url.search}${url.hash}`));
    };
    window.addEventListener('click', onClick, true);
    return () => window.removeEventListener('click', onClick, true);
  }, [unsaved.length, unlessUnsaved, router]);
  const leavingLoses = unsaved.length > 0 || editor.pendingSaves > 0;
  useEffect(() => {
    if (!leavingLoses) return;
    // Leaving the page (reload, another site, closing the tab) would drop typed changes or queued saves.
    const onBeforeUnload = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [leavingLoses]);
  const readOnly = !useCan('editor');

  useEffect(() => {
    if (readOnly) return;
    const onKey = (event: KeyboardEvent) => {
      const typing = event.target instanceof HTMLElement && event.target.closest('input, textarea, select, [contenteditable]');
      if (typing || !(event.ctrlKey || event.metaKey) || (event.key.toLowerCase() !== 'z' && event.key.toLowerCase() !== 'y')) return;
      event.preventDefault();
      if (event.key.toLowerCase() === 'y' || event.shiftKey) redo();
      else undo();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [undo, redo, readOnly]);

  const add = (type: 'group' | 'channel') => {
    const item = newNode(type, freeAddress(parents, type));
    let parent: string | null = null;
    let index = draft.items.length;
    if (selectedItem?.type === 'group') {
      parent = selectedItem.address;
      index = selectedItem.items.length;
    } else if (selectedItem) {
      parent = parents.get(selectedItem.address) ?? null;
      const siblings = parent === null ? draft.items : (findItem(draft.items, parent)?.items ?? []);
      index = siblings.indexOf(selectedItem) + 1;
    }
    apply({ kind: 'create', parent, index, item }, `Added ${item.info.name}`);
    setPanelEdits({});
    setSelected(item.address);
  };
  const remove = (address: string) => {
    const item = findItem(draft.items, address);
    if (!item) return;
    if (item.type === 'group' && item.items.length > 0) return setDialog({ kind: 'deleteGroup', item });
    apply({ kind: 'delete', address, children: 'delete' }, `Deleted ${nameOf(item)}`);
    setSelected(null);
  };
  const bulk = (flag: PublishFlag, value: boolean) =>
    apply(
      { kind: 'setFlag', addresses: liveChecked, flag, value } satisfies DraftOp,
      `${value ? 'Published' : 'Hid'} ${liveChecked.length} nodes on ${flag === 'webIsPublished' ? 'web' : 'mobile'}`,
    );

  return (
    <>
      <div className="row bt-heading">
        <h1 className="page-title">Buddies</h1>
        <span className="muted bt-live">
          {draft.published
            ? `Clients receive version ${draft.published.number} (published by ${draft.published.publishedBy}, ${new Date(draft.published.publishedAt).toLocaleString()})`
            : 'Nothing published yet'}
        </span>
      </div>
      {readOnly && <ReadOnlyNote />}
      <div className="row bt-toolbar" role="toolbar" aria-label="Draft actions">
        {!readOnly && (
          <>
            <button type="button" onClick={() => unlessUnsaved(() => add('group'))}>
              + Group
            </button>
            <button type="button" onClick={() => unlessUnsaved(() => add('channel'))}>
              + Channel
            </button>
            <span className="bt-sep" />
            <button
              type="button"
              onClick={undo}
              disabled={!editor.undoLabel}
              title={editor.undoLabel ? `Undo: ${editor.undoLabel}` : undefined}
            >
              Undo
            </button>
            <button
              type="button"
              onClick={redo}
              disabled={!editor.redoLabel}
              title={editor.redoLabel ? `Redo: ${editor.redoLabel}` : undefined}
            >
              Redo
            </button>
            <span className="bt-sep" />
            <button type="button" onClick={() => unlessUnsaved(() => setDialog({ kind: 'import' }))}>
              Import…
            </button>
          </>
        )}
        <a className="bt-button-link" href={exportUrl(draft.domain, 'draft')} download>
          Export draft
        </a>
        <Link className="bt-button-link" href={`/buddies/history?domain=${encodeURIComponent(draft.domain)}`}>
          History
        </Link>
        <span className="bt-spacer" />
        {!readOnly && (
          <>
            <span className="muted" aria-live="polite">
              {editor.saving ? 'Saving…' : editor.error ? 'Your last change was not saved' : 'All changes saved to the draft'}
            </span>
            <button type="button" className="primary" onClick={() => setDialog({ kind: 'publish' })}>
              Publish…
            </button>
          </>
        )}
      </div>
      {editor.error && (
        <div className="banner error row" role="alert">
          <span>{editor.error}</span>
          <span className="bt-spacer" />
          <button type="button" onClick={editor.clearError}>
            Dismiss
          </button>
        </div>
      )}
      {liveChecked.length > 0 && (
        <div className="row bt-bulk" role="toolbar" aria-label="Selected nodes">
          <strong>{liveChecked.length} selected</strong>
          <button type="button" onClick={() => bulk('mobileIsPublished', true)}>
            Publish on mobile
          </button>
          <button type="button" onClick={() => bulk('mobileIsPublished', false)}>
            Hide on mobile
          </button>
          <button type="button" onClick={() => bulk('webIsPublished', true)}>
            Publish on web
          </button>
          <button type="button" onClick={() => bulk('webIsPublished', false)}>
            Hide on web
          </button>
          <span className="bt-spacer" />
          <button type="button" onClick={() => setChecked(new Set())}>
            Clear selection
          </button>
        </div>
      )}
      <div className="bt-workspace">
        <div className="card bt-tree-card">
          <BuddiesTree
            items={draft.items}
            selected={selected}
            checked={checked}
            hiddenHints={hiddenHints}
            onSelect={select}
            onCheck={(address, on) =>
              setChecked((current) => {
                const next = new Set(current);
                if (on) next.add(address);
                else next.delete(address);
                return next;
              })
            }
            onApply={apply}
            onDelete={remove}
            announce={editor.announce}
            readOnly={readOnly}
          />
        </div>
        {selectedItem ? (
          <NodePanel
            item={selectedItem}
            takenAddresses={takenAddresses}
            hiddenHints={hiddenHints(selectedItem.address)}
            edits={panelEdits}
            onEdit={setPanelEdits}
            onSave={savePanel}
            onDuplicate={() => apply({ kind: 'duplicate', address: selectedItem.address }, `Duplicated ${nameOf(selectedItem)}`)}
            onDelete={() => remove(selectedItem.address)}
            readOnly={readOnly}
          />
        ) : (
          <div className="card bt-panel muted">
            {readOnly ? (
              'Select a node to see all its fields.'
            ) : (
              <>
                Select a node to edit it. Drag rows to reorder or nest them (or press space on a row&apos;s handle and use the arrows);
                Alt+arrows move the selected row; Ctrl+Z undoes.
              </>
            )}
          </div>
        )}
      </div>
      <Previews items={previewItems} />
      <div className="bt-sr-only" aria-live="polite" role="status">
        {editor.announcement}
      </div>
      {dialog?.kind === 'publish' && <PublishDialog draft={draft} editor={editor} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'import' && (
        <ImportDialog
          onClose={() => setDialog(null)}
          onImport={(json) => {
            apply({ kind: 'import', json }, 'Imported a buddies JSON');
            setDialog(null);
            setSelected(null);
          }}
        />
      )}
      {dialog?.kind === 'unsaved' && selectedItem && panel && (
        <UnsavedChangesDialog
          name={nameOf(selectedItem)}
          fields={unsaved.map((name) => fieldLabels[name])}
          canSave={panel.valid}
          onClose={() => setDialog(null)}
          onDiscard={() => {
            setPanelEdits({});
            setDialog(null);
            dialog.proceed();
          }}
          onSave={() => {
            savePanel(panel.changed);
            setDialog(null);
            dialog.proceed();
          }}
        />
      )}
      {dialog?.kind === 'deleteGroup' && (
        <DeleteGroupDialog
          name={nameOf(dialog.item)}
          count={dialog.item.items.length}
          onClose={() => setDialog(null)}
          onDelete={(children) => {
            apply({ kind: 'delete', address: dialog.item.address, children }, `Deleted ${nameOf(dialog.item)}`);
            setDialog(null);
            setSelected(null);
          }}
        />
      )}
    </>
  );
}
