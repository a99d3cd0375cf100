import { useState } from 'preact/hooks';
import type { Controller } from '../controller';
import { Dialog } from './Dialog';

/** For everyone: change my password (other sessions end), or sign out on every device. */
export function AccountDialog({ controller, onClose }: { controller: Controller; onClose: () => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const change = async () => {
    setBusy(true);
    const error = await controller.changePassword(current, next);
    setBusy(false);
    if (error !== null) {
      setMessage({ ok: false, text: error });
      return;
    }
    setCurrent('');
    setNext('');
    setMessage({ ok: true, text: 'Password changed. Your other sessions were signed out.' });
  };

  const everywhere = async () => {
    const error = await controller.signOutEverywhere();
    if (error !== null) setMessage({ ok: false, text: error });
  };

  return (
    <Dialog id="account-title" title="My account" onClose={onClose}>
      <form
        class="form"
        onSubmit={(event) => {
          event.preventDefault();
          void change();
        }}
      >
        <h3 class="form__title">Change password</h3>
        <label class="field">
          <span class="field__label">Current password</span>
          <input
            class="input"
            type="password"
            autoComplete="current-password"
            required
            value={current}
            onInput={(event) => setCurrent(event.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span class="field__label">New password</span>
          <input
            class="input"
            type="password"
            autoComplete="new-password"
            required
            value={next}
            onInput={(event) => setNext(event.currentTarget.value)}
          />
        </label>
        {message !== null && (
          <p class={message.ok ? 'form__ok' : 'form__error'} role={message.ok ? 'status' : 'alert'}>
            {message.text}
          </p>
        )}
        <div class="form__actions">
          <button type="submit" class="button button--primary" disabled={busy}>
            Change password
          </button>
        </div>
      </form>
      <div class="form">
        <h3 class="form__title">Sessions</h3>
        <p class="dialog__hint">Signs you out on every device, this one included.</p>
        <div class="form__actions">
          <button type="button" class="button button--secondary" onClick={() => void everywhere()}>
            Sign out everywhere
          </button>
        </div>
      </div>
    </Dialog>
  );
}
