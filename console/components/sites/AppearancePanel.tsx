import { useEffect, useRef, useState } from 'preact/hooks';
import { appearanceOf, autoTextColour, contrastRatio, draftOf, formatRatio, MinContrast, normaliseHex, type Draft } from '../../appearanceForm';
import type { Controller } from '../../controller';
import type { SaveSite } from '../../siteForm';
import { fieldOfFailure, messageForField } from '../../siteForm';
import { Languages, type Failure, type Language, type SiteInfo, type WhenUnavailable } from '../../sitesApi';
import { Field } from './fields';
import { StaleNotice } from './StaleNotice';

const LanguageNames: Record<Language, string> = { en: 'English', 'pt-BR': 'Português', es: 'Español' };
/** The English field is "Greeting" exactly; tests and users find it by that name. */
const GreetingLabels: Record<Language, string> = { en: 'Greeting', 'pt-BR': 'Greeting (Português)', es: 'Greeting (Español)' };
const LauncherLabelLabels: Record<Language, string> = { en: 'Launcher label', 'pt-BR': 'Launcher label (Português)', es: 'Launcher label (Español)' };
const UnavailableLabels: Record<WhenUnavailable, string> = {
  callback: 'Offer a callback',
  message: 'Let them leave a message',
  hide: 'Hide the launcher',
};

/** Brand colour, text colour, position, team, greetings, languages, what happens when nobody is there; with a live preview. */
export function AppearancePanel({ site, controller, saveSite }: { site: SiteInfo; controller: Controller; saveSite: SaveSite }) {
  const [stored, setStored] = useState(site.appearance);
  const [draft, setDraft] = useState(() => draftOf(site.appearance));
  const [revision, setRevision] = useState(site.revision);
  const [failure, setFailure] = useState<Failure | null>(null);
  const [status, setStatus] = useState<'idle' | 'saving' | 'saved'>('idle');
  const [avatarStatus, setAvatarStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const frame = useRef<HTMLIFrameElement>(null);
  const dirty = JSON.stringify(draft) !== JSON.stringify(draftOf(stored));

  // Saved elsewhere on this page: an untouched form follows it; edits stay (and Save checks the revision).
  useEffect(() => {
    if (dirty || site.revision === revision) return;
    setStored(site.appearance);
    setDraft(draftOf(site.appearance));
    setRevision(site.revision);
  }, [site.revision]);

  const appearance = appearanceOf(draft, stored);
  const brandValid = normaliseHex(draft.brand) !== null;
  const textValid = draft.textMode === 'auto' || normaliseHex(draft.text) !== null;
  const shownText = draft.textMode === 'auto' ? autoTextColour(appearance.brandColour) : (normaliseHex(draft.text) ?? '#ffffff');
  const ratio = contrastRatio(appearance.brandColour, shownText);
  const field = failure === null ? null : fieldOfFailure(failure);
  const serverError = (which: string) => (failure !== null && field === which ? messageForField(failure) : null);

  const post = () => {
    // NOTE: targetOrigin is ours: the preview frame is served by the same relay as the console.
    frame.current?.contentWindow?.postMessage({ ponte: 1, type: 'preview', appearance }, location.origin);
  };
  const previewKey = JSON.stringify(appearance);
  useEffect(post, [previewKey]);

  const edit = (change: Partial<Draft>) => {
    setDraft((current) => ({ ...current, ...change }));
    if (status === 'saved') setStatus('idle');
    if (failure !== null && failure.code !== 'stale_site') setFailure(null);
  };

  const save = async () => {
    if (status === 'saving') return;
    if (!brandValid || !textValid) {
      document.getElementById(brandValid ? 'appearance-text-hex' : 'appearance-brand')?.focus();
      return;
    }
    setStatus('saving');
    const { avatar: _setByUpload, ...change } = appearance;
    const result = await saveSite({ appearance: change, revision });
    if (result.ok) {
      setStored(result.value.appearance);
      setDraft(draftOf(result.value.appearance));
      setRevision(result.value.revision);
      setFailure(null);
      setStatus('saved');
    } else {
      setFailure(result.failure);
      setStatus('idle');
      const where = fieldOfFailure(result.failure);
      if (where === 'textColour') document.getElementById(draft.textMode === 'custom' ? 'appearance-text-hex' : 'appearance-brand')?.focus();
    }
  };

  const reload = async () => {
    const result = await controller.reloadSite(site.key);
    if (!result.ok) return setFailure(result.failure);
    setStored(result.value.appearance);
    setDraft(draftOf(result.value.appearance));
    setRevision(result.value.revision);
    setFailure(null);
    setStatus('idle');
  };

  const upload = async (file: File | undefined) => {
    if (file === undefined) return;
    setAvatarStatus({ ok: true, text: 'Uploading…' });
    const result = await controller.uploadSiteAvatar(site.key, file);
    if (!result.ok) return setAvatarStatus({ ok: false, text: result.failure.message });
    setStored((current) => ({ ...current, avatar: result.value.appearance.avatar }));
    setRevision(result.value.revision);
    setAvatarStatus({ ok: true, text: 'Avatar uploaded.' });
  };

  const contrastText = `Contrast ${formatRatio(ratio)}${ratio >= MinContrast ? ': easy to read' : `: below ${MinContrast}:1, too hard to read`}`;
  const lowContrast = serverError('textColour') ?? (ratio < MinContrast ? contrastText : null);

  return (
    <div class="appearance">
      <form
        class="form appearance__form"
        noValidate
        aria-busy={status === 'saving'}
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <fieldset class="fieldset">
          <legend class="form__title">Colours</legend>
          <div class="appearance__colour">
            <input
              type="color"
              class="appearance__swatch"
              aria-label="Pick the brand colour"
              value={appearance.brandColour}
              onInput={(event) => edit({ brand: event.currentTarget.value })}
            />
            <Field
              id="appearance-brand"
              label="Brand colour"
              hint="The launcher and the chat header, as #rrggbb."
              error={!brandValid ? 'Enter a colour like #4f46e5.' : serverError('brandColour')}
            >
              {(a11y) => (
                <input
                  {...a11y}
                  aria-describedby={`${a11y['aria-describedby'] ?? ''} appearance-contrast`.trim()}
                  class="input appearance__hex"
                  autoComplete="off"
                  spellcheck={false}
                  maxLength={7}
                  value={draft.brand}
                  onInput={(event) => edit({ brand: event.currentTarget.value })}
                />
              )}
            </Field>
          </div>
          <div class="field" role="radiogroup" aria-labelledby="appearance-text-title">
            <span class="field__label" id="appearance-text-title">
              Text colour
            </span>
            <label class="choice">
              <input type="radio" name="text-mode" checked={draft.textMode === 'auto'} onChange={() => edit({ textMode: 'auto' })} />
              <span>Automatic (white or near-black, whichever reads better)</span>
            </label>
            <label class="choice">
              <input type="radio" name="text-mode" checked={draft.textMode === 'custom'} onChange={() => edit({ textMode: 'custom' })} />
              <span>Custom</span>
            </label>
          </div>
          {draft.textMode === 'custom' && (
            <div class="appearance__colour">
              <input
                type="color"
                class="appearance__swatch"
                aria-label="Pick the text colour"
                value={normaliseHex(draft.text) ?? '#ffffff'}
                onInput={(event) => edit({ text: event.currentTarget.value })}
              />
              <Field id="appearance-text-hex" label="Custom text colour" error={normaliseHex(draft.text) === null ? 'Enter a colour like #ffffff.' : null}>
                {(a11y) => (
                  <input
                    {...a11y}
                    aria-describedby={`${a11y['aria-describedby'] ?? ''} appearance-contrast`.trim()}
                    aria-invalid={a11y['aria-invalid'] || serverError('textColour') !== null}
                    class="input appearance__hex"
                    autoComplete="off"
                    spellcheck={false}
                    maxLength={7}
                    value={draft.text}
                    onInput={(event) => edit({ text: event.currentTarget.value })}
                  />
                )}
              </Field>
            </div>
          )}
          <p class={lowContrast === null ? 'appearance__contrast' : 'field__error'} id="appearance-contrast" aria-live="polite">
            <span class="appearance__sample" style={{ background: appearance.brandColour, color: shownText }} aria-hidden="true">
              Aa
            </span>{' '}
            {lowContrast ?? contrastText}
          </p>
        </fieldset>

        <Field id="appearance-position" label="Position">
          {(a11y) => (
            <select
              {...a11y}
              class="input"
              value={draft.position}
              onChange={(event) => edit({ position: event.currentTarget.value === 'left' ? 'left' : 'right' })}
            >
              <option value="right">Bottom right</option>
              <option value="left">Bottom left</option>
            </select>
          )}
        </Field>

        <fieldset class="fieldset">
          <legend class="form__title">Team</legend>
          <Field id="appearance-team" label="Team name" hint={`In the chat header. Empty: ${site.name}.`} error={serverError('teamName')}>
            {(a11y) => (
              <input
                {...a11y}
                class="input"
                autoComplete="off"
                maxLength={60}
                placeholder={site.name}
                value={draft.teamName}
                onInput={(event) => edit({ teamName: event.currentTarget.value })}
              />
            )}
          </Field>
          <div class="field appearance__avatar">
            {stored.avatar !== null && <img class="appearance__avatar-img" src={stored.avatar} alt="Current team avatar" width={40} height={40} />}
            <label class="field__label" for="appearance-avatar">
              Team avatar
            </label>
            <input
              id="appearance-avatar"
              class="input"
              type="file"
              accept="image/png,image/jpeg,image/webp,image/gif"
              aria-describedby="appearance-avatar-hint"
              aria-invalid={avatarStatus?.ok === false}
              onChange={(event) => void upload(event.currentTarget.files?.[0])}
            />
            <span class={avatarStatus?.ok === false ? 'field__error' : 'field__hint'} id="appearance-avatar-hint" role="status">
              {avatarStatus?.text ?? 'PNG, JPEG, WebP or GIF, up to 256 KB. Stored as soon as you pick it.'}
            </span>
          </div>
        </fieldset>

        <fieldset class="fieldset">
          <legend class="form__title">Greeting</legend>
          <p class="dialog__hint">What the chat says first. Empty: the knowledge base's greeting.</p>
          {Languages.map((language) => (
            <Field key={language} id={`appearance-greeting-${language}`} label={GreetingLabels[language]} error={language === 'en' ? serverError('greeting') : null}>
              {(a11y) => (
                <textarea
                  {...a11y}
                  class="input"
                  rows={2}
                  maxLength={500}
                  lang={language}
                  value={draft.greeting[language]}
                  onInput={(event) => edit({ greeting: { ...draft.greeting, [language]: event.currentTarget.value } })}
                />
              )}
            </Field>
          ))}
        </fieldset>

        <fieldset class="fieldset">
          <legend class="form__title">Launcher label</legend>
          <p class="dialog__hint">Text beside the chat icon, like “Chat with us”; it is also the button's name for screen readers. Empty: the icon alone.</p>
          {Languages.map((language) => (
            <Field key={language} id={`appearance-launcher-${language}`} label={LauncherLabelLabels[language]} error={language === 'en' ? serverError('launcherLabel') : null}>
              {(a11y) => (
                <input
                  {...a11y}
                  class="input"
                  type="text"
                  maxLength={30}
                  lang={language}
                  value={draft.launcherLabel[language]}
                  onInput={(event) => edit({ launcherLabel: { ...draft.launcherLabel, [language]: event.currentTarget.value } })}
                />
              )}
            </Field>
          ))}
        </fieldset>

        <fieldset class="fieldset" aria-describedby="appearance-languages-hint">
          <legend class="form__title">Languages</legend>
          <span class="field__hint" id="appearance-languages-hint">
            The chat speaks these; at least one.
          </span>
          {Languages.map((language) => {
            const on = draft.languages.includes(language);
            const last = on && draft.languages.length === 1;
            return (
              <label key={language} class="choice">
                <input
                  type="checkbox"
                  checked={on}
                  aria-disabled={last}
                  onClick={(event) => {
                    // The last language cannot go: a widget must speak something.
                    if (last) event.preventDefault();
                  }}
                  onChange={(event) =>
                    edit({
                      languages: Languages.filter((l) => (l === language ? event.currentTarget.checked : draft.languages.includes(l))),
                    })
                  }
                />
                <span lang={language}>{LanguageNames[language]}</span>
              </label>
            );
          })}
        </fieldset>

        <Field id="appearance-unavailable" label="When nobody is available" hint="Closed hours, or no agent online.">
          {(a11y) => (
            <select
              {...a11y}
              class="input"
              value={draft.whenUnavailable}
              onChange={(event) => {
                const value = event.currentTarget.value;
                edit({ whenUnavailable: value === 'message' || value === 'hide' ? value : 'callback' });
              }}
            >
              {(Object.keys(UnavailableLabels) as WhenUnavailable[]).map((key) => (
                <option key={key} value={key}>
                  {UnavailableLabels[key]}
                </option>
              ))}
            </select>
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
            Save
          </button>
        </div>
      </form>
      <section class="appearance__preview" aria-labelledby="appearance-preview-title">
        <h2 class="form__title" id="appearance-preview-title">
          Preview
        </h2>
        <p class="dialog__hint">The real widget with your unsaved changes.</p>
        <iframe
          ref={frame}
          class="appearance__frame"
          title="Widget preview"
          src={`/widget/frame?site=${encodeURIComponent(site.key)}&preview=1`}
          onLoad={post}
        />
      </section>
    </div>
  );
}
