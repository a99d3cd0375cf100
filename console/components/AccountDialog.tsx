import { useState } from 'preact/hooks';
import type { Controller } from '../controller';
import type { Agent } from '../state';
import { Dialog } from './Dialog';

/** For everyone: my display name and avatar (what visitors see), my password (other sessions end), signing out everywhere. */
export function AccountDialog({ controller, agent, onClose }: { controller: Controller; agent: Agent; onClose: () => void }) {
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
      <ProfileForm controller={controller} agent={agent} />
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

/** What visitors see beside my replies: my display name, saved on its own, and my avatar, saved as soon as it is picked. */
function ProfileForm({ controller, agent }: { controller: Controller; agent: Agent }) {
  const [name, setName] = useState(agent.name);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [avatar, setAvatar] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async () => {
    if (busy) return;
    setBusy(true);
    const error = await controller.renameMe(name.trim());
    setBusy(false);
    setMessage(error === null ? { ok: true, text: 'Saved. Visitors see this name from your next message.' } : { ok: false, text: error });
  };

  const upload = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (file === undefined) return;
    setAvatar({ ok: true, text: 'Uploading…' });
    const result = await controller.uploadMyAvatar(file);
    // Emptied either way: picking the same file again (fixed, or after a removal) uploads again.
    input.value = '';
    setAvatar(result.ok ? { ok: true, text: 'Saved. Visitors see it beside your next message.' } : { ok: false, text: result.failure.message });
  };

  const remove = async () => {
    const error = await controller.removeMyAvatar();
    setAvatar(error === null ? { ok: true, text: 'Removed. Your next messages show your name only.' } : { ok: false, text: error });
  };

  const nameProblem = message !== null && !message.ok;
  return (
    <form
      class="form"
      noValidate
      aria-busy={busy}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <h3 class="form__title">Profile</h3>
      <div class="field">
        <label class="field__label" for="account-name">
          Display name
        </label>
        <input
          id="account-name"
          class="input"
          autoComplete="name"
          maxLength={100}
          required
          value={name}
          aria-invalid={nameProblem}
          aria-describedby="account-name-hint"
          onInput={(event) => {
            setName(event.currentTarget.value);
            setMessage(null);
          }}
        />
        <span class={nameProblem ? 'field__error' : message?.ok === true ? 'form__ok' : 'field__hint'} id="account-name-hint" role="status">
          {message?.text ?? 'What visitors see next to your replies.'}
        </span>
      </div>
      <div class="form__actions">
        <button type="submit" class="button button--primary" aria-disabled={busy}>
          Save name
        </button>
      </div>
      <div class="field">
        <label class="field__label" for="account-avatar">
          Your avatar
        </label>
        <div class="account__avatar">
          {/* Always 40 px, picture or not: uploading or removing one moves nothing. */}
          {agent.avatar === undefined ? (
            <span class="account__avatar-img account__avatar-img--none" aria-hidden="true" />
          ) : (
            <img class="account__avatar-img" src={agent.avatar} alt="Your current avatar" width={40} height={40} />
          )}
          <input
            id="account-avatar"
            class="input"
            type="file"
            accept="image/png,image/jpeg,image/webp,image/gif"
            aria-invalid={avatar?.ok === false}
            aria-describedby="account-avatar-hint"
            onChange={(event) => void upload(event.currentTarget)}
          />
          {agent.avatar !== undefined && (
            <button type="button" class="button button--secondary" onClick={() => void remove()}>
              Remove avatar
            </button>
          )}
        </div>
        <span class={avatar?.ok === false ? 'field__error' : avatar === null ? 'field__hint' : 'form__ok'} id="account-avatar-hint" role="status">
          {avatar?.text ?? 'PNG, JPEG, WebP or GIF, up to 256 KB. Visitors see it beside your replies.'}
        </span>
      </div>
    </form>
  );
}
