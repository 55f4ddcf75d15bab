'use client';

import { useEffect, useId, useRef, type KeyboardEvent, type ReactNode } from 'react';
import './console-pages.css';

/**
 * The console's one modal dialog: a native <dialog> opened with showModal(), so the browser keeps
 * focus inside it and makes the page behind it inert. Focus moves to the control marked
 * `data-autofocus` (else the first field or button) and returns to where it was on close; Tab wraps
 * around inside it (the browser would let it leave for its own toolbar); Escape and a click on the
 * backdrop close it.
 */
export function Dialog({ title, onClose, children, wide }: { title: string; onClose(): void; children: ReactNode; wide?: boolean }) {
  const titleId = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    const openedFrom = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!element.open) element.showModal();
    (
      element.querySelector<HTMLElement>('[data-autofocus]') ?? element.querySelector<HTMLElement>('textarea, input, select, button')
    )?.focus();
    // The browser may close a dialog on its own (a second Escape): the owner hears it as a close.
    const closedByBrowser = () => close.current();
    element.addEventListener('close', closedByBrowser);
    return () => {
      element.removeEventListener('close', closedByBrowser);
      if (element.open) element.close();
      if (openedFrom?.isConnected) openedFrom.focus();
    };
  }, []);
  return (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      className={`dialog ${wide ? 'wide' : ''}`}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      onKeyDown={wrapTab}
      // A press on the backdrop targets the dialog element too: tell them apart by where it lands.
      onMouseDown={(event) => {
        const box = event.currentTarget.getBoundingClientRect();
        const outside = event.clientX < box.left || event.clientX > box.right || event.clientY < box.top || event.clientY > box.bottom;
        if (event.target !== event.currentTarget || !outside) return;
        // No default action: it would move focus to the page after it was given back to the opener.
        event.preventDefault();
        onClose();
      }}
    >
      <div className="dialog-body">
        <h2 id={titleId}>{title}</h2>
        {children}
      </div>
    </dialog>
  );
}

const tabbable =
  'a[href], button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [tabindex]:not([tabindex="-1"])';

/** Tab on the last control goes to the first, Shift+Tab on the first to the last. */
function wrapTab(event: KeyboardEvent<HTMLDialogElement>) {
  if (event.key !== 'Tab') return;
  const controls = [...event.currentTarget.querySelectorAll<HTMLElement>(tabbable)].filter(
    (control) => control.getClientRects().length > 0,
  );
  const first = controls[0];
  const last = controls[controls.length - 1];
  if (!first || !last) return;
  const leaving = event.shiftKey ? document.activeElement === first : document.activeElement === last;
  if (!leaving) return;
  event.preventDefault();
  (event.shiftKey ? last : first).focus();
}

interface ConfirmProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  busy?: boolean;
  onConfirm(): void;
  onCancel(): void;
}

/** Asks before an action that is hard to take back; Cancel has the focus, so Enter does not confirm by accident. */
export function ConfirmDialog({ title, children, confirmLabel, busy, onConfirm, onCancel }: ConfirmProps) {
  return (
    <Dialog title={title} onClose={onCancel}>
      <div className="stack">{children}</div>
      <div className="actions dialog-actions">
        <button type="button" data-autofocus onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="primary" disabled={busy} onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}
