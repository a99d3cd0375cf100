import { Markdown } from '../../client/Markdown';
import { Locales, type Locale } from '../../protocol/codes';
import { type DraftEntry, LocaleNames, type Placed } from '../kbDraft';

export interface KbEntryFormProps {
  entry: DraftEntry;
  /** Ids of the other entries, for follow-ups. */
  otherIds: readonly string[];
  /** The server's problems placed on this entry. */
  problems: readonly Placed[];
  locale: Locale;
  onLocale: (locale: Locale) => void;
  onChange: (entry: DraftEntry) => void;
  onDelete: () => void;
}

const lines = (text: string) => text.split('\n');

/**
 * One knowledge-base entry: its id, per language its title, questions (one per line), answer with
 * a Markdown preview (the widget's renderer, text nodes only) and quick replies; the follow-ups and
 * the handoff flag. Each problem the server named is shown under its field and described by it.
 */
export function KbEntryForm({ entry, otherIds, problems, locale, onLocale, onChange, onDelete }: KbEntryFormProps) {
  const base = `kb-${entry.key}`;
  const on = (field: string, loc: Locale | null = null) =>
    problems.filter((p) => p.field === field && (loc === null || p.locale === null || p.locale === loc));
  const placedFields = new Set(['id', 'title', 'questions', 'answer', 'quickReplies', 'followUps', 'handoff']);
  const general = problems.filter((p) => p.field === null || !placedFields.has(p.field) || (p.locale !== null && p.locale !== locale && ['title', 'questions', 'answer', 'quickReplies'].includes(p.field)));
  const setLocalized = <K extends 'title' | 'answer'>(field: K, value: string) => onChange({ ...entry, [field]: { ...entry[field], [locale]: value } });
  const setList = <K extends 'questions' | 'quickReplies'>(field: K, value: string) => onChange({ ...entry, [field]: { ...entry[field], [locale]: lines(value) } });

  return (
    <section class="kb-entry" aria-labelledby={`${base}-heading`}>
      <div class="kb-entry__head">
        <h3 id={`${base}-heading`} class="kb-entry__title">
          Entry {entry.id === '' ? '(no id yet)' : entry.id}
        </h3>
        <button type="button" class="button button--secondary button--small" onClick={onDelete}>
          Delete entry
        </button>
      </div>
      {general.length > 0 && (
        <ul class="kb-problems" aria-label="Problems in this entry">
          {general.map((p) => (
            <li key={p.message}>{p.message}</li>
          ))}
        </ul>
      )}
      <Field id={`${base}-id`} label="Entry id" hint="Lowercase letters, digits and dashes, e.g. shipping-cost." problems={on('id')}>
        {(describedBy) => (
          <input id={`${base}-id`} class="input" value={entry.id} aria-describedby={describedBy} aria-invalid={on('id').length > 0} onInput={(e) => onChange({ ...entry, id: e.currentTarget.value })} />
        )}
      </Field>

      <fieldset class="kb-langs">
        <legend>Language</legend>
        {Locales.map((l) => (
          <label key={l} class="kb-langs__option">
            <input type="radio" name={`${base}-lang`} value={l} checked={l === locale} onChange={() => onLocale(l)} />
            {LocaleNames[l]}
            {entry.questions[l].some((q) => q.trim() !== '') ? '' : ' (empty)'}
          </label>
        ))}
      </fieldset>

      <Field id={`${base}-title`} label={`Title (${LocaleNames[locale]})`} hint="A few words on what the entry is about." problems={on('title', locale)}>
        {(describedBy) => <input id={`${base}-title`} class="input" value={entry.title[locale]} aria-describedby={describedBy} onInput={(e) => setLocalized('title', e.currentTarget.value)} />}
      </Field>
      <Field id={`${base}-questions`} label={`Questions and phrasings (${LocaleNames[locale]})`} hint="One per line: the ways visitors ask this." problems={on('questions', locale)}>
        {(describedBy) => (
          <textarea
            id={`${base}-questions`}
            class="input kb-textarea"
            rows={4}
            value={entry.questions[locale].join('\n')}
            aria-describedby={describedBy}
            aria-invalid={on('questions', locale).length > 0}
            onInput={(e) => setList('questions', e.currentTarget.value)}
          />
        )}
      </Field>
      <div class="kb-answer">
        <Field id={`${base}-answer`} label={`Answer (${LocaleNames[locale]})`} hint="**bold**, lines starting with - as a list, [text](https://…) links." problems={on('answer', locale)}>
          {(describedBy) => (
            <textarea
              id={`${base}-answer`}
              class="input kb-textarea"
              rows={5}
              value={entry.answer[locale]}
              aria-describedby={describedBy}
              aria-invalid={on('answer', locale).length > 0}
              onInput={(e) => setLocalized('answer', e.currentTarget.value)}
            />
          )}
        </Field>
        <div class="kb-preview" role="group" aria-label={`Answer preview (${LocaleNames[locale]})`}>
          <p class="kb-preview__label" aria-hidden="true">
            Preview
          </p>
          {entry.answer[locale].trim() === '' ? <p class="kb-muted">No answer in {LocaleNames[locale]} yet.</p> : <Markdown text={entry.answer[locale]} classes={{ paragraph: 'md__p', list: 'md__list' }} />}
        </div>
      </div>
      <Field id={`${base}-replies`} label={`Quick replies (${LocaleNames[locale]})`} hint="One per line: buttons under the answer." problems={on('quickReplies', locale)}>
        {(describedBy) => (
          <textarea id={`${base}-replies`} class="input kb-textarea" rows={2} value={entry.quickReplies[locale].join('\n')} aria-describedby={describedBy} onInput={(e) => setList('quickReplies', e.currentTarget.value)} />
        )}
      </Field>
      <Field id={`${base}-followups`} label="Follow-ups" hint={`Ids of entries offered as buttons after the answer, separated by commas.${otherIds.length > 0 ? ` E.g. ${otherIds.slice(0, 3).join(', ')}.` : ''}`} problems={on('followUps')}>
        {(describedBy) => (
          <input
            id={`${base}-followups`}
            class="input"
            value={entry.followUps.join(', ')}
            list={`${base}-ids`}
            aria-describedby={describedBy}
            aria-invalid={on('followUps').length > 0}
            onInput={(e) => onChange({ ...entry, followUps: e.currentTarget.value.split(',').map((s) => s.trim()) })}
          />
        )}
      </Field>
      <datalist id={`${base}-ids`}>
        {otherIds.map((id) => (
          <option key={id} value={id} />
        ))}
      </datalist>
      <label class="kb-check">
        <input type="checkbox" checked={entry.handoff} onChange={(e) => onChange({ ...entry, handoff: e.currentTarget.checked })} />
        Hand over to a person after this answer
      </label>
    </section>
  );
}

function Field({ id, label, hint, problems, children }: { id: string; label: string; hint: string; problems: readonly Placed[]; children: (describedBy: string) => preact.ComponentChildren }) {
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div class="field kb-field">
      <label class="field__label" for={id}>
        {label}
      </label>
      {children(problems.length > 0 ? `${errorId} ${hintId}` : hintId)}
      <span id={hintId} class="kb-hint">
        {hint}
      </span>
      {problems.length > 0 && (
        <span id={errorId} class="kb-field__error">
          {problems.map((p) => p.message).join(' ')}
        </span>
      )}
    </div>
  );
}
