'use client';

import { useEffect, useId, useRef, type ReactNode } from 'react';
import './console-pages.css';

interface Props {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  onConfirm(): void;
  onCancel(): void;
}

/** Asks before a destructive action; Escape or a click outside cancels. */
export function ConfirmDialog({ title, children, confirmLabel, busy, onConfirm, onCancel }: Props) {
  const titleId = useId();
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  return (
    <div className="dialog-backdrop" onMouseDown={(event) => event.target === event.currentTarget && onCancel()}>
      <div role="dialog" aria-modal aria-labelledby={titleId} className="dialog" onKeyDown={(event) => event.key === 'Escape' && onCancel()}>
        <h2 id={titleId}>{title}</h2>
        <div className="stack">{children}</div>
        <div className="actions" style={{ marginTop: 16 }}>
          <button type="button" ref={cancel} onClick={onCancel}>
            Cancel
          </button>
          <button type="button" className="primary" disabled={busy} onClick={onConfirm}>
            {confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
