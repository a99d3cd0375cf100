import { useEffect, useState } from 'preact/hooks';
import { Markdown } from '../../client/Markdown';
import { Locales, type Locale } from '../../protocol/codes';
import { type KbApi, type ReplayChange, type ReplayItem, type ReplayReport, type TryAnswer, type VersionRow, failureText } from '../kbApi';
import { LocaleNames } from '../kbDraft';

const md = { paragraph: 'md__p', list: 'md__list' };

/** Try it: a question to the draft's bot (the real scripted bot, built from the draft on the server). */
export function KbTryIt({ api, yaml }: { api: KbApi; yaml: () => string | null }) {
  const [text, setText] = useState('');
  const [locale, setLocale] = useState<Locale>('en');
  const [state, setState] = useState<{ kind: 'idle' } | { kind: 'busy' } | { kind: 'answer'; answer: TryAnswer } | { kind: 'error'; message: string }>({ kind: 'idle' });

  const ask = async (event: Event) => {
    event.preventDefault();
    const draft = yaml();
    if (text.trim() === '') return setState({ kind: 'error', message: 'Type a question first.' });
    if (draft === null) return setState({ kind: 'error', message: 'The draft cannot be written as YAML; fix the entries first.' });
    setState({ kind: 'busy' });
    try {
      setState({ kind: 'answer', answer: await api.tryIt(draft, text.trim(), locale) });
    } catch (error) {
      setState({ kind: 'error', message: failureText(error) });
    }
  };

  return (
    <section class="kb-panel" aria-labelledby="kb-try-title">
      <h3 id="kb-try-title" class="kb-panel__title">
        Try it
      </h3>
      <form class="kb-try" onSubmit={(e) => void ask(e)}>
        <div class="field">
          <label class="field__label" for="kb-try-text">
            Question to the draft
          </label>
          <input id="kb-try-text" class="input" value={text} maxLength={500} onInput={(e) => setText(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label class="field__label" for="kb-try-locale">
            Visitor's language
          </label>
          <select id="kb-try-locale" class="input" value={locale} onChange={(e) => setLocale(e.currentTarget.value as Locale)}>
            {Locales.map((l) => (
              <option key={l} value={l}>
                {LocaleNames[l]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button button--primary" disabled={state.kind === 'busy'}>
          Ask
        </button>
      </form>
      <div aria-live="polite" class="kb-try__result">
        {state.kind === 'busy' && <p class="kb-muted">Asking the draft…</p>}
        {state.kind === 'error' && <p class="form__error">{state.message}</p>}
        {state.kind === 'answer' && <TryResult answer={state.answer} />}
      </div>
    </section>
  );
}

function TryResult({ answer }: { answer: TryAnswer }) {
  const source =
    answer.entryId !== null
      ? `Answered from entry ${answer.entryId}`
      : answer.unanswered === 'suggested'
        ? 'Not answered: the bot asks "Did you mean…?"'
        : answer.unanswered === 'fallback'
          ? 'Not answered: the bot says it does not know'
          : 'Not a knowledge-base answer';
  return (
    <div class="kb-try__answer">
      <p class="kb-try__source">
        <strong>{source}</strong> ({LocaleNames[answer.locale]})
      </p>
      <div class="kb-bubble">
        <Markdown text={answer.text} classes={md} />
      </div>
      {answer.quickReplies.length > 0 && (
        <ul class="kb-chips" aria-label="Quick replies">
          {answer.quickReplies.map((q) => (
            <li key={q}>{q}</li>
          ))}
        </ul>
      )}
      {answer.suggestions !== undefined && answer.suggestions.length > 0 && <p class="kb-muted">Suggested entries: {answer.suggestions.map((s) => s.entryId).join(', ')}</p>}
      {answer.handoff !== undefined && <p class="kb-muted">Then hands over to a person: {answer.handoff.text}</p>}
    </div>
  );
}

const CHANGE_NAMES: Record<ReplayChange, string> = {
  newly_answered: 'Newly answered',
  no_longer_answered: 'No longer answered',
  different_answer: 'A different answer',
};

/** What the draft would change for the site's recent real questions; publish or keep editing from here. */
export function KbReplayReview({ report, busy, onPublish, onCancel }: { report: ReplayReport; busy: boolean; onPublish: () => void; onCancel: () => void }) {
  const groups = (['newly_answered', 'no_longer_answered', 'different_answer'] as const).map((change) => ({ change, items: report.changes.filter((c) => c.change === change) }));
  const count = (items: ReplayItem[]) => items.reduce((n, c) => n + c.count, 0);
  return (
    <section class="kb-panel kb-replay" aria-labelledby="kb-replay-title">
      <h3 id="kb-replay-title" class="kb-panel__title">
        Before you publish: {report.questions} recent visitor questions replayed
      </h3>
      {report.questions === 0 ? (
        <p class="kb-muted">This site has no visitor questions yet, so nothing to compare.</p>
      ) : (
        <ul class="kb-replay__counts">
          {groups.map(({ change, items }) => (
            <li key={change}>
              {CHANGE_NAMES[change]}: <strong>{count(items)}</strong>
            </li>
          ))}
          <li>
            Unchanged: <strong>{report.unchanged}</strong>
          </li>
        </ul>
      )}
      {groups
        .filter((g) => g.items.length > 0)
        .map(({ change, items }) => (
          <div key={change} class="kb-replay__group">
            <h4 class="kb-replay__heading">
              {CHANGE_NAMES[change]} ({count(items)})
            </h4>
            <ul class="kb-replay__list" aria-label={CHANGE_NAMES[change]}>
              {items.map((item) => (
                <li key={`${item.locale}:${item.text}`} class="kb-replay__item">
                  <span class="kb-replay__q">
                    “{item.text}” <span class="kb-muted">({LocaleNames[item.locale]}{item.count > 1 ? `, asked ${item.count} times` : ''})</span>
                  </span>
                  <span class="kb-replay__move">
                    {item.before === null ? 'not answered' : item.before.title} → {item.after === null ? 'not answered' : item.after.title}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        ))}
      <div class="kb-actions">
        <button type="button" class="button button--primary" disabled={busy} onClick={onPublish}>
          Publish now
        </button>
        <button type="button" class="button button--secondary" onClick={onCancel}>
          Keep editing
        </button>
      </div>
    </section>
  );
}

/** Published versions, newest first: who, when, what changed; view one, roll back to one. */
export function KbHistory({ api, current, onRestored, dirty }: { api: KbApi; current: number; onRestored: (version: number) => void; dirty: boolean }) {
  const [rows, setRows] = useState<VersionRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [viewing, setViewing] = useState<{ version: number; yaml: string } | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let live = true;
    setRows(null);
    api.versions().then(
      (versions) => live && setRows(versions),
      (e: unknown) => live && setError(failureText(e)),
    );
    return () => {
      live = false;
    };
  }, [api, current]);

  const view = async (version: number) => {
    try {
      setViewing({ version, yaml: await api.version(version) });
    } catch (e) {
      setError(failureText(e));
    }
  };
  const restore = async (version: number) => {
    setBusy(true);
    try {
      const result = await api.restore(version);
      setConfirming(null);
      onRestored(result.version);
    } catch (e) {
      setError(failureText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="kb-panel" aria-labelledby="kb-history-title">
      <h3 id="kb-history-title" class="kb-panel__title">
        History
      </h3>
      {error !== null && (
        <p class="form__error" role="alert">
          {error}
        </p>
      )}
      {rows === null && error === null && <p class="kb-muted">Loading versions…</p>}
      {rows !== null && (
        <ol class="kb-history">
          {rows.map((row) => (
            <li key={row.version} class="kb-history__row">
              <div class="kb-history__what">
                <strong>Version {row.version}</strong>
                {row.version === current ? ' (published)' : ''} · {row.authorName ?? 'Set up'} · {row.createdAt === '' ? '' : new Date(row.createdAt).toLocaleString()}
                <div class="kb-muted">{row.summary}</div>
              </div>
              <div class="kb-actions">
                <button type="button" class="button button--secondary button--small" onClick={() => void view(row.version)} aria-label={`View version ${row.version}`}>
                  View
                </button>
                {row.version !== current &&
                  (confirming === row.version ? (
                    <button type="button" class="button button--primary button--small" disabled={busy} onClick={() => void restore(row.version)}>
                      Confirm roll back to version {row.version}
                    </button>
                  ) : (
                    <button type="button" class="button button--secondary button--small" onClick={() => setConfirming(row.version)} aria-label={`Roll back to version ${row.version}`}>
                      Roll back
                    </button>
                  ))}
              </div>
              {confirming === row.version && dirty && <p class="kb-muted">Rolling back publishes version {row.version} again and replaces your unpublished draft.</p>}
            </li>
          ))}
        </ol>
      )}
      {viewing !== null && (
        <div class="kb-view">
          <div class="kb-view__head">
            <h4 class="kb-replay__heading">Version {viewing.version}</h4>
            <button type="button" class="button button--ghost button--small" onClick={() => setViewing(null)}>
              Close version {viewing.version}
            </button>
          </div>
          <pre class="kb-yaml" tabIndex={0} aria-label={`Version ${viewing.version} as YAML`}>
            {viewing.yaml}
          </pre>
        </div>
      )}
    </section>
  );
}
