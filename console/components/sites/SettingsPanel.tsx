import { useEffect, useState } from 'preact/hooks';
import type { Controller } from '../../controller';
import type { SaveSite } from '../../siteForm';
import { fieldOfFailure, messageForField, originsText, parseOrigins } from '../../siteForm';
import type { Failure, SiteInfo } from '../../sitesApi';
import { Dialog } from '../Dialog';
import { Field } from './fields';
import { OriginsHint } from './NewSiteForm';
import { RoutingForm } from './RoutingForm';
import { StaleNotice } from './StaleNotice';

/** Rename, allowed origins, routing, and disabling the site (with a confirmation). */
export function SettingsPanel({ site, controller, saveSite }: { site: SiteInfo; controller: Controller; saveSite: SaveSite }) {
  const [name, setName] = useState(site.name);
  const [origins, setOrigins] = useState(originsText(site.allowedOrigins));
  /** The revision this form's values were taken from; a save sends it so the server can spot a newer one. */
  const [revision, setRevision] = useState(site.revision);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [confirming, setConfirming] = useState(false);
  const field = failure === null ? null : fieldOfFailure(failure);
  const errorFor = (which: 'name' | 'allowedOrigins') => (failure !== null && field === which ? messageForField(failure) : null);

  /** What the fields were last filled from: telling edits from what is stored. */
  const [baseline, setBaseline] = useState(site);
  const reset = (fresh: SiteInfo) => {
    setName(fresh.name);
    setOrigins(originsText(fresh.allowedOrigins));
    setRevision(fresh.revision);
    setBaseline(fresh);
  };
  const dirty = name !== baseline.name || origins !== originsText(baseline.allowedOrigins);

  // Saved elsewhere on this page (another tab, "Add to allowed origins"): untouched fields follow it; edits stay.
  useEffect(() => {
    if (!dirty && site.revision !== baseline.revision) reset(site);
  }, [site.revision]);

  const save = async () => {
    if (status === 'saving') return;
    setStatus('saving');
    const result = await saveSite({ name: name.trim(), allowedOrigins: parseOrigins(origins), revision });
    if (result.ok) {
      reset(result.value);
      setFailure(null);
      setStatus('saved');
    } else {
      setFailure(result.failure);
      setStatus('idle');
    }
  };

  const toggleDisabled = async () => {
    setConfirming(false);
    const result = await saveSite({ disabled: !site.disabled });
    if (result.ok) setRevision(result.value.revision);
    else setFailure(result.failure);
  };

  const reload = async () => {
    const result = await controller.reloadSite(site.key);
    if (result.ok) {
      reset(result.value);
      setFailure(null);
      setStatus('idle');
    } else setFailure(result.failure);
  };

  const edited = () => {
    if (status === 'saved') setStatus('idle');
  };

  return (
    <div class="site-settings">
      <form
        class="form"
        noValidate
        aria-busy={status === 'saving'}
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <Field id="settings-name" label="Site name" error={errorFor('name')}>
          {(a11y) => (
            <input
              {...a11y}
              class="input"
              autoComplete="off"
              maxLength={100}
              value={name}
              onInput={(event) => {
                setName(event.currentTarget.value);
                edited();
              }}
            />
          )}
        </Field>
        <Field id="settings-origins" label="Allowed origins" hint={OriginsHint} error={errorFor('allowedOrigins')}>
          {(a11y) => (
            <textarea
              {...a11y}
              class="input sites__origins"
              rows={4}
              spellcheck={false}
              value={origins}
              onInput={(event) => {
                setOrigins(event.currentTarget.value);
                edited();
              }}
            />
          )}
        </Field>
        {failure?.code === 'stale_site' ? (
          <StaleNotice message={failure.message} onReload={() => void reload()} />
        ) : (
          failure !== null &&
          field === null && (
            <p class="form__error" role="alert">
              {failure.message}
            </p>
          )
        )}
        <p class={status === 'saved' ? 'form__ok' : 'hours__status'} role="status">
          {status === 'saving' ? 'Saving…' : status === 'saved' ? 'Saved' : ''}
        </p>
        <div class="form__actions">
          <button type="submit" class="button button--primary" aria-disabled={status === 'saving'}>
            Save settings
          </button>
        </div>
      </form>

      <RoutingForm site={site} controller={controller} saveSite={saveSite} />

      <section class="form" aria-labelledby="settings-status-title">
        <h2 class="form__title" id="settings-status-title">
          {site.disabled ? 'Disabled' : 'Live'}
        </h2>
        <p class="dialog__hint">
          {site.disabled
            ? 'The widget shows nothing on this site and the relay refuses its visitors. Conversations and settings are kept.'
            : 'Disabling hides the widget on every page and refuses new visitors; history is kept and you can enable it again.'}
        </p>
        <div class="form__actions form__actions--start">
          <button
            type="button"
            class={`button ${site.disabled ? 'button--primary' : 'button--danger'}`}
            onClick={() => (site.disabled ? void toggleDisabled() : setConfirming(true))}
          >
            {site.disabled ? 'Enable site' : 'Disable site'}
          </button>
        </div>
      </section>

      {confirming && (
        <Dialog id="disable-site-title" title={`Disable ${site.name}?`} onClose={() => setConfirming(false)}>
          <p>The chat disappears from every page of this site at once and its visitors are refused. You can enable it again later.</p>
          <div class="form__actions">
            <button type="button" class="button button--secondary" data-autofocus onClick={() => setConfirming(false)}>
              Keep it live
            </button>
            <button type="button" class="button button--danger" onClick={() => void toggleDisabled()}>
              Disable site
            </button>
          </div>
        </Dialog>
      )}
    </div>
  );
}
