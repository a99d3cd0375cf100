import { useState } from 'preact/hooks';
import { Limits } from '../../protocol/codes';
import { shortcutProblem } from '../canned';
import type { Controller } from '../controller';
import type { CannedReply } from '../state';
import { Dialog } from './Dialog';

export interface CannedManagerProps {
  canned: readonly CannedReply[] | null;
  controller: Controller;
  onClose: () => void;
}

/** List, add and delete the team's canned replies (any agent). */
export function CannedManager({ canned, controller, onClose }: CannedManagerProps) {
  const [shortcut, setShortcut] = useState('');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const add = async () => {
    const key = shortcut.trim();
    const problem = shortcutProblem(key) ?? (text.trim() === '' ? 'Enter the reply text.' : null);
    if (problem !== null) {
      setError(problem);
      return;
    }
    setBusy(true);
    const failure = await controller.addCanned(key, text.trim());
    setBusy(false);
    setError(failure);
    if (failure === null) {
      setShortcut('');
      setText('');
    }
  };

  const remove = async (reply: CannedReply) => {
    setError(await controller.deleteCanned(reply.id));
  };

  return (
    <Dialog id="canned-title" title="Canned replies" onClose={onClose} wide>
      <p class="dialog__hint">Type / and the shortcut at the start of a reply to insert one.</p>
      {canned === null ? (
        <p class="form__empty">Loading…</p>
      ) : canned.length === 0 ? (
        <p class="form__empty">No canned replies yet.</p>
      ) : (
        <ul class="rows">
          {canned.map((reply) => (
            <li class="rows__item" key={reply.id}>
              <span class="canned__shortcut">/{reply.shortcut}</span>
              <span class="rows__text">{reply.text}</span>
              <button
                type="button"
                class="button button--ghost button--small"
                aria-label={`Delete /${reply.shortcut}`}
                onClick={() => void remove(reply)}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        class="form"
        onSubmit={(event) => {
          event.preventDefault();
          void add();
        }}
      >
        <h3 class="form__title">Add a canned reply</h3>
        <label class="field">
          <span class="field__label">Shortcut</span>
          <input
            class="input"
            value={shortcut}
            maxLength={32}
            pattern="[a-z0-9\-]+"
            aria-describedby="canned-shortcut-hint"
            onInput={(event) => setShortcut(event.currentTarget.value)}
          />
          <span class="field__hint" id="canned-shortcut-hint">
            Lowercase letters, digits and "-", up to 32.
          </span>
        </label>
        <label class="field">
          <span class="field__label">Text</span>
          <textarea class="input" rows={3} maxLength={Limits.messageChars} value={text} onInput={(event) => setText(event.currentTarget.value)} />
        </label>
        {error !== null && (
          <p class="form__error" role="alert">
            {error}
          </p>
        )}
        <div class="form__actions">
          <button type="submit" class="button button--primary" disabled={busy}>
            Add
          </button>
        </div>
      </form>
    </Dialog>
  );
}
