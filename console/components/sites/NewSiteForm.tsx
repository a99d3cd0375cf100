import { useState } from 'preact/hooks';
import type { Controller } from '../../controller';
import { fieldOfFailure, messageForField, parseOrigins } from '../../siteForm';
import type { Failure } from '../../sitesApi';
import { Field } from './fields';

export const OriginsHint = 'One per line, scheme and port included, like https://www.example.com or http://localhost:8080.';

/** Name and allowed origins; the server generates the key and checks the origins. */
export function NewSiteForm({ controller, onCreated, onCancel }: { controller: Controller; onCreated: (key: string) => void; onCancel: () => void }) {
  const [name, setName] = useState('');
  const [origins, setOrigins] = useState('');
  const [failure, setFailure] = useState<Failure | null>(null);
  const [busy, setBusy] = useState(false);
  const field = failure === null ? null : fieldOfFailure(failure);
  const errorFor = (which: 'name' | 'allowedOrigins') => (failure !== null && field === which ? messageForField(failure) : null);

  const submit = async () => {
    if (busy) return;
    setBusy(true);
    const result = await controller.createSite({ name: name.trim(), allowedOrigins: parseOrigins(origins) });
    setBusy(false);
    if (result.ok) onCreated(result.value.key);
    else {
      setFailure(result.failure);
      const where = fieldOfFailure(result.failure);
      document.getElementById(where === 'allowedOrigins' ? 'new-site-origins' : where === 'name' ? 'new-site-name' : '')?.focus();
    }
  };

  return (
    <form
      class="form sites__form"
      noValidate
      aria-busy={busy}
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <Field id="new-site-name" label="Site name" hint="Shown in the console; visitors see it unless you set a team name." error={errorFor('name')}>
        {(a11y) => (
          <input
            {...a11y}
            class="input"
            autoComplete="off"
            required
            maxLength={100}
            value={name}
            onInput={(event) => {
              setName(event.currentTarget.value);
              if (field === 'name') setFailure(null);
            }}
          />
        )}
      </Field>
      <Field id="new-site-origins" label="Allowed origins" hint={OriginsHint} error={errorFor('allowedOrigins')}>
        {(a11y) => (
          <textarea
            {...a11y}
            class="input sites__origins"
            rows={4}
            spellcheck={false}
            autoComplete="off"
            value={origins}
            onInput={(event) => {
              setOrigins(event.currentTarget.value);
              if (field === 'allowedOrigins') setFailure(null);
            }}
          />
        )}
      </Field>
      {failure !== null && field === null && (
        <p class="form__error" role="alert">
          {failure.message}
        </p>
      )}
      <div class="form__actions">
        <button type="button" class="button button--secondary" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" class="button button--primary" aria-disabled={busy}>
          Create site
        </button>
      </div>
    </form>
  );
}
