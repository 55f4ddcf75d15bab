'use client';

import { useMemo, useState, type ReactNode } from 'react';
import { fieldsOf, validateFields, type FieldErrors, type NodeFieldName, type NodeFields } from '@/server/buddies/node-fields';
import type { BuddyItem } from '@/server/buddies/spec-json';

/**
 * Every field of the spec for the selected node, checked as the operator types (the same rules the
 * server applies), errors beside each field. Saving sends only the fields that changed.
 */
export interface NodePanelProps {
  item: BuddyItem;
  /** Every other address in the domain. */
  takenAddresses: ReadonlySet<string>;
  hiddenHints: string[];
  onSave(fields: Partial<NodeFields>): void;
  onDuplicate(): void;
  onDelete(): void;
  /** A viewer's panel: every field shown, none editable, no actions. */
  readOnly: boolean;
}

export function NodePanel(props: NodePanelProps) {
  // A fresh form whenever the node changes on the server (another edit, undo, a conflict).
  return <NodeForm key={JSON.stringify(fieldsOf(props.item))} {...props} />;
}

function NodeForm({ item, takenAddresses, hiddenHints, onSave, onDuplicate, onDelete, readOnly }: NodePanelProps) {
  const saved = useMemo(() => fieldsOf(item), [item]);
  const [fields, setFields] = useState<NodeFields>(saved);
  const errors: FieldErrors = validateFields(fields, takenAddresses);
  if (fields.type === 'channel' && item.items.length > 0) errors.type = 'A group with nodes inside cannot become a channel: move or delete them first';
  const changed = (Object.keys(fields) as NodeFieldName[]).filter((name) => fields[name] !== saved[name]);
  const valid = Object.keys(errors).length === 0;
  const set = <K extends NodeFieldName>(name: K, value: NodeFields[K]) => setFields((current) => ({ ...current, [name]: value }));

  const text = (name: Exclude<NodeFieldName, 'type' | 'mobileIsPublished' | 'webIsPublished'>, label: string, hint?: string) => (
    <Field name={name} label={label} error={errors[name]} hint={hint}>
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
        if (valid && changed.length > 0) onSave(Object.fromEntries(changed.map((name) => [name, fields[name]])));
      }}
    >
      <div className="row">
        <h2 className="bt-panel-title">{saved.name || saved.address}</h2>
        <span className="badge">{saved.type}</span>
      </div>
      {hiddenHints.map((hint) => (
        <p key={hint} className="bt-hint">{hint}</p>
      ))}
      {text('address', 'Address', 'Unique in the domain; the channel the client talks to.')}
      {text('serverAddress', 'Server address', 'Optional: when set, messages go to it.')}
      <Field name="type" label="Type" error={errors.type}>
        <select id="field-type" disabled={readOnly} value={fields.type} onChange={(event) => set('type', event.target.value as NodeFields['type'])}>
          <option value="channel">channel</option>
          <option value="group">group</option>
        </select>
      </Field>
      {text('name', 'Name')}
      {text('status', 'Status')}
      {text('imageUrl', 'Image URL')}
      {text('thumbUrl', 'Thumb URL')}
      <Field name="defaultMessage" label="Default message" error={errors.defaultMessage}>
        <textarea id="field-defaultMessage" rows={3} readOnly={readOnly} value={fields.defaultMessage} onChange={(event) => set('defaultMessage', event.target.value)} />
      </Field>
      <div className="row bt-checks">
        <label className="row">
          <input type="checkbox" disabled={readOnly} checked={fields.mobileIsPublished} onChange={(event) => set('mobileIsPublished', event.target.checked)} />
          Published on mobile
        </label>
        <label className="row">
          <input type="checkbox" disabled={readOnly} checked={fields.webIsPublished} onChange={(event) => set('webIsPublished', event.target.checked)} />
          Published on web
        </label>
      </div>
      {!readOnly && <div className="row bt-panel-actions">
        <button type="submit" className="primary" disabled={!valid || changed.length === 0}>
          Save changes
        </button>
        <button type="button" disabled={changed.length === 0} onClick={() => setFields(saved)}>
          Revert
        </button>
        <span className="bt-spacer" />
        <button type="button" onClick={onDuplicate}>
          Duplicate
        </button>
        <button type="button" className="danger" onClick={onDelete}>
          Delete
        </button>
      </div>}
    </form>
  );
}

function Field({ name, label, error, hint, children }: { name: string; label: string; error?: string; hint?: string; children: ReactNode }) {
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
