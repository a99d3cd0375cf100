import { type KnowledgeBase, type KnowledgeBaseEntry, KnowledgeBaseError, parseKnowledgeBase } from '../../bot/knowledge-base';
import { createScriptedBot } from '../../bot/scripted-bot';
import type { Bot, BotAction } from '../../bot/types';
import type { Locale } from '../../protocol/codes';
import type { VisitorQuestion } from '../store/knowledge-versions';

/**
 * The knowledge base as something a marketer edits: what changed between two versions (the
 * history's summary), what a draft answers to one question (Try it), and what it would answer
 * differently from the published one to the site's real questions (the replay before publishing).
 * Drafts are run with the real scripted bot, built from the draft each time and kept nowhere.
 */

export type Validation = { ok: true; kb: KnowledgeBase } | { ok: false; problems: readonly string[] };

/** The same rules and messages as publishing (bot/knowledge-base.ts). */
export function validateKnowledgeBase(yaml: string): Validation {
  try {
    return { ok: true, kb: parseKnowledgeBase(yaml) };
  } catch (error) {
    if (!(error instanceof KnowledgeBaseError)) throw error;
    return { ok: false, problems: error.problems };
  }
}

// Site-wide texts, compared as a whole each, in the order the summary names them.
const SITE_FIELDS = ['site', 'greeting', 'fallback', 'handoff', 'callbackOffer', 'leaveMessage', 'suggest', 'noted', 'smallTalk', 'feedback', 'synonyms'] as const;

export type KnowledgeBaseDiff = { added: string[]; removed: string[]; changed: string[]; fields: string[] };

/** Entries added, removed and changed (by id), and the site-wide fields that changed. */
export function diffKnowledgeBases(before: KnowledgeBase, after: KnowledgeBase): KnowledgeBaseDiff {
  const old = new Map(before.entries.map((entry) => [entry.id, entry]));
  const now = new Map(after.entries.map((entry) => [entry.id, entry]));
  const added = after.entries.filter((entry) => !old.has(entry.id)).map((entry) => entry.id);
  const removed = before.entries.filter((entry) => !now.has(entry.id)).map((entry) => entry.id);
  const changed = after.entries.filter((entry) => {
    const previous = old.get(entry.id);
    return previous !== undefined && canonical(previous) !== canonical(entry);
  }).map((entry) => entry.id);
  const fields = SITE_FIELDS.filter((field) => canonical(before[field]) !== canonical(after[field]));
  return { added, removed, changed, fields };
}

/** "1 entry added (returns); 2 changed (shipping, payment); greeting changed", or "No changes". */
export function summarizeDiff(diff: KnowledgeBaseDiff): string {
  const parts: string[] = [];
  const list = (ids: string[]) => (ids.length <= 5 ? ids.join(', ') : `${ids.slice(0, 5).join(', ')} and ${ids.length - 5} more`);
  const count = (n: number, what: string) => `${n} ${n === 1 ? 'entry' : 'entries'} ${what}`;
  if (diff.added.length > 0) parts.push(`${count(diff.added.length, 'added')} (${list(diff.added)})`);
  if (diff.removed.length > 0) parts.push(`${count(diff.removed.length, 'removed')} (${list(diff.removed)})`);
  if (diff.changed.length > 0) parts.push(`${count(diff.changed.length, 'changed')} (${list(diff.changed)})`);
  if (diff.fields.length > 0) parts.push(`${diff.fields.join(', ')} changed`);
  return parts.length === 0 ? 'No changes' : parts.join('; ');
}

/** The summary of replacing `previousYaml` by the (valid) `next`; a previous text that no longer parses is "replaced". */
export function summarizeChange(previousYaml: string, next: KnowledgeBase): string {
  const previous = validateKnowledgeBase(previousYaml);
  if (!previous.ok) return `Replaced a knowledge base that did not validate (${next.entries.length} entries)`;
  return summarizeDiff(diffKnowledgeBases(previous.kb, next));
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

export type EntryRef = { entryId: string; title: string };

/** An entry's name for people: its title, else its first question, in `locale` when it has one. */
export function entryTitle(entry: KnowledgeBaseEntry, locale: Locale): string {
  return entry.title?.[locale] ?? entry.questions[locale]?.[0] ?? entry.title?.en ?? Object.values(entry.questions)[0]?.[0] ?? entry.id;
}

export type TryAnswer = {
  text: string;
  locale: Locale;
  entryId: string | null;
  quickReplies: string[];
  unanswered?: 'fallback' | 'suggested';
  suggestions?: EntryRef[];
  /** The bot would then pass the visitor to a person (or offer a call back when nobody is available). */
  handoff?: { reason: string; text: string };
};

/** A question as the draft answers it on a fresh conversation with someone available. */
export async function tryQuestion(kb: KnowledgeBase, text: string, locale: Locale): Promise<TryAnswer> {
  const actions = await createScriptedBot(kb).handle({ text, locale, history: [], agentsAvailable: true });
  return describeActions(kb, actions, locale);
}

export function describeActions(kb: KnowledgeBase, actions: readonly BotAction[], locale: Locale): TryAnswer {
  const byId = new Map(kb.entries.map((entry) => [entry.id, entry]));
  const reply = actions.find((action): action is Extract<BotAction, { kind: 'reply' }> => action.kind === 'reply');
  const moved = actions.find((action): action is Exclude<BotAction, { kind: 'reply' }> => action.kind !== 'reply');
  const first = reply ?? moved;
  const answer: TryAnswer = {
    text: first?.text ?? '',
    locale: first?.locale ?? locale,
    entryId: reply?.entryId ?? null,
    quickReplies: reply?.quickReplies ?? [],
  };
  if (reply?.unanswered !== undefined) answer.unanswered = reply.unanswered;
  if (reply?.suggestedEntryIds !== undefined) {
    answer.suggestions = reply.suggestedEntryIds.flatMap((id) => {
      const entry = byId.get(id);
      return entry === undefined ? [] : [{ entryId: id, title: entryTitle(entry, answer.locale) }];
    });
  }
  if (moved !== undefined) answer.handoff = { reason: moved.reason, text: moved.text };
  return answer;
}

export const ReplayChange = {
  NewlyAnswered: 'newly_answered',
  NoLongerAnswered: 'no_longer_answered',
  DifferentAnswer: 'different_answer',
} as const;
export type ReplayChange = (typeof ReplayChange)[keyof typeof ReplayChange];

/**
 * What happened to one question between the published bot and the draft, by the entry that
 * answered it (null: none did). The same entry is unchanged even if its wording was edited:
 * the history's summary says that; the replay says which questions land elsewhere.
 */
export function classifyReplay(before: string | null, after: string | null): ReplayChange | null {
  if (before === after) return null;
  if (before === null) return ReplayChange.NewlyAnswered;
  if (after === null) return ReplayChange.NoLongerAnswered;
  return ReplayChange.DifferentAnswer;
}

export type ReplayItem = { text: string; locale: Locale; change: ReplayChange; before: EntryRef | null; after: EntryRef | null; count: number };
export type ReplayReport = { questions: number; changes: ReplayItem[]; unchanged: number; ms: number };

/** The longest stretch a replay runs before it yields to the event loop (a question takes about a millisecond). */
const REPLAY_SLICE_MS = 8;

/**
 * Runs every question through the published and the draft bot and reports the ones whose
 * answering entry differs. A question asked several times (same words, same language) is run
 * once and reported once with its `count`. Yields to the event loop every few milliseconds so a
 * replay never holds up the relay's other work for long.
 */
export async function replayQuestions(published: KnowledgeBase, draft: KnowledgeBase, questions: readonly VisitorQuestion[], clock: () => number = () => performance.now()): Promise<ReplayReport> {
  const started = clock();
  const yieldNow = () => new Promise<void>((resolve) => setImmediate(resolve));
  // Each build indexes a whole knowledge base (tens of milliseconds for the demo shop's): one per slice.
  const before = createScriptedBot(published);
  await yieldNow();
  const bots = { before, after: createScriptedBot(draft) };
  await yieldNow();
  const distinct = new Map<string, { question: VisitorQuestion; count: number }>();
  for (const question of questions) {
    const key = `${question.locale}\u0000${question.text.trim().toLowerCase()}`;
    const seen = distinct.get(key);
    if (seen === undefined) distinct.set(key, { question, count: 1 });
    else seen.count += 1;
  }
  const changes: ReplayItem[] = [];
  let changedCount = 0;
  let sliceStart = clock();
  for (const { question, count } of distinct.values()) {
    if (clock() - sliceStart >= REPLAY_SLICE_MS) {
      await yieldNow();
      sliceStart = clock();
    }
    const was = await answeredBy(bots.before, published, question);
    const will = await answeredBy(bots.after, draft, question);
    const change = classifyReplay(was?.entryId ?? null, will?.entryId ?? null);
    if (change === null) continue;
    changes.push({ text: question.text.trim(), locale: question.locale, change, before: was, after: will, count });
    changedCount += count;
  }
  return { questions: questions.length, changes, unchanged: questions.length - changedCount, ms: Math.round(clock() - started) };
}

async function answeredBy(bot: Bot, kb: KnowledgeBase, question: VisitorQuestion): Promise<EntryRef | null> {
  const actions = await bot.handle({ text: question.text, locale: question.locale, history: [], agentsAvailable: true });
  for (const action of actions) {
    if (action.kind !== 'reply' || action.entryId === undefined) continue;
    const entry = kb.entries.find((e) => e.id === action.entryId);
    return { entryId: action.entryId, title: entry === undefined ? action.entryId : entryTitle(entry, action.locale) };
  }
  return null;
}
