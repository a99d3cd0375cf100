/**
 * The knowledge-base editor's draft: the entries as a form edits them, and the YAML they are
 * published as (the format of bot/knowledge/demo-shop.yaml). Everything outside `entries` (site
 * name, greeting, fallback, small talk, synonyms…) and the file's comments stay as they were
 * written: the YAML is the published document with its `entries` replaced. Validation is the
 * server's (`/check`), so the editor shows the very messages publishing would give.
 */
import { isMap, parseDocument } from 'yaml';
import { Locales, type Locale } from '../protocol/codes';

export const LocaleNames: Record<Locale, string> = { en: 'English', 'pt-BR': 'Portuguese (Brazil)', es: 'Spanish' };

type PerLocale<T> = Record<Locale, T>;

export type DraftEntry = {
  /** The form's own key for the entry (stable while its id is being typed). */
  key: string;
  id: string;
  title: PerLocale<string>;
  questions: PerLocale<string[]>;
  answer: PerLocale<string>;
  quickReplies: PerLocale<string[]>;
  handoff: boolean;
  followUps: string[];
  /** Fields the form does not edit, kept as they were. */
  extra: Record<string, unknown>;
};

export type Draft = { source: string; entries: DraftEntry[] };

export class DraftError extends Error {
  override readonly name = 'DraftError';
}

const empty = <T>(make: () => T): PerLocale<T> => ({ en: make(), 'pt-BR': make(), es: make() });
let counter = 0;
const nextKey = () => `e${++counter}`;

/** Reads a knowledge base's YAML into a draft; a file that is not a YAML mapping with `entries` is refused. */
export function draftFromYaml(source: string): Draft {
  const doc = parseDocument(source);
  if (doc.errors.length > 0) throw new DraftError(`The file is not valid YAML: ${doc.errors[0]?.message ?? ''}`);
  const root: unknown = doc.toJS();
  if (typeof root !== 'object' || root === null || Array.isArray(root)) throw new DraftError('The file is not a knowledge base: expected a YAML mapping (site, greeting, entries, …).');
  const entries = (root as Record<string, unknown>).entries ?? [];
  if (!Array.isArray(entries)) throw new DraftError('The file is not a knowledge base: "entries" must be a list.');
  return { source, entries: entries.map(entryFromRaw) };
}

function entryFromRaw(raw: unknown): DraftEntry {
  const r = typeof raw === 'object' && raw !== null ? { ...(raw as Record<string, unknown>) } : {};
  const take = (name: string): unknown => {
    const value = r[name];
    delete r[name];
    return value;
  };
  const id = take('id');
  const title = take('title');
  const questions = take('questions');
  const answer = take('answer');
  const quickReplies = take('quickReplies');
  const handoff = take('handoff');
  const followUps = take('followUps');
  return {
    key: nextKey(),
    id: typeof id === 'string' ? id : '',
    title: texts(title),
    questions: lists(questions),
    answer: texts(answer),
    quickReplies: lists(quickReplies),
    handoff: handoff === true,
    followUps: Array.isArray(followUps) ? followUps.filter((f): f is string => typeof f === 'string') : [],
    extra: r,
  };
}

function texts(value: unknown): PerLocale<string> {
  const out = empty(() => '');
  if (typeof value !== 'object' || value === null) return out;
  for (const locale of Locales) {
    const text = (value as Record<string, unknown>)[locale];
    if (typeof text === 'string') out[locale] = text;
  }
  return out;
}

function lists(value: unknown): PerLocale<string[]> {
  const out = empty<string[]>(() => []);
  if (typeof value !== 'object' || value === null) return out;
  for (const locale of Locales) {
    const list = (value as Record<string, unknown>)[locale];
    if (Array.isArray(list)) out[locale] = list.map(String);
  }
  return out;
}

/** The entry as the knowledge base writes it: empty languages and fields left out. */
function entryToRaw(entry: DraftEntry): Record<string, unknown> {
  const pick = <T>(map: PerLocale<T>, keep: (v: T) => boolean) => {
    const out: Partial<Record<Locale, T>> = {};
    for (const locale of Locales) if (keep(map[locale])) out[locale] = map[locale];
    return Object.keys(out).length === 0 ? undefined : out;
  };
  const clean = (list: string[]) => list.map((line) => line.trim()).filter((line) => line !== '');
  const raw: Record<string, unknown> = { id: entry.id.trim() };
  const title = pick(entry.title, (t) => t.trim() !== '');
  if (title !== undefined) raw.title = title;
  const questions: Partial<Record<Locale, string[]>> = {};
  for (const locale of Locales) if (clean(entry.questions[locale]).length > 0) questions[locale] = clean(entry.questions[locale]);
  raw.questions = questions;
  const answer = pick(entry.answer, (t) => t.trim() !== '');
  if (answer !== undefined) raw.answer = answer;
  const replies: Partial<Record<Locale, string[]>> = {};
  for (const locale of Locales) if (clean(entry.quickReplies[locale]).length > 0) replies[locale] = clean(entry.quickReplies[locale]);
  if (Object.keys(replies).length > 0) raw.quickReplies = replies;
  if (entry.handoff) raw.handoff = true;
  const followUps = clean(entry.followUps);
  if (followUps.length > 0) raw.followUps = followUps;
  return { ...raw, ...entry.extra };
}

/** The draft as YAML: its source document with `entries` written from the form. */
export function draftToYaml(draft: Draft): string {
  const doc = parseDocument(draft.source);
  if (!isMap(doc.contents)) throw new DraftError('The knowledge base is not a YAML mapping.');
  doc.set('entries', doc.createNode(draft.entries.map(entryToRaw)));
  return doc.toString({ lineWidth: 0 });
}

export function newEntry(id: string, question?: { text: string; locale: Locale }): DraftEntry {
  const questions = empty<string[]>(() => []);
  if (question !== undefined) questions[question.locale] = [question.text];
  return { key: nextKey(), id, title: empty(() => ''), questions, answer: empty(() => ''), quickReplies: empty<string[]>(() => []), handoff: false, followUps: [], extra: {} };
}

/** An id for a new entry from its question ("Do you gift-wrap?" → "do-you-gift-wrap"), not used yet. */
export function idFor(text: string, taken: readonly string[]): string {
  const slug =
    text
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .split('-')
      .slice(0, 5)
      .join('-') || 'new-entry';
  let id = slug;
  for (let n = 2; taken.includes(id); n++) id = `${slug}-${n}`;
  return id;
}

/** The entry's name in lists: its English title, else its first question, else its id. */
export function entryLabel(entry: DraftEntry): string {
  for (const locale of Locales) if (entry.title[locale].trim() !== '') return entry.title[locale];
  for (const locale of Locales) if (entry.questions[locale][0] !== undefined) return entry.questions[locale][0];
  return entry.id === '' ? '(new entry)' : entry.id;
}

export function matchesSearch(entry: DraftEntry, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (q === '') return true;
  const haystack = [entry.id, ...Locales.flatMap((l) => [entry.title[l], entry.answer[l], ...entry.questions[l]])].join('\n').toLowerCase();
  return haystack.includes(q);
}

/**
 * Where a validation problem belongs. The server names entries `entry "<id>": <field>.<locale> …`
 * or `entries[<index>] (no id): …`; `field` is the first segment of the path ("answer",
 * "questions", "followUps", "id"…) and `locale` the language, when the message names them.
 */
export type Placed = { message: string; entryIndex: number | null; field: string | null; locale: Locale | null };

export function placeProblems(problems: readonly string[], entries: readonly DraftEntry[]): Placed[] {
  return problems.map((message) => {
    const named = /^entry "([^"]*)": (.*)$/.exec(message);
    const indexed = /^entries\[(\d+)\] \(no id\)(?::)? ?(.*)$/.exec(message);
    let entryIndex: number | null = null;
    let rest = '';
    if (named !== null) {
      const id = named[1] ?? '';
      entryIndex = entries.findIndex((e) => e.id.trim() === id);
      if (entryIndex < 0) entryIndex = null;
      rest = named[2] ?? '';
    } else if (indexed !== null) {
      entryIndex = Number(indexed[1]);
      rest = indexed[2] ?? '';
    }
    if (entryIndex === null) return { message, entryIndex: null, field: null, locale: null };
    const path = /^([A-Za-z]+)(?:\[\d+\])?(?:\.(en|pt-BR|es))?/.exec(rest);
    const field = path?.[1] ?? null;
    const locale = (path?.[2] as Locale | undefined) ?? null;
    return { message, entryIndex, field: field === 'is' || field === 'has' ? null : field, locale };
  });
}
