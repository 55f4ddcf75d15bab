'use client';

import { useEffect, useId, useRef, type ReactNode } from 'react';

/** A modal dialog: focus moves in, Escape closes. */
export function Modal({ title, onClose, children, wide }: { title: string; onClose(): void; children: ReactNode; wide?: boolean }) {
  const id = useId();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.querySelector<HTMLElement>('textarea, input, button.primary, button')?.focus();
  }, []);
  return (
    <div className="bt-backdrop" onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <div
        ref={box}
        role="dialog"
        aria-modal
        aria-labelledby={id}
        className={`card bt-modal ${wide ? 'wide' : ''}`}
        onKeyDown={(event) => event.key === 'Escape' && onClose()}
      >
        <h2 id={id} className="bt-modal-title">
          {title}
        </h2>
        {children}
      </div>
    </div>
  );
}
