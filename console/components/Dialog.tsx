import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

export interface DialogProps {
  /** Unique per dialog: the heading's id, which labels the dialog. */
  id: string;
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  wide?: boolean;
}

const focusable =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A modal dialog: labelled by its heading, focus moves in on open and back where it was on close,
 * Tab cycles inside, Esc and the backdrop close it.
 */
export function Dialog({ id, title, onClose, children, wide = false }: DialogProps) {
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const first = box.current?.querySelector<HTMLElement>('[data-autofocus]') ?? box.current?.querySelector<HTMLElement>(focusable);
    (first ?? box.current)?.focus();
    return () => {
      if (before?.isConnected === true) before.focus();
    };
  }, []);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
      return;
    }
    if (event.key !== 'Tab' || box.current === null) return;
    const items = [...box.current.querySelectorAll<HTMLElement>(focusable)];
    const first = items[0];
    const last = items[items.length - 1];
    if (first === undefined || last === undefined) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  return (
    <div
      class="backdrop"
      onMouseDown={(event) => {
        if (event.target === event.currentTarget) onClose();
      }}
    >
      <div
        class={`dialog${wide ? ' dialog--wide' : ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={id}
        tabIndex={-1}
        ref={box}
        onKeyDown={onKeyDown}
      >
        <div class="dialog__head">
          <h2 class="dialog__title" id={id}>
            {title}
          </h2>
          <button type="button" class="button button--ghost button--small" aria-label="Close dialog" onClick={onClose}>
            ✕
          </button>
        </div>
        <div class="dialog__body">{children}</div>
      </div>
    </div>
  );
}
