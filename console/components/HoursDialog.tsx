import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { CallbackLimits, MaxHolidays, NumericSetting, Weekday } from '../businessHours';
import type { Controller } from '../controller';
import {
  CallbackFieldLabels,
  editHours,
  fieldId,
  formFromHours,
  formProblems,
  hoursFromForm,
  timeZoneOptions,
  type FieldKey,
  type HoursEdit,
  type HoursForm,
  type Problem,
} from '../hoursForm';
import type { SiteRef } from '../state';
import { knownZone } from '../zoned';
import { DayHours } from './DayHours';
import { Dialog } from './Dialog';

export interface HoursDialogProps {
  controller: Controller;
  /** The sites whose hours I may edit; a select picks one when there are several. */
  sites: readonly SiteRef[];
  onClose: () => void;
}

type SaveStatus = 'idle' | 'saving' | 'saved';

const isKnownZone = (zone: string): boolean => knownZone(zone) !== null;

/** Admins: a site's weekly hours, holidays and callback settings, in a dialog opened from the top bar. */
export function HoursDialog({ controller, sites, onClose }: HoursDialogProps) {
  const [chosen, setChosen] = useState<string | null>(null);
  // The site list may arrive after the dialog opened: until one is picked, the first one shows.
  const siteKey = sites.find((site) => site.key === chosen)?.key ?? sites[0]?.key ?? null;
  return (
    <Dialog id="hours-title" title="Business hours" onClose={onClose} wide>
      {sites.length > 1 && (
        <div class="field">
          <label class="field__label" for="hours-site">
            Site
          </label>
          <select id="hours-site" class="input" value={siteKey ?? ''} onChange={(event) => setChosen(event.currentTarget.value)}>
            {sites.map((site) => (
              <option key={site.key} value={site.key}>
                {site.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {siteKey === null ? (
        <p class="form__empty">No site yet: create one under Sites first.</p>
      ) : (
        <HoursEditor key={siteKey} controller={controller} siteKey={siteKey} autoFocus={sites.length < 2} />
      )}
    </Dialog>
  );
}

export interface HoursEditorProps {
  controller: Controller;
  siteKey: string;
  /** Move focus to the first field once loaded (in a dialog, where nothing else has it). */
  autoFocus?: boolean;
}

/** One site's weekly hours, holidays and callback settings, saved whole. */
export function HoursEditor({ controller, siteKey, autoFocus = false }: HoursEditorProps) {
  const [form, setForm] = useState<HoursForm | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [status, setStatus] = useState<SaveStatus>('idle');
  const [error, setError] = useState<string | null>(null);
  /** Moves focus to a field once it is on screen (after adding a row, or to a problem). */
  const [focusId, setFocusId] = useState<string | null>(null);
  const mounted = useRef(true);
  /** Counts edits, so a save that comes back after more typing does not overwrite it. */
  const revision = useRef(0);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  useEffect(() => {
    setLoadError(null);
    void controller.loadHours(siteKey).then((result) => {
      if (!mounted.current) return;
      if (result.ok) {
        setForm(formFromHours(result.hours));
        if (autoFocus) setFocusId(fieldId('timeZone'));
      } else {
        setLoadError(result.message);
      }
    });
  }, [controller, siteKey, attempt]);

  useEffect(() => {
    if (focusId === null) return;
    document.getElementById(focusId)?.focus();
    setFocusId(null);
  }, [focusId, form]);

  const edit = (change: HoursEdit, focus: string | null = null) => {
    revision.current += 1;
    setForm((current) => (current === null ? current : editHours(current, change)));
    setStatus((current) => (current === 'saved' ? 'idle' : current));
    // The complaint was about the form as it was; the marks beside the fields stay current.
    setError(null);
    if (focus !== null) setFocusId(focus);
  };

  const save = async (current: HoursForm) => {
    const checked = hoursFromForm(current, isKnownZone);
    if (!checked.ok) {
      const [first, ...more] = checked.problems;
      if (first === undefined) return;
      setError(more.length === 0 ? first.message : `${first.message} (${more.length} more marked below.)`);
      setFocusId(fieldId(first.field));
      return;
    }
    setError(null);
    setStatus('saving');
    const sent = revision.current;
    const result = await controller.saveHours(siteKey, checked.hours);
    if (!mounted.current) return;
    if (result.ok && revision.current !== sent) {
      // Edited while saving: what is on screen is newer than what was stored, so it is not "Saved".
      setStatus('idle');
    } else if (result.ok) {
      setForm(formFromHours(result.hours));
      setStatus('saved');
    } else {
      setError(result.message);
      setStatus('idle');
    }
  };

  return (
    <div class="hours-editor">
      {form === null ? (
        loadError === null ? (
          <p class="form__empty">Loading…</p>
        ) : (
          <>
            <p class="form__error" role="alert">
              {loadError}
            </p>
            <div class="form__actions">
              <button type="button" class="button button--secondary" onClick={() => setAttempt((n) => n + 1)}>
                Try again
              </button>
            </div>
          </>
        )
      ) : (
        <HoursFields form={form} status={status} error={error} onEdit={edit} onSave={() => void save(form)} />
      )}
    </div>
  );
}

interface FieldsProps {
  form: HoursForm;
  status: SaveStatus;
  error: string | null;
  onEdit: (change: HoursEdit, focus?: string | null) => void;
  onSave: () => void;
}

function HoursFields({ form, status, error, onEdit, onSave }: FieldsProps) {
  const zones = useMemo(() => timeZoneOptions(form.timeZone, () => Intl.supportedValuesOf('timeZone')), [form.timeZone]);
  const problems = formProblems(form, isKnownZone);
  const problemFor = (key: FieldKey): Problem | undefined => problems.find((p) => p.field === key);
  const saving = status === 'saving';

  return (
    <form
      class="form hours"
      aria-busy={saving}
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!saving) onSave();
      }}
    >
      {/* Hints sit outside the <label>, which would otherwise put them into the field's name. */}
      <div class="field">
        <label class="field__label" for={fieldId('timeZone')}>
          Time zone
        </label>
        <select
          id={fieldId('timeZone')}
          class="input"
          value={form.timeZone}
          aria-describedby="hours-zone-hint"
          onChange={(event) => onEdit({ type: 'timeZone', timeZone: event.currentTarget.value })}
        >
          {zones.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replaceAll('_', ' ')}
            </option>
          ))}
        </select>
        <span class="field__hint" id="hours-zone-hint">
          Opening hours and holidays are in this time zone.
        </span>
      </div>

      <section class="hours__section" aria-labelledby="hours-week-title">
        <h3 class="form__title" id="hours-week-title">
          Opening hours
        </h3>
        <p class="dialog__hint">A closing time of 00:00 (12:00 AM) means midnight, at the end of the day.</p>
        {Weekday.map((day) => (
          <DayHours key={day} day={day} form={form} problems={problems} onEdit={onEdit} />
        ))}
      </section>

      <section class="hours__section" aria-labelledby="hours-holidays-title">
        <h3 class="form__title" id="hours-holidays-title">
          Holidays
        </h3>
        {form.holidays.length === 0 ? (
          <p class="form__empty">No holidays: open every week as above.</p>
        ) : (
          <ul class="hours__holidays">
            {form.holidays.map((date, index) => {
              const id = fieldId(`holiday.${index}`);
              const problem = problemFor(`holiday.${index}`);
              return (
                <li key={index} class="hours__holiday">
                  <label class="hours__inline">
                    <span class="hours__inline-label">Holiday {index + 1}</span>
                    <input
                      id={id}
                      class="input input--small hours__date"
                      type="date"
                      value={date}
                      aria-invalid={problem !== undefined}
                      aria-describedby={problem === undefined ? undefined : `${id}-problem`}
                      onInput={(event) => onEdit({ type: 'holiday', index, value: event.currentTarget.value })}
                    />
                  </label>
                  <button
                    type="button"
                    class="button button--ghost button--small"
                    aria-label={`Remove holiday ${index + 1}`}
                    onClick={() => onEdit({ type: 'removeHoliday', index }, 'hours-add-holiday')}
                  >
                    Remove
                  </button>
                  {problem !== undefined && (
                    <span class="hours__problem" id={`${id}-problem`}>
                      {problem.message}
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
        )}
        {form.holidays.length < MaxHolidays && (
          <div>
            <button
              type="button"
              id="hours-add-holiday"
              class="button button--secondary button--small"
              onClick={() => onEdit({ type: 'addHoliday' }, fieldId(`holiday.${form.holidays.length}`))}
            >
              Add a holiday
            </button>
          </div>
        )}
      </section>

      <section class="hours__section" aria-labelledby="hours-callbacks-title">
        <h3 class="form__title" id="hours-callbacks-title">
          Callbacks
        </h3>
        <label class="choice">
          <input
            type="checkbox"
            checked={form.callback.enabled}
            onChange={(event) => onEdit({ type: 'callbacksEnabled', enabled: event.currentTarget.checked })}
          />
          <span>Take callbacks</span>
        </label>
        <div class="form__grid hours__numbers">
          {NumericSetting.map((field) => {
            const key = `callback.${field}`;
            const problem = problemFor(key);
            const { min, max } = CallbackLimits[field];
            return (
              <div key={field} class="field">
                <label class="field__label" for={fieldId(key)}>
                  {CallbackFieldLabels[field]}
                </label>
                <input
                  id={fieldId(key)}
                  class="input"
                  type="number"
                  inputMode="numeric"
                  min={min}
                  max={max}
                  step={1}
                  value={form.callback.numbers[field]}
                  aria-invalid={problem !== undefined}
                  aria-describedby={`${fieldId(key)}-hint`}
                  onInput={(event) => onEdit({ type: 'number', field, value: event.currentTarget.value })}
                />
                <span class={problem === undefined ? 'field__hint' : 'hours__problem'} id={`${fieldId(key)}-hint`}>
                  {problem === undefined ? `${min} to ${max}` : problem.message}
                </span>
              </div>
            );
          })}
          <div class="field">
            <label class="field__label" for={fieldId('callback.countries')}>
              {CallbackFieldLabels.countries}
            </label>
            <input
              id={fieldId('callback.countries')}
              class="input"
              autoComplete="off"
              spellcheck={false}
              placeholder="Any country"
              value={form.callback.countries}
              aria-invalid={problemFor('callback.countries') !== undefined}
              aria-describedby="hours-callback-countries-hint"
              onInput={(event) => onEdit({ type: 'countries', value: event.currentTarget.value })}
            />
            <span
              class={problemFor('callback.countries') === undefined ? 'field__hint' : 'hours__problem'}
              id="hours-callback-countries-hint"
            >
              {problemFor('callback.countries')?.message ?? 'Two-letter codes with commas, like PT, BR. Empty: any country.'}
            </span>
          </div>
        </div>
      </section>

      {error !== null && (
        <p class="form__error" role="alert">
          {error}
        </p>
      )}
      {/* Always in the page, so screen readers announce the change from empty to "Saved". */}
      <p class={status === 'saved' ? 'form__ok' : 'hours__status'} role="status">
        {status === 'saving' ? 'Saving…' : status === 'saved' ? 'Saved' : ''}
      </p>
      <div class="form__actions">
        {/* NOTE: aria-disabled, not disabled: disabling the focused button would drop focus out of the dialog, and Esc with it. */}
        <button type="submit" class="button button--primary" aria-disabled={saving}>
          Save hours
        </button>
      </div>
    </form>
  );
}
