'use client';

import { useState } from 'react';
import { diffIsEmpty } from '@/lib/buddies/diff';
import { addressesIn } from '@/lib/buddies/draft-ops';
import type { DraftView } from '@/server/buddies/draft';
import { parseSpecJson } from '@/lib/buddies/spec-json';
import { DiffView } from './diff-view';
import { Dialog } from '../dialog';
import { useDiff, type DraftEditor } from './use-draft';

/** The publish dialog: the diff against the live version first, then one click to publish. */
export function PublishDialog({ draft, editor, onClose }: { draft: DraftView; editor: DraftEditor; onClose(): void }) {
  const from = draft.published ? String(draft.published.number) : 'empty';
  const { data, error, isLoading } = useDiff(draft.domain, from, 'draft', draft.revision);
  const next = (draft.published?.number ?? 0) + 1;
  const empty = data ? diffIsEmpty(data.diff) : true;
  const close = () => {
    editor.publish.reset();
    onClose();
  };
  return (
    <Dialog title={`Publish version ${next}`} onClose={close} wide>
      <p className="muted">
        {draft.published
          ? `Changes since version ${draft.published.number}, which clients receive now:`
          : 'Nothing is published yet: everything is new.'}
      </p>
      {isLoading && <p className="muted">Comparing…</p>}
      {error && <div className="banner error">{error.message}</div>}
      {data && <DiffView diff={data.diff} />}
      {/* A refusal (a tree too big for the XMPP server, a conflict) stays in front of the operator. */}
      {editor.publish.error && (
        <div className="banner error" role="alert">
          {editor.publish.error.message}
        </div>
      )}
      <div className="row bt-modal-actions">
        <span className="bt-spacer" />
        <button type="button" onClick={close}>
          Cancel
        </button>
        <button
          type="button"
          className="primary"
          disabled={empty || editor.publish.isPending}
          onClick={() => editor.publish.mutate(undefined, { onSuccess: close })}
        >
          Publish version {next}
        </button>
      </div>
    </Dialog>
  );
}

/** Paste or pick a buddies JSON (JSON5 accepted); it replaces the draft, and the import can be undone. */
export function ImportDialog({ onImport, onClose }: { onImport(json: string): void; onClose(): void }) {
  const [text, setText] = useState('');
  const parsed = text.trim() ? parseSpecJson(text) : null;
  return (
    <Dialog title="Import buddies JSON" onClose={onClose} wide>
      <p className="muted">The spec&apos;s format (the vCard DESC). It replaces the whole draft; Undo brings the old draft back.</p>
      <label htmlFor="import-text">JSON</label>
      <textarea
        id="import-text"
        rows={14}
        className="bt-code"
        value={text}
        onChange={(event) => setText(event.target.value)}
        placeholder='{ "items": [ … ] }'
      />
      <label htmlFor="import-file">Or a file</label>
      <input
        id="import-file"
        type="file"
        accept=".json,.json5,application/json"
        onChange={(event) => void event.target.files?.[0]?.text().then(setText)}
      />
      {parsed && !parsed.ok && (
        <ul className="field-error" role="alert">
          {parsed.errors.slice(0, 8).map((error) => (
            <li key={error}>{error}</li>
          ))}
        </ul>
      )}
      <div className="row bt-modal-actions">
        {parsed?.ok && <span className="muted">{addressesIn(parsed.items).length} nodes ready to import</span>}
        <span className="bt-spacer" />
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="primary" disabled={!parsed?.ok} onClick={() => onImport(text)}>
          Replace the draft
        </button>
      </div>
    </Dialog>
  );
}

/** Deleting a group asks what becomes of the nodes inside it. */
export function DeleteGroupDialog({
  name,
  count,
  onDelete,
  onClose,
}: {
  name: string;
  count: number;
  onDelete(children: 'delete' | 'moveUp'): void;
  onClose(): void;
}) {
  return (
    <Dialog title={`Delete the group "${name}"?`} onClose={onClose}>
      <p>
        It contains {count} {count === 1 ? 'node' : 'nodes'}. What should happen to {count === 1 ? 'it' : 'them'}?
      </p>
      <div className="row bt-modal-actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <span className="bt-spacer" />
        <button type="button" onClick={() => onDelete('moveUp')}>
          Keep them: move up a level
        </button>
        <button type="button" className="primary bt-danger" onClick={() => onDelete('delete')}>
          Delete them too
        </button>
      </div>
    </Dialog>
  );
}

/**
 * The side panel holds typed changes and something is about to drop them (another row, another
 * page): save them, discard them, or stay. Saving is offered only when the changes are valid.
 */
export function UnsavedChangesDialog({
  name,
  fields,
  canSave,
  onSave,
  onDiscard,
  onClose,
}: {
  name: string;
  fields: string[];
  canSave: boolean;
  onSave(): void;
  onDiscard(): void;
  onClose(): void;
}) {
  return (
    <Dialog title={`Save your changes to "${name}"?`} onClose={onClose}>
      <p>
        You changed {fields.join(', ')} and did not save {fields.length === 1 ? 'it' : 'them'}.
        {canSave ? '' : ' Some values are not valid: keep editing to fix them, or discard the changes.'}
      </p>
      <div className="row bt-modal-actions">
        <button type="button" onClick={onClose}>
          Keep editing
        </button>
        <span className="bt-spacer" />
        <button type="button" className="bt-danger" onClick={onDiscard}>
          Discard changes
        </button>
        <button type="button" className="primary" disabled={!canSave} onClick={onSave}>
          Save changes
        </button>
      </div>
    </Dialog>
  );
}
