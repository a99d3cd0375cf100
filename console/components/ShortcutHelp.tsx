import { shortcutHelp } from '../keymap';
import { Dialog } from './Dialog';

export function ShortcutHelp({ onClose }: { onClose: () => void }) {
  return (
    <Dialog id="help-title" title="Keyboard shortcuts" onClose={onClose}>
      <dl class="keys">
        {shortcutHelp.map((entry) => (
          <div class="keys__row" key={entry.keys}>
            <dt>
              <kbd>{entry.keys}</kbd>
            </dt>
            <dd>{entry.does}</dd>
          </div>
        ))}
      </dl>
      <p class="dialog__hint">Alt shortcuts also work while typing; the others never fire inside a text field.</p>
    </Dialog>
  );
}
