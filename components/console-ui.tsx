'use client';

import type { CSSProperties, ReactNode } from 'react';
import { errorMessage, fieldErrors } from './errors';
import './console-pages.css';

/** One banner per failed query or mutation, with the server's own sentence. */
export function ErrorBanners({ errors }: { errors: { isError: boolean; error: unknown }[] }) {
  return errors.map((state, index) =>
    state.isError ? (
      <div key={index} className="banner error" role="alert">
        {errorMessage(state.error)}
      </div>
    ) : null,
  );
}

/** A form's refusal that is not about one field (those are shown next to their field). */
export function FormError({ error }: { error: unknown }) {
  if (!error || Object.keys(fieldErrors(error)).length > 0) return null;
  return (
    <div className="banner error" role="alert">
      {errorMessage(error)}
    </div>
  );
}

export function FormActions({ submitLabel, busy, onCancel }: { submitLabel: string; busy: boolean; onCancel(): void }) {
  return (
    <div className="actions" style={{ marginTop: 12 }}>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
      <button type="submit" className="primary" disabled={busy}>
        {submitLabel}
      </button>
    </div>
  );
}

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="toolbar">
      <h1 className="page-title" style={{ margin: 0, flex: 1 }}>
        {title}
      </h1>
      {children}
    </div>
  );
}

export function EditDeleteActions({ onEdit, onDelete, busy }: { onEdit(): void; onDelete(): void; busy?: boolean }) {
  return (
    <td>
      <div className="actions">
        <button type="button" onClick={onEdit}>
          Edit
        </button>
        <button type="button" className="danger" onClick={onDelete} disabled={busy}>
          Delete
        </button>
      </div>
    </td>
  );
}

/** A column heading; numbers are right-aligned. '' heads a column of row actions. */
export type Column = string | { label: string; numeric: true };

/** The console's table: a card holding a labelled table, its headings, and `children` as the rows. */
export function DataTable({
  label,
  columns,
  children,
  className,
}: {
  label: string;
  columns: Column[];
  children: ReactNode;
  className?: string;
}) {
  return (
    <div className={className ? `card ${className}` : 'card'} style={{ padding: 0, overflowX: 'auto' }}>
      <table aria-label={label}>
        {columns.length > 0 && (
          <thead>
            <tr>
              {columns.map((column, index) =>
                typeof column === 'string' ? (
                  <th key={index}>{column}</th>
                ) : (
                  <th key={index} className="number">
                    {column.label}
                  </th>
                ),
              )}
            </tr>
          </thead>
        )}
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** A labelled control with its error under it, inside the label so that both are read together. */
export function Field({
  label,
  error,
  className,
  style,
  children,
}: {
  label: ReactNode;
  error?: string | undefined;
  className?: string;
  style?: CSSProperties;
  children: ReactNode;
}) {
  return (
    <label className={className ? `field ${className}` : 'field'} style={style}>
      <span>{label}</span>
      {children}
      {error && <div className="field-error">{error}</div>}
    </label>
  );
}
