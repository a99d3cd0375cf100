import { useEffect, useState } from 'preact/hooks';
import type { Controller } from '../../controller';
import type { SaveSite } from '../../siteForm';
import type { Failure, SiteInfo } from '../../sitesApi';
import { StaleNotice } from './StaleNotice';

type Routing = SiteInfo['routing'];

const Choices: ReadonlyArray<{ value: Routing; label: string; hint: string }> = [
  {
    value: 'auto',
    label: 'Offer chats to agents automatically',
    hint: 'Each waiting chat is offered to an online agent of this site who has room for it.',
  },
  {
    value: 'manual',
    label: 'Agents pick chats from the queue',
    hint: 'Chats wait in the Queue until an agent accepts one.',
  },
];

/** How this site's waiting chats reach agents; saved on its own (`{ routing, revision }`), like the site's other settings. */
export function RoutingForm({ site, controller, saveSite }: { site: SiteInfo; controller: Controller; saveSite: SaveSite }) {
  const [routing, setRouting] = useState<Routing>(site.routing);
  /** The revision the choice was taken from: a save sends it, so a newer save by someone else is spotted (409 stale_site). */
  const [revision, setRevision] = useState(site.revision);
  const [baseline, setBaseline] = useState<Routing>(site.routing);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved'>('idle');
  const dirty = routing !== baseline;
  const reset = (fresh: SiteInfo) => {
    setRouting(fresh.routing);
    setBaseline(fresh.routing);
    setRevision(fresh.revision);
  };

  // Saved elsewhere (another tab of this page, another admin's save after a reload): an untouched choice follows it.
  useEffect(() => {
    if (!dirty && site.revision !== revision) reset(site);
  }, [site.revision]);

  const save = async () => {
    if (status === 'saving') return;
    setStatus('saving');
    const result = await saveSite({ routing, revision });
    if (result.ok) {
      reset(result.value);
      setFailure(null);
      setStatus('saved');
    } else {
      setFailure(result.failure);
      setStatus('idle');
    }
  };

  const reload = async () => {
    const result = await controller.reloadSite(site.key);
    if (result.ok) {
      reset(result.value);
      setFailure(null);
      setStatus('idle');
    } else setFailure(result.failure);
  };

  const name = `routing-${site.key}`;
  return (
    <form
      class="form"
      noValidate
      aria-busy={status === 'saving'}
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <fieldset class="fieldset" role="radiogroup" aria-labelledby="settings-routing-title">
        <legend class="form__title" id="settings-routing-title">
          Routing
        </legend>
        {Choices.map((choice) => (
          <div key={choice.value} class="field">
            <label class="choice">
              <input
                type="radio"
                name={name}
                value={choice.value}
                checked={routing === choice.value}
                aria-describedby={`${name}-${choice.value}-hint`}
                onChange={() => {
                  setRouting(choice.value);
                  if (status === 'saved') setStatus('idle');
                }}
              />
              <span>{choice.label}</span>
            </label>
            <span class="field__hint" id={`${name}-${choice.value}-hint`}>
              {choice.hint}
            </span>
          </div>
        ))}
      </fieldset>
      {failure?.code === 'stale_site' ? (
        <StaleNotice message={failure.message} onReload={() => void reload()} />
      ) : (
        failure !== null && (
          <p class="form__error" role="alert">
            Routing was not saved: {failure.message}
          </p>
        )
      )}
      <p class={status === 'saved' ? 'form__ok' : 'hours__status'} role="status">
        {status === 'saving' ? 'Saving…' : status === 'saved' ? 'Routing saved' : dirty ? 'Changed: save to apply' : ''}
      </p>
      <div class="form__actions">
        <button type="submit" class="button button--primary" aria-disabled={status === 'saving'}>
          Save routing
        </button>
      </div>
    </form>
  );
}
