/**
 * The knowledge-base editor for one site (issue 14): entries with search, a form per entry, the
 * server's validation messages inline as the draft changes, Try it, publishing after a replay of
 * the site's recent visitor questions, history with roll back, YAML import and export.
 *
 * Mounting: `<KnowledgeBaseEditor siteKey="demo" />` works on its own (it loads everything it
 * needs over same-origin fetch, console/kbApi.ts). Optional `incoming` hands it a visitor
 * question to add: `{ nonce, entryId, text, locale }` — with an `entryId`, the text is added as a
 * phrasing of that entry in `locale`; with `null`, a new entry is started with it. Each new
 * `nonce` is applied once, to the draft (nothing is published until the admin publishes).
 * UnansweredQuestions (its `onAddPhrasing`) produces exactly these.
 *
 * Publishing sends `If-Match` with the version the draft was started from: if someone published
 * since, the server refuses (409) and this says who and when and offers to reload; it never
 * overwrites their version silently.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Locale } from '../../protocol/codes';
import { type KbApi, KbApiError, type Published, type ReplayReport, createKbApi, failureText } from '../kbApi';
import { type Draft, type DraftEntry, DraftError, draftFromYaml, draftToYaml, entryLabel, idFor, matchesSearch, newEntry, placeProblems } from '../kbDraft';
import { KbEntryForm } from './KbEntryForm';
import { KbHistory, KbReplayReview, KbTryIt } from './KbPanels';

export type IncomingQuestion = { nonce: number | string; entryId: string | null; text: string; locale: Locale };

export interface KnowledgeBaseEditorProps {
  siteKey: string;
  incoming?: IncomingQuestion | null;
  /** For tests: the API to use instead of same-origin fetch. */
  api?: KbApi;
}

type Check = { kind: 'idle' } | { kind: 'checking' } | { kind: 'ok'; entries: number } | { kind: 'invalid'; problems: readonly string[] } | { kind: 'error'; message: string };
type Stage =
  | { kind: 'edit' }
  | { kind: 'replaying' }
  | { kind: 'review'; report: ReplayReport; publishing: boolean }
  | { kind: 'stale'; message: string };

const CHECK_DELAY_MS = 400;

export function KnowledgeBaseEditor({ siteKey, incoming = null, api: given }: KnowledgeBaseEditorProps) {
  const api = useMemo(() => given ?? createKbApi(siteKey), [given, siteKey]);
  const [published, setPublished] = useState<Published | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [edited, setEdited] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [locale, setLocale] = useState<Locale>('en');
  const [check, setCheck] = useState<Check>({ kind: 'idle' });
  const [stage, setStage] = useState<Stage>({ kind: 'edit' });
  const [notice, setNotice] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [showHistory, setShowHistory] = useState(false);
  const applied = useRef<IncomingQuestion['nonce'] | null>(null);

  const load = async () => {
    setLoadError(null);
    try {
      const current = await api.load();
      const loaded = draftFromYaml(current.yaml);
      setPublished(current);
      setDraft(loaded);
      setEdited(false);
      setSelected((key) => (key !== null && loaded.entries.some((e) => e.key === key) ? key : (loaded.entries[0]?.key ?? null)));
      setStage({ kind: 'edit' });
    } catch (error) {
      setLoadError(error instanceof DraftError ? error.message : failureText(error));
    }
  };
  useEffect(() => {
    void load();
  }, [api]);

  const yaml = useMemo((): { text: string } | { error: string } | null => {
    if (draft === null) return null;
    try {
      return { text: draftToYaml(draft) };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  }, [draft]);
  const yamlText = yaml !== null && 'text' in yaml ? yaml.text : null;

  // The server's own validation, a moment after the last change; a late answer for an older draft is ignored.
  useEffect(() => {
    if (yamlText === null) return;
    let live = true;
    setCheck({ kind: 'checking' });
    const timer = setTimeout(() => {
      api.check(yamlText).then(
        (ok) => live && setCheck({ kind: 'ok', entries: ok.entries }),
        (error: unknown) => {
          if (!live) return;
          if (error instanceof KbApiError && error.code === 'invalid_knowledge_base') setCheck({ kind: 'invalid', problems: error.problems.length > 0 ? error.problems : [error.message] });
          else setCheck({ kind: 'error', message: failureText(error) });
        },
      );
    }, CHECK_DELAY_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, yamlText]);

  const change = (next: Draft) => {
    setDraft(next);
    setEdited(true);
    setNotice(null);
    if (stage.kind === 'review') setStage({ kind: 'edit' });
  };

  // A visitor question handed over by the unanswered view (see the top of the file).
  useEffect(() => {
    if (incoming === null || draft === null || applied.current === incoming.nonce) return;
    applied.current = incoming.nonce;
    const target = incoming.entryId === null ? undefined : draft.entries.find((e) => e.id === incoming.entryId);
    if (target !== undefined) {
      const questions = target.questions[incoming.locale].filter((q) => q.trim() !== '');
      const updated: DraftEntry = { ...target, questions: { ...target.questions, [incoming.locale]: [...questions, incoming.text] } };
      change({ ...draft, entries: draft.entries.map((e) => (e.key === target.key ? updated : e)) });
      setSelected(target.key);
      setNotice(`Added “${incoming.text}” as a phrasing of ${target.id}. Publish to make it live.`);
    } else {
      const entry = newEntry(idFor(incoming.text, draft.entries.map((e) => e.id)), { text: incoming.text, locale: incoming.locale });
      change({ ...draft, entries: [...draft.entries, entry] });
      setSelected(entry.key);
      setNotice(`Started a new entry for “${incoming.text}”. Write its answer, then publish.`);
    }
    setLocale(incoming.locale);
    setSearch('');
  }, [incoming, draft]);

  if (loadError !== null && draft === null) {
    return (
      <section class="kb" aria-label="Knowledge base">
        <p class="form__error" role="alert">
          Could not load the knowledge base: {loadError}
        </p>
        <button type="button" class="button button--secondary" onClick={() => void load()}>
          Try again
        </button>
      </section>
    );
  }
  if (draft === null || published === null) {
    return (
      <section class="kb" aria-label="Knowledge base" aria-busy="true">
        <p class="kb-muted">Loading the knowledge base…</p>
      </section>
    );
  }

  const problems = check.kind === 'invalid' ? placeProblems(check.problems, draft.entries) : [];
  const unplaced = problems.filter((p) => p.entryIndex === null);
  const visible = draft.entries.filter((e) => matchesSearch(e, search));
  const current = draft.entries.find((e) => e.key === selected) ?? null;
  const currentIndex = current === null ? -1 : draft.entries.indexOf(current);
  const problemsOf = (index: number) => problems.filter((p) => p.entryIndex === index);
  const canPublish = edited && yamlText !== null && check.kind === 'ok' && stage.kind === 'edit';

  const updateEntry = (entry: DraftEntry) => change({ ...draft, entries: draft.entries.map((e) => (e.key === entry.key ? entry : e)) });
  const addEntry = () => {
    const entry = newEntry(idFor('new entry', draft.entries.map((e) => e.id)));
    change({ ...draft, entries: [...draft.entries, entry] });
    setSelected(entry.key);
    setSearch('');
  };
  const deleteEntry = (entry: DraftEntry) => {
    const rest = draft.entries.filter((e) => e.key !== entry.key);
    change({ ...draft, entries: rest });
    setSelected(rest[Math.max(0, currentIndex - 1)]?.key ?? null);
    setNotice(`Deleted ${entry.id === '' ? 'the entry' : entry.id} from the draft.`);
  };

  const startPublish = async () => {
    if (yamlText === null) return;
    setFailure(null);
    setStage({ kind: 'replaying' });
    try {
      setStage({ kind: 'review', report: await api.replay(yamlText), publishing: false });
    } catch (error) {
      setStage({ kind: 'edit' });
      setFailure(failureText(error));
    }
  };
  const publish = async () => {
    if (yamlText === null || stage.kind !== 'review') return;
    setStage({ ...stage, publishing: true });
    try {
      const result = await api.publish(yamlText, published.version);
      setPublished({ yaml: yamlText, version: result.version });
      setEdited(false);
      setStage({ kind: 'edit' });
      setNotice(`Published version ${result.version}: ${result.summary}.`);
    } catch (error) {
      if (error instanceof KbApiError && error.code === 'stale_knowledge_base') setStage({ kind: 'stale', message: error.message });
      else {
        setStage({ kind: 'edit' });
        setFailure(failureText(error));
      }
    }
  };
  const importFile = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (file === undefined) return;
    try {
      const imported = draftFromYaml(await file.text());
      change(imported);
      setSelected(imported.entries[0]?.key ?? null);
      setNotice(`Imported ${file.name} into the draft (${imported.entries.length} ${imported.entries.length === 1 ? 'entry' : 'entries'}). Nothing is published yet.`);
      setFailure(null);
    } catch (error) {
      setFailure(error instanceof DraftError ? `Could not import ${file.name}: ${error.message}` : failureText(error));
    }
  };
  const exportFile = () => {
    if (yamlText === null) return;
    const url = URL.createObjectURL(new Blob([yamlText], { type: 'text/yaml' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = `knowledge-base-${siteKey}.yaml`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  return (
    <section class="kb" aria-labelledby="kb-title">
      <header class="kb__head">
        <div>
          <h2 id="kb-title" class="kb__title">
            Knowledge base
          </h2>
          <p class="kb-muted" aria-live="polite">
            Published version {published.version}
            {edited ? ' · unpublished changes' : ''} · <CheckStatus check={check} />
          </p>
        </div>
        <div class="kb-actions">
          <button type="button" class="button button--primary" disabled={!canPublish} aria-describedby="kb-publish-hint" onClick={() => void startPublish()}>
            {stage.kind === 'replaying' ? 'Replaying questions…' : 'Publish…'}
          </button>
          <button type="button" class="button button--secondary" aria-expanded={showHistory} aria-controls="kb-history" onClick={() => setShowHistory((s) => !s)}>
            History
          </button>
          <label class="button button--secondary kb-file">
            Import YAML
            <input type="file" class="kb-file__input" accept=".yaml,.yml,text/yaml,text/plain" onChange={(e) => void importFile(e.currentTarget)} />
          </label>
          <button type="button" class="button button--secondary" disabled={yamlText === null} onClick={exportFile}>
            Export YAML
          </button>
        </div>
      </header>
      <p id="kb-publish-hint" class="kb-hint">
        Publishing first replays the site's recent visitor questions against the draft and shows what would change.
      </p>
      <div aria-live="polite">
        {notice !== null && <p class="kb-notice">{notice}</p>}
        {failure !== null && (
          <p class="form__error" role="alert">
            {failure}
          </p>
        )}
        {yaml !== null && 'error' in yaml && <p class="form__error">The draft cannot be written as YAML: {yaml.error}</p>}
      </div>

      {stage.kind === 'stale' && (
        <div class="kb-stale" role="alert">
          <p>
            <strong>Not published.</strong> {stage.message}
          </p>
          <div class="kb-actions">
            <button type="button" class="button button--primary" onClick={() => void load()}>
              Reload the published version
            </button>
            <button type="button" class="button button--secondary" onClick={() => setStage({ kind: 'edit' })}>
              Keep my draft for now
            </button>
          </div>
          <p class="kb-hint">Reloading replaces your draft; export it first to keep a copy.</p>
        </div>
      )}
      {stage.kind === 'review' && <KbReplayReview report={stage.report} busy={stage.publishing} onPublish={() => void publish()} onCancel={() => setStage({ kind: 'edit' })} />}

      {unplaced.length > 0 && (
        <div class="kb-problems-box" role="group" aria-label="Problems in the knowledge base">
          <p>
            <strong>Problems to fix before publishing:</strong>
          </p>
          <ul class="kb-problems">
            {unplaced.map((p) => (
              <li key={p.message}>{p.message}</li>
            ))}
          </ul>
        </div>
      )}

      <div class="kb__body">
        <nav class="kb-list" aria-label="Entries">
          <div class="field">
            <label class="field__label" for="kb-search">
              Search entries
            </label>
            <input id="kb-search" class="input" type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
          </div>
          <button type="button" class="button button--secondary button--block" onClick={addEntry}>
            Add entry
          </button>
          {visible.length === 0 ? (
            <p class="kb-muted">{draft.entries.length === 0 ? 'No entries yet. Add the first one.' : 'No entry matches.'}</p>
          ) : (
            <ul class="kb-list__items">
              {visible.map((entry) => {
                const count = problemsOf(draft.entries.indexOf(entry)).length;
                return (
                  <li key={entry.key}>
                    <button type="button" class="kb-list__item" aria-current={entry.key === selected ? 'true' : undefined} onClick={() => setSelected(entry.key)}>
                      <span class="kb-list__label">{entryLabel(entry)}</span>
                      <span class="kb-list__id">{entry.id}</span>
                      {count > 0 && <span class="kb-badge">{count === 1 ? '1 problem' : `${count} problems`}</span>}
                    </button>
                  </li>
                );
              })}
            </ul>
          )}
        </nav>
        <div class="kb__main">
          {current === null ? (
            <p class="kb-muted">Pick an entry to edit, or add one.</p>
          ) : (
            <KbEntryForm
              key={current.key}
              entry={current}
              otherIds={draft.entries.filter((e) => e.key !== current.key).map((e) => e.id)}
              problems={problemsOf(currentIndex)}
              locale={locale}
              onLocale={setLocale}
              onChange={updateEntry}
              onDelete={() => deleteEntry(current)}
            />
          )}
          <KbTryIt api={api} yaml={() => yamlText} />
        </div>
      </div>
      {showHistory && (
        <div id="kb-history">
          <KbHistory
            api={api}
            current={published.version}
            dirty={edited}
            onRestored={(version) => {
              setNotice(`Rolled back: version ${version} is published.`);
              void load();
            }}
          />
        </div>
      )}
    </section>
  );
}

function CheckStatus({ check }: { check: Check }) {
  switch (check.kind) {
    case 'idle':
      return <>not checked yet</>;
    case 'checking':
      return <>checking…</>;
    case 'ok':
      return <>draft is valid ({check.entries} {check.entries === 1 ? 'entry' : 'entries'})</>;
    case 'invalid':
      return <>{check.problems.length === 1 ? '1 problem to fix' : `${check.problems.length} problems to fix`}</>;
    case 'error':
      return <>could not check: {check.message}</>;
    default:
      return check satisfies never;
  }
}
