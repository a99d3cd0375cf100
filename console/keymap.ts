/**
 * The console's keyboard shortcuts, as a pure mapping from a key event to a command so it can be
 * tested without a DOM. Alt shortcuts work everywhere, including while typing a reply; the rest
 * never fire inside a text field.
 */

export const Shortcut = {
  Previous: 'previous',
  Next: 'next',
  Accept: 'accept',
  ToggleNote: 'toggle-note',
  Transfer: 'transfer',
  Close: 'close',
  Help: 'help',
} as const;
export type Shortcut = (typeof Shortcut)[keyof typeof Shortcut];

export interface KeyInput {
  key: string;
  /** `KeyboardEvent.code`: Alt+A on a Mac types "å", so letters are matched by physical key. */
  code: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
}

export function shortcutFor(event: KeyInput, inTextField: boolean): Shortcut | null {
  if (event.ctrlKey || event.metaKey) return null;
  if (event.altKey) {
    if (event.shiftKey) return null;
    if (event.key === 'ArrowUp') return Shortcut.Previous;
    if (event.key === 'ArrowDown') return Shortcut.Next;
    switch (event.code) {
      case 'KeyA':
        return Shortcut.Accept;
      case 'KeyN':
        return Shortcut.ToggleNote;
      case 'KeyT':
        return Shortcut.Transfer;
      case 'KeyC':
        return Shortcut.Close;
      default:
        return null;
    }
  }
  if (!inTextField && event.key === '?') return Shortcut.Help;
  return null;
}

/** For the "?" help popover, in the order shown. */
export const shortcutHelp: readonly { keys: string; does: string }[] = [
  { keys: 'Alt + ↑', does: 'Previous conversation in the list' },
  { keys: 'Alt + ↓', does: 'Next conversation in the list' },
  { keys: 'Alt + A', does: 'Accept the open waiting chat' },
  { keys: 'Alt + N', does: 'Switch between reply and internal note' },
  { keys: 'Alt + T', does: 'Transfer the open chat' },
  { keys: 'Alt + C', does: 'Close the open chat' },
  { keys: '?', does: 'Show this help (outside text fields)' },
  { keys: 'Esc', does: 'Close a dialog or the canned replies list' },
];

/** Whether keystrokes on this element are someone typing text. */
export function isTextField(target: { tagName?: string; isContentEditable?: boolean; type?: string } | null): boolean {
  if (target === null) return false;
  if (target.isContentEditable === true) return true;
  const tag = target.tagName?.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag !== 'INPUT') return false;
  const type = (target.type ?? 'text').toLowerCase();
  return !['button', 'checkbox', 'radio', 'submit', 'reset', 'range', 'color', 'file'].includes(type);
}
