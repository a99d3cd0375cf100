/**
 * What visitors asked that the bot could not answer on one site (GET /api/sites/:key/unanswered,
 * the last 30 days), grouped with counts and examples, each a click away from the knowledge base:
 * "Add as a phrasing of" an entry, or "New entry".
 *
 * Mounting: `<UnansweredQuestions siteKey="demo" />` works on its own: a click opens the
 * knowledge-base editor below the list with the question added to its draft. A page that shows
 * the editor elsewhere passes `onAddPhrasing(entryId | null, text, locale)` instead (entryId null:
 * a new entry) and hands that to the editor's `incoming` prop (KnowledgeBaseEditor.tsx).
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Locale } from '../../protocol/codes';
import { type KbApi, type UnansweredGroup, createKbApi, failureText } from '../kbApi';
import { draftFromYaml, entryLabel, LocaleNames } from '../kbDraft';
import { type IncomingQuestion, KnowledgeBaseEditor } from './KnowledgeBaseEditor';

export interface UnansweredQuestionsProps {
  siteKey: string;
  onAddPhrasing?: (entryId: string | null, text: string, locale: Locale) => void;
  /** For tests: the API to use instead of same-origin fetch. */
  api?: KbApi;
}

type Loaded = { groups: UnansweredGroup[]; truncated: boolean; entries: { id: string; label: string }[] };

export function UnansweredQuestions({ siteKey, onAddPhrasing, api: given }: UnansweredQuestionsProps) {
  const api = useMemo(() => given ?? createKbApi(siteKey), [given, siteKey]);
  const [state, setState] = useState<{ kind: 'loading' } | { kind: 'error'; message: string } | ({ kind: 'ready' } & Loaded)>({ kind: 'loading' });
  const [incoming, setIncoming] = useState<IncomingQuestion | null>(null);

  const load = async () => {
    setState({ kind: 'loading' });
    try {
      const [report, published] = await Promise.all([api.unanswered(), api.load()]);
      const entries = draftFromYaml(published.yaml).entries.map((e) => ({ id: e.id, label: entryLabel(e) }));
      setState({ kind: 'ready', groups: report.groups, truncated: report.truncated, entries });
    } catch (error) {
      setState({ kind: 'error', message: failureText(error) });
    }
  };
  useEffect(() => {
    void load();
  }, [api]);

  const hand = (entryId: string | null, text: string, locale: Locale) => {
    if (onAddPhrasing !== undefined) onAddPhrasing(entryId, text, locale);
    else setIncoming({ nonce: Date.now() + Math.random(), entryId, text, locale });
  };

  return (
    <section class="kb-unanswered" aria-labelledby="kb-unanswered-title">
      <div class="kb__head">
        <h2 id="kb-unanswered-title" class="kb__title">
          Unanswered questions
        </h2>
        <button type="button" class="button button--secondary button--small" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      <p class="kb-hint">What visitors asked in the last 30 days that the bot could not answer, most asked first.</p>
      {state.kind === 'loading' && <p class="kb-muted">Loading questions…</p>}
      {state.kind === 'error' && (
        <p class="form__error" role="alert">
          Could not load the questions: {state.message}
        </p>
      )}
      {state.kind === 'ready' && state.groups.length === 0 && <p class="kb-muted">No unanswered questions in the last 30 days.</p>}
      {state.kind === 'ready' && state.groups.length > 0 && (
        <ul class="kb-groups">
          {state.groups.map((group, index) => (
            <GroupRow key={group.key} index={index} group={group} entries={state.entries} onAdd={hand} />
          ))}
        </ul>
      )}
      {state.kind === 'ready' && state.truncated && <p class="kb-hint">Counts are of the newest 2,000 questions of the period.</p>}
      {onAddPhrasing === undefined && incoming !== null && (
        <div class="kb-unanswered__editor">
          <KnowledgeBaseEditor siteKey={siteKey} api={api} incoming={incoming} />
        </div>
      )}
    </section>
  );
}

function GroupRow({ index, group, entries, onAdd }: { index: number; group: UnansweredGroup; entries: Loaded['entries']; onAdd: (entryId: string | null, text: string, locale: Locale) => void }) {
  const [entryId, setEntryId] = useState('');
  const locale: Locale = group.locales[0] ?? 'en';
  const selectId = `kb-group-${index}`;
  const others = group.examples.filter((e) => e !== group.text);
  return (
    <li class="kb-group">
      <div class="kb-group__head">
        <span class="kb-group__text">“{group.text}”</span>
        <span class="kb-group__count">
          {group.count === 1 ? 'asked once' : `asked ${group.count} times`} · {group.locales.map((l) => LocaleNames[l]).join(', ')}
        </span>
      </div>
      {others.length > 0 && <p class="kb-muted">Also asked as: {others.map((e) => `“${e}”`).join(', ')}</p>}
      <div class="kb-group__actions">
        <label class="field__label" for={selectId}>
          Add as a phrasing of
        </label>
        <select id={selectId} class="input kb-group__select" value={entryId} onChange={(e) => setEntryId(e.currentTarget.value)} aria-describedby={`${selectId}-q`}>
          <option value="">Choose an entry…</option>
          {entries.map((e) => (
            <option key={e.id} value={e.id}>
              {e.label} ({e.id})
            </option>
          ))}
        </select>
        <span id={`${selectId}-q`} class="visually-hidden">
          {group.text}
        </span>
        <button type="button" class="button button--secondary button--small" disabled={entryId === ''} onClick={() => onAdd(entryId, group.text, locale)} aria-label={`Add “${group.text}” as a phrasing`}>
          Add
        </button>
        <button type="button" class="button button--secondary button--small" onClick={() => onAdd(null, group.text, locale)} aria-label={`New entry for “${group.text}”`}>
          New entry
        </button>
      </div>
    </li>
  );
}
