'use client';

import type { ReactNode } from 'react';
import { fieldsOf, validateFields, type FieldErrors, type NodeFieldName, type NodeFields } from '@/lib/buddies/node-fields';
import type { BuddyItem } from '@/lib/buddies/spec-json';

/**
 * Every field of the spec for the selected node, checked as the operator types (the same rules the
 * server applies), errors beside each field. Saving sends only the fields that changed.
 * The typed values (`edits`) belong to the editor, not to the form, so that the editor can save them
 * or ask before anything drops them (another row, another page); fields the operator did not touch
 * follow the draft (an undo, a flag toggled in the tree) without losing what was typed.
 */
export interface NodePanelProps {
  item: BuddyItem;
  /** Every other address in the domain. */
  takenAddresses: ReadonlySet<string>;
  hiddenHints: string[];
  edits: Partial<NodeFields>;
  onEdit(edits: Partial<NodeFields>): void;
  onSave(fields: Partial<NodeFields>): void;
  onDuplicate(): void;
  onDelete(): void;
  /** A viewer's panel: every field shown, none editable, no actions. */
  readOnly: boolean;
}

export const fieldLabels: Record<NodeFieldName, string> = {
  address: 'Address',
  serverAddress: 'Server address',
  type: 'Type',
  name: 'Name',
  status: 'Status',
  imageUrl: 'Image URL',
  thumbUrl: 'Thumb URL',
  defaultMessage: 'Default message',
  mobileIsPublished: 'Published on mobile',
  webIsPublished: 'Published on web',
};

export interface PanelState {
  fields: NodeFields;
  errors: FieldErrors;
  /** The fields whose typed value differs from the draft's. */
  changed: Partial<NodeFields>;
  valid: boolean;
}

export function panelState(item: BuddyItem, edits: Partial<NodeFields>, takenAddresses: ReadonlySet<string>): PanelState {
  const saved = fieldsOf(item);
  const fields = { ...saved, ...edits };
  const errors: FieldErrors = validateFields(fields, takenAddresses);
  if (fields.type === 'channel' && item.items.length > 0)
    errors.type = 'A group with nodes inside cannot become a channel: move or delete them first';
  const names = (Object.keys(fields) as NodeFieldName[]).filter((name) => fields[name] !== saved[name]);
  const changed = Object.fromEntries(names.map((name) => [name, fields[name]])) as Partial<NodeFields>;
  return { fields, errors, changed, valid: Object.keys(errors).length === 0 };
}

export function NodePanel({ item, takenAddresses, hiddenHints, edits, onEdit, onSave, onDuplicate, onDelete, readOnly }: NodePanelProps) {
  const saved = fieldsOf(item);
  const { fields, errors, changed, valid } = panelState(item, edits, takenAddresses);
  const dirty = Object.keys(changed).length > 0;
  const set = <K extends NodeFieldName>(name: K, value: NodeFields[K]) => onEdit({ ...edits, [name]: value });

  const text = (name: Exclude<NodeFieldName, 'type' | 'mobileIsPublished' | 'webIsPublished'>, hint?: string) => (
    <Field name={name} label={fieldLabels[name]} error={errors[name]} hint={hint}>
      <input
        id={`field-${name}`}
        value={fields[name] ?? ''}
        readOnly={readOnly}
        aria-invalid={Boolean(errors[name])}
        aria-describedby={errors[name] ? `error-${name}` : undefined}
        onChange={(event) => set(name, event.target.value)}
      />
    </Field>
  );

  return (
    <form
      className="bt-panel card"
      aria-label="Node details"
      onSubmit={(event) => {
        event.preventDefault();
        if (valid && dirty) onSave(changed);
      }}
    >
      <div className="row">
        <h2 className="bt-panel-title">{saved.name || saved.address}</h2>
        <span className="badge">{saved.type}</span>
      </div>
      {hiddenHints.map((hint) => (
        <p key={hint} className="bt-hint">
          {hint}
        </p>
      ))}
      {text('address', 'Unique in the domain; the channel the client talks to.')}
      {text('serverAddress', 'Optional: when set, messages go to it.')}
      <Field name="type" label={fieldLabels.type} error={errors.type}>
        <select
          id="field-type"
          disabled={readOnly}
          value={fields.type}
          onChange={(event) => set('type', event.target.value as NodeFields['type'])}
        >
          <option value="channel">channel</option>
          <option value="group">group</option>
        </select>
      </Field>
      {text('name')}
      {text('status')}
      {text('imageUrl')}
      {text('thumbUrl')}
      <Field name="defaultMessage" label={fieldLabels.defaultMessage} error={errors.defaultMessage}>
        <textarea
          id="field-defaultMessage"
          rows={3}
          readOnly={readOnly}
          value={fields.defaultMessage}
          onChange={(event) => set('defaultMessage', event.target.value)}
        />
      </Field>
      <div className="row bt-checks">
        <label className="row">
          <input
            type="checkbox"
            disabled={readOnly}
            checked={fields.mobileIsPublished}
            onChange={(event) => set('mobileIsPublished', event.target.checked)}
          />
          {fieldLabels.mobileIsPublished}
        </label>
        <label className="row">
          <input
            type="checkbox"
            disabled={readOnly}
            checked={fields.webIsPublished}
            onChange={(event) => set('webIsPublished', event.target.checked)}
          />
          {fieldLabels.webIsPublished}
        </label>
      </div>
      {!readOnly && (
        <div className="row bt-panel-actions">
          <button type="submit" className="primary" disabled={!valid || !dirty}>
            Save changes
          </button>
          <button type="button" disabled={!dirty} onClick={() => onEdit({})}>
            Revert
          </button>
          <span className="bt-spacer" />
          <button type="button" onClick={onDuplicate}>
            Duplicate
          </button>
          <button type="button" className="danger" onClick={onDelete}>
            Delete
          </button>
        </div>
      )}
    </form>
  );
}

function Field({
  name,
  label,
  error,
  hint,
  children,
}: {
  name: string;
  label: string;
  error?: string;
  hint?: string;
  children: ReactNode;
}) {
  return (
    <div className="bt-field">
      <label htmlFor={`field-${name}`}>{label}</label>
      {children}
      {error ? (
        <div className="field-error" id={`error-${name}`} role="alert">
          {error}
        </div>
      ) : (
        hint && <div className="muted bt-field-hint">{hint}</div>
      )}
    </div>
  );
}
