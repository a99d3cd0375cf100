import { Locales, type Locale } from '../protocol/codes';
import { editDistance } from './edit-distance';
import { type KnowledgeBase, languagesOf } from './knowledge-base';
import { ABBREVIATIONS, BUILT_IN_SYNONYMS, isPlaceKey, LONGEST_PLACE_WORDS, PHRASES, PLACES } from './lexicon';
import { allStopWords, foldText, isAmountWord, isGenericWord, isStopWord, tokenize } from './normalize';
import { stemIn } from './stemmer';
import { synonymKeys } from './synonyms';

/** One way of asking a knowledge-base question, in one language. */
export type Phrasing = { entryId: string; locale: Locale; text: string };
/** What an entry says or is called, in one language: indexed too, weighing less than its questions. */
export type EntryText = { entryId: string; locale: Locale; text: string };

export type Match = {
  entryId: string;
  /** The language to answer in (see `match`). */
  locale: Locale;
  /** 0..1, see `score`. */
  confidence: number;
  /** The phrasing of that entry and language closest to the message. */
  phrasing: string;
};

export interface Matcher {
  /**
   * The entry that best explains `text`, or null when no entry shares a word with it.
   * The caller decides what confidence is enough (see MIN_CONFIDENCE).
   *
   * Language: the one whose texts of that entry explain the message best. When several do so
   * equally (shared words, like "Portugal" or "horario"), `preferredLocale` wins if it is among them.
   */
  match(text: string, preferredLocale: Locale): Match | null;
  /** The best `limit` entries, best first, one per entry (for "Did you mean…?"). */
  rank(text: string, preferredLocale: Locale, limit: number): Match[];
}

/**
 * At or above this the bot answers; below SUGGEST_CONFIDENCE it says it does not know; in
 * between it asks "Did you mean…?". Chosen on the tuning half of the evaluation sets
 * (bench/bot-eval.ts) for both knowledge bases at once, so that it means the same for a shop and
 * a clinic: a confidence is the share of the message the entry explains, not a raw score.
 */
export const MIN_CONFIDENCE = 0.6;
export const SUGGEST_CONFIDENCE = 0.55;

export type MatcherOptions = {
  /**
   * Groups of words that mean the same to this site ("lamp", "light", "luminaire"), for every
   * language; they join the built-in groups (bot/lexicon.ts) they share a word with.
   */
  synonyms?: readonly (readonly string[])[];
  /** The same, per language: a group is only that language's (English "parcel" is not Portuguese "parcela"). */
  synonymsByLocale?: Partial<Record<Locale, readonly (readonly string[])[]>>;
  /** Answers and titles of the entries: what an entry is about, beyond its questions. */
  answers?: readonly EntryText[];
  titles?: readonly EntryText[];
  /** Leave out the built-in synonym groups (for tests of the site's own). */
  builtInSynonyms?: boolean;
};

// How much a word found only in an entry's title or answer counts, against one of its questions.
const QUESTION_FIELD = 1;
const TITLE_FIELD = 0.7;
const ANSWER_FIELD = 0.55;
// Closeness of two words: same term 1, a place for another place 0.85, one word the start of
// the other 0.85, one typo 0.8, two typos 0.6.
const OTHER_PLACE = 0.85;
const PREFIX = 0.85;
const ONE_TYPO = 0.8;
const TWO_TYPOS = 0.6;
// A place the visitor names is a detail of the question; an unknown word is often its topic.
const PLACE_WEIGHT = 0.5;
const GENERIC_WEIGHT = 0.2;
const NUMBER_WEIGHT = 0.5;
// Bounds the work on a 4000-character message; no phrasing is anywhere near this long.
const MAX_QUERY_TERMS = 24;
const LONGEST_WORD = 40;
const MAX_QUERY_WORDS = 64;
const CANDIDATES = 20;
const MAX_ALTERNATIVES = 4;
// "ship" starts many words of a large index; the first few are enough to find its entries.
const MAX_PREFIXES = 16;
const SAME = 1e-9;
// The visitor's language (guessed from the message, else the page's) explains their words best; another language's
// entries only win when they explain clearly more (a false friend like "lampara" ~ "lâmpada" must not).
const OTHER_LANGUAGE = 0.85;

/** A word of a message, as one language's analysis leaves it. */
type Token = { key: string; surface: string | null; number?: boolean };
/** A phrasing's terms (ids in its language's vocabulary). */
type Question = { text: string; terms: Int32Array };
/** One entry in one language. */
type Doc = {
  entryId: string;
  locale: Locale;
  /** Term id → how much it counts here (QUESTION_FIELD, TITLE_FIELD or ANSWER_FIELD, the best). */
  fields: Map<number, number>;
  questions: Question[];
  /** How much a place counts here: the best field a place is in (0: none). */
  placeField: number;
};
type Surface = { word: string; term: number; mask: number };
type Language = {
  locale: Locale;
  /** `maxDistinct`: stop after this many different words (a message; never an entry's text). */
  analyze: (text: string, maxDistinct?: number) => Token[];
  terms: Map<string, number>;
  /** Per term id: its IDF weight and the docs it is in. */
  idf: number[];
  postings: number[][];
  isPlace: boolean[];
  docs: Doc[];
  /** Words of the index as written (folded), for typo matching by length, and sorted for prefixes. */
  surfaces: Surface[][];
  sorted: Surface[];
  /** Trigram → the words of 6+ letters that have it, for misspellings beyond two edits ("resceduale"). */
  trigrams: Map<string, Surface[]>;
  placeDocs: number[];
  unknownWeight: number;
};
type QueryTerm = {
  weight: number;
  /** Known term id, or -1. */
  term: number;
  /** Near terms (typos, prefixes) with their closeness, for a word the index does not have. */
  near: { term: number; closeness: number }[];
  place: boolean;
};
type Scored = { doc: Doc; confidence: number; coverage: number; phrasing: string };

export function createMatcher(phrasings: readonly Phrasing[], options: MatcherOptions = {}): Matcher {
  const languages = Locales.map((locale) => buildLanguage(locale, phrasings, options));

  const scoreAll = (text: string, preferredLocale: Locale): Scored[] => {
    const all: Scored[] = [];
    for (const language of languages) {
      if (language.docs.length === 0) continue;
      all.push(...scoreIn(language, text, language.locale === preferredLocale ? 1 : OTHER_LANGUAGE));
    }
    return all;
  };

  const rank = (text: string, preferredLocale: Locale, limit: number): Match[] => {
    const scored = scoreAll(text, preferredLocale);
    // Per entry, its best language: the highest confidence, then coverage, then the preferred one.
    const byEntry = new Map<string, Scored>();
    for (const candidate of scored) {
      const current = byEntry.get(candidate.doc.entryId);
      if (current === undefined || better(candidate, current, preferredLocale)) byEntry.set(candidate.doc.entryId, candidate);
    }
    return [...byEntry.values()]
      .sort((a, b) => (better(a, b, preferredLocale) ? -1 : better(b, a, preferredLocale) ? 1 : 0))
      .slice(0, limit)
      .map((best) => ({ entryId: best.doc.entryId, locale: best.doc.locale, confidence: best.confidence, phrasing: best.phrasing }));
  };

  return {
    match: (text, preferredLocale) => rank(text, preferredLocale, 1)[0] ?? null,
    rank,
  };
}

function better(a: Scored, b: Scored, preferredLocale: Locale): boolean {
  if (Math.abs(a.confidence - b.confidence) > SAME) return a.confidence > b.confidence;
  if (Math.abs(a.coverage - b.coverage) > SAME) return a.coverage > b.coverage;
  return a.doc.locale === preferredLocale && b.doc.locale !== preferredLocale;
}

/** Every question of every entry, in every language it is written in. */
export function phrasingsOf(kb: KnowledgeBase): Phrasing[] {
  return kb.entries.flatMap((entry) =>
    languagesOf(entry.questions).flatMap((locale) =>
      (entry.questions[locale] ?? []).map((text) => ({ entryId: entry.id, locale, text })),
    ),
  );
}

/**
 * The matcher for a knowledge base: its questions, answers and titles, with the built-in
 * synonyms and the site's own (each language its own groups). An entry's title is its `title` when it has
 * one (per language), else its id in words ("shipping-cost" → "shipping cost", English).
 */
export function createKnowledgeBaseMatcher(kb: KnowledgeBase): Matcher {
  const answers = kb.entries.flatMap((entry) =>
    entry.answer === undefined ? [] : languagesOf(entry.answer).map((locale) => ({ entryId: entry.id, locale, text: entry.answer?.[locale] ?? '' })),
  );
  const titles = kb.entries.flatMap((entry) =>
    entry.title === undefined
      ? [{ entryId: entry.id, locale: 'en' as const, text: entry.id.replace(/-/g, ' ') }]
      : languagesOf(entry.title).map((locale) => ({ entryId: entry.id, locale, text: entry.title?.[locale] ?? '' })),
  );
  return createMatcher(phrasingsOf(kb), { synonymsByLocale: kb.synonyms, answers, titles });
}

// ---------------------------------------------------------------------------------------------
// Analysis: a text → its terms in one language.

// Three-letter filler is too close to real words ("dog" is one letter from "dos").
// By length: only filler within one letter of a word's length can be one edit from it.
const STOP_WORDS_BY_LENGTH: string[][] = [];
for (const word of allStopWords()) if (word.length >= 4) (STOP_WORDS_BY_LENGTH[word.length] ??= []).push(word);
// A hostile message can hold hundreds of made-up words; each is compared once. Bounded.
const NEAR_FILLER_MEMO_LIMIT = 20_000;
const nearFillerMemo = new Map<string, boolean>();

/** A word one typo from filler ("wat", "yuor"): taken as that filler. */
function isNearFiller(word: string): boolean {
  const known = nearFillerMemo.get(word);
  if (known !== undefined) return known;
  let near = false;
  for (let length = word.length - 1; !near && length <= word.length + 1; length++) {
    near = (STOP_WORDS_BY_LENGTH[length] ?? []).some((stop) => editDistance(word, stop, 1) <= 1);
  }
  if (nearFillerMemo.size >= NEAR_FILLER_MEMO_LIMIT) nearFillerMemo.clear();
  nearFillerMemo.set(word, near);
  return near;
}

/**
 * One language's analysis: folded words; several-word phrases as one word; place names as
 * their place key; chat abbreviations spelled out; filler and numbers dropped; each word as its
 * synonym group when it has one, else as its Snowball stem.
 */
function analyzer(locale: Locale, groups: readonly (readonly string[])[]): (text: string, maxDistinct?: number) => Token[] {
  const phrases = PHRASES[locale].map(([from, to]) => ({ word: from.split(' ')[0] ?? from, pattern: new RegExp(`\\b${from}\\b`, 'g'), to }));
  const abbreviations = ABBREVIATIONS[locale];
  const negations = NEGATIONS[locale];
  // A group's words as the message's words will be: each word of it, folded, and its stem.
  const groupOf = synonymKeys(groups, (phrase) =>
    tokenize(phrase).flatMap((word) => [word, stemIn(locale, word)]).filter((form) => !isStopWord(form)),
  );
  const keyOf = (word: string): string => groupOf.get(word) ?? (() => {
    const stemmed = stemIn(locale, word);
    return groupOf.get(stemmed) ?? stemmed;
  })();
  return (text, maxDistinct) => {
    let folded = tokenize(text).join(' ');
    for (const phrase of phrases) if (folded.includes(phrase.word)) folded = folded.replace(phrase.pattern, phrase.to);
    const words = folded.split(' ');
    const tokens: Token[] = [];
    const distinct = new Set<string>();
    let negated = false;
    for (let i = 0; i < words.length; i++) {
      if (maxDistinct !== undefined && distinct.size >= maxDistinct) break;
      distinct.add(words[i] ?? '');
      const place = placeAt(words, i);
      if (place !== null) {
        tokens.push({ key: place.key, surface: null });
        i += place.length - 1;
        continue;
      }
      const raw = words[i] ?? '';
      // (Own keys only: "constructor" is a word, not Object's.)
      const word = Object.hasOwn(abbreviations, raw) ? (abbreviations[raw] ?? raw) : raw;
      // "It hasn't arrived" is not "when will it arrive?": a negation is a word of its own.
      if (negations.has(word)) {
        if (!negated) tokens.push({ key: '!not', surface: null });
        negated = true;
        continue;
      }
      // No word of any language is this long: garbage, unknown as it is, not worth stemming or
      // comparing letter by letter (a 4000-letter "word" cost 15 ms).
      if (word.length > LONGEST_WORD) {
        tokens.push({ key: `?${word.slice(0, LONGEST_WORD)}`, surface: null });
        continue;
      }
      if (/^\d+$/.test(word)) {
        tokens.push({ key: `#${word}`, surface: null, number: true });
        continue;
      }
      if (word === '' || /\d/.test(word) || isStopWord(word) || (word.length < 2 && !isAmountWord(word))) continue;
      tokens.push({ key: keyOf(word), surface: word });
    }
    return tokens;
  };
}

// Folded; contractions arrive split ("hasn't" → "hasn", "t"). Portuguese "no" is "in the", not a negation.
const NEGATIONS: Record<Locale, ReadonlySet<string>> = {
  en: new Set(['not', 'no', 'never', 'hasn', 'hasnt', 'isn', 'isnt', 'didn', 'didnt', 'doesn', 'doesnt', 'don', 'dont', 'won', 'wont', 'wasn', 'wasnt', 'haven', 'havent', 'cant', 'cannot', 'couldn', 'aren', 'arent', 'nothing']),
  'pt-BR': new Set(['nao', 'nunca', 'nem', 'nada', 'n']),
  es: new Set(['no', 'nunca', 'ni', 'nada', 'tampoco']),
};

// Words that start a place name: most words start none, and need no lookups.
const PLACE_STARTS: ReadonlySet<string> = new Set([...PLACES.keys()].map((name) => name.split(' ')[0] ?? name));

function placeAt(words: readonly string[], start: number): { key: string; length: number } | null {
  if (!PLACE_STARTS.has(words[start] ?? '')) return null;
  for (let length = Math.min(LONGEST_PLACE_WORDS, words.length - start); length >= 1; length--) {
    const key = PLACES.get(words.slice(start, start + length).join(' '));
    if (key !== undefined) return { key, length };
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// The index of one language.

function buildLanguage(locale: Locale, phrasings: readonly Phrasing[], options: MatcherOptions): Language {
  const groups = [
    ...(options.builtInSynonyms === false ? [] : BUILT_IN_SYNONYMS[locale]),
    ...(options.synonyms ?? []),
    ...(options.synonymsByLocale?.[locale] ?? []),
  ];
  const analyze = analyzer(locale, groups);
  const terms = new Map<string, number>();
  const isPlace: boolean[] = [];
  const surfaceTerms = new Map<string, number>();
  const termOf = (token: Token): number => {
    let id = terms.get(token.key);
    if (id === undefined) {
      id = terms.size;
      terms.set(token.key, id);
      isPlace.push(isPlaceKey(token.key));
    }
    if (token.surface !== null && !surfaceTerms.has(token.surface)) surfaceTerms.set(token.surface, id);
    return id;
  };
  const docs: Doc[] = [];
  const docOf = new Map<string, Doc>();
  const doc = (entryId: string): Doc => {
    let found = docOf.get(entryId);
    if (found === undefined) {
      found = { entryId, locale, fields: new Map(), questions: [], placeField: 0 };
      docOf.set(entryId, found);
      docs.push(found);
    }
    return found;
  };
  const add = (target: Doc, ids: Iterable<number>, field: number) => {
    for (const id of ids) {
      if ((target.fields.get(id) ?? 0) < field) target.fields.set(id, field);
      if (isPlace[id] === true && target.placeField < field) target.placeField = field;
    }
  };
  for (const phrasing of phrasings) {
    if (phrasing.locale !== locale) continue;
    const ids = [...new Set(analyze(phrasing.text).map(termOf))];
    const target = doc(phrasing.entryId);
    target.questions.push({ text: phrasing.text, terms: Int32Array.from(ids) });
    add(target, ids, QUESTION_FIELD);
  }
  // Titles and answers only describe entries that have questions in this language.
  for (const [texts, field] of [[options.titles ?? [], TITLE_FIELD], [options.answers ?? [], ANSWER_FIELD]] as const) {
    for (const text of texts) {
      const target = text.locale === locale ? docOf.get(text.entryId) : undefined;
      if (target !== undefined) add(target, analyze(text.text).map(termOf), field);
    }
  }

  // IDF over the entries of this language: "order" in many entries counts less than "frete".
  const postings: number[][] = Array.from({ length: terms.size }, () => []);
  docs.forEach((d, index) => {
    for (const id of d.fields.keys()) postings[id]?.push(index);
  });
  const idf = postings.map((list) => Math.log(1 + docs.length / Math.max(1, list.length)));
  const surfaces: Surface[][] = [];
  for (const [word, term] of surfaceTerms) {
    const bucket = (surfaces[word.length] ??= []);
    bucket.push({ word, term, mask: letterMask(word) });
  }
  return {
    locale,
    analyze,
    terms,
    idf,
    postings,
    isPlace,
    docs,
    surfaces,
    sorted: surfaces.flat().sort((a, b) => (a.word < b.word ? -1 : a.word > b.word ? 1 : 0)),
    trigrams: trigramIndex(surfaces.flat()),
    placeDocs: docs.flatMap((d, index) => (d.placeField > 0 ? [index] : [])),
    // A word no entry has weighs as much as the rarest one: it is often what the question is about.
    unknownWeight: Math.log(1 + docs.length),
  };
}

// ---------------------------------------------------------------------------------------------
// Scoring.

/**
 * How well each entry of one language explains the message, 0..1: the geometric mean of
 * - coverage: the share of the message's words (weighted by IDF) the entry has, in its
 *   questions (full weight), title or answer (less), and
 * - the best question's coverage: the largest share of one of its questions' words found in
 *   the message.
 * Both sides must agree, so "do you sell bicycles?" does not match "What products do you sell?"
 * on "sell" alone, and a long answer that happens to share words does not outweigh a question.
 */
function scoreIn(language: Language, text: string, factor: number): Scored[] {
  const query = queryTerms(language, text);
  if (query.length === 0) return [];
  const asked = tokenize(text).join(' ');
  const totalWeight = query.reduce((sum, q) => sum + q.weight, 0);
  if (totalWeight === 0) return [];

  // First pass, cheap: coverage of every entry that shares a term, from the postings.
  const coverage = new Map<number, number>();
  const credit = (index: number, amount: number, seen: Map<number, number>) => {
    if (amount > (seen.get(index) ?? 0)) seen.set(index, amount);
  };
  for (const q of query) {
    const best = new Map<number, number>();
    if (q.term >= 0) for (const index of language.postings[q.term] ?? []) credit(index, fieldOf(language, index, q.term), best);
    for (const near of q.near) {
      for (const index of language.postings[near.term] ?? []) credit(index, near.closeness * fieldOf(language, index, near.term), best);
    }
    if (q.place) for (const index of language.placeDocs) credit(index, OTHER_PLACE * (language.docs[index]?.placeField ?? 0), best);
    for (const [index, amount] of best) coverage.set(index, (coverage.get(index) ?? 0) + q.weight * amount);
  }
  const candidates = [...coverage].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, CANDIDATES);

  // Second pass: the best question of each candidate.
  const closeness = closenessTable(language, query);
  return candidates.map(([index, covered]): Scored => {
    const d = language.docs[index] as Doc;
    let questionCoverage = 0;
    let phrasing = d.questions[0]?.text ?? '';
    for (const question of d.questions) {
      let total = 0;
      let matched = 0;
      for (const id of question.terms) {
        const w = language.idf[id] ?? 0;
        total += w;
        matched += w * (closeness.get(id) ?? (language.isPlace[id] === true && closeness.has(-1) ? OTHER_PLACE : 0));
      }
      const value = total === 0 ? 0 : matched / total;
      if (value > questionCoverage + SAME) {
        questionCoverage = value;
        phrasing = question.text;
      }
    }
    const share = covered / totalWeight;
    const raw = round(Math.sqrt(share * questionCoverage));
    // A question asked word for word stays exact in any language; anything else from another
    // language counts less, even when its few words all match ("precio" is filler to Portuguese).
    const exact = raw >= 1 && tokenize(phrasing).join(' ') === asked;
    return { doc: d, confidence: exact ? 1 : factor * raw, coverage: share, phrasing };
  });
}

function fieldOf(language: Language, docIndex: number, term: number): number {
  return language.docs[docIndex]?.fields.get(term) ?? 0;
}

/** Term id → how close the message comes to it (1 for its own terms); -1 marks "the message names a place". */
function closenessTable(language: Language, query: readonly QueryTerm[]): Map<number, number> {
  const table = new Map<number, number>();
  for (const q of query) {
    if (q.term >= 0) table.set(q.term, 1);
    for (const near of q.near) if ((table.get(near.term) ?? 0) < near.closeness) table.set(near.term, near.closeness);
    if (q.place) table.set(-1, 1);
  }
  return table;
}

function queryTerms(language: Language, text: string): QueryTerm[] {
  // Past MAX_QUERY_WORDS different words a message is no question but a flood: its first ones
  // are kept (repeats do not count: "blah blah … what are your opening hours?" is still read).
  const tokens = language.analyze(text, MAX_QUERY_WORDS);
  const names = properNames(text);
  const seen = new Set<string>();
  const query: QueryTerm[] = [];
  let topical = false;
  for (const token of tokens) {
    if (seen.has(token.key) || query.length >= MAX_QUERY_TERMS) continue;
    seen.add(token.key);
    const term = language.terms.get(token.key) ?? -1;
    const place = isPlaceKey(token.key);
    const surface = token.surface ?? '';
    // A word the index does not have that is one typo from filler ("wat", "yuor") is filler.
    if (term < 0 && !place && surface.length >= 3 && isNearFiller(surface)) continue;
    // A number is a detail ("10 days ago", "2 lamps"), but a message of numbers is not a question for the knowledge base.
    if (token.number) {
      // (One the entries use too, "the Alfama 20", counts like any of their words.)
      query.push({ weight: term >= 0 ? (language.idf[term] ?? 0) : language.unknownWeight * NUMBER_WEIGHT, term, near: [], place: false });
      continue;
    }
    const generic = isGenericWord(surface);
    if (!generic && !isAmountWord(surface)) topical = true;
    const near = term < 0 && !place ? nearTerms(language, surface) : [];
    // A misspelt word weighs as an unknown one: it counts fully where its near word is, and
    // against an entry that lacks it ("change" is one letter from "charge").
    const idf = term >= 0 ? (language.idf[term] ?? 0) : language.unknownWeight;
    // A capitalised word the index does not know ("the Alfama pendant", "near Gran Via") names
    // something specific: a detail of the question, like a place.
    const named = term < 0 && near.length === 0 && names.has(surface);
    const weight = idf * (place || named ? PLACE_WEIGHT : 1) * (generic ? GENERIC_WEIGHT : 1);
    query.push({ weight, term, near, place });
  }
  // "How much?", "something": no topic to look up.
  return topical ? query : [];
}

/**
 * Folded words written with a capital inside a sentence ("can I return the Alfama pendant"):
 * names. Not the first word of a sentence, and nothing in a message written in capitals.
 */
function properNames(text: string): Set<string> {
  const names = new Set<string>();
  const letters = text.replace(/[^\p{L}]/gu, '');
  if (letters.length > 0 && letters === letters.toUpperCase()) return names;
  // One pass over the words: a capitalised one counts unless it starts a sentence.
  // NOTE: no look-behind over spaces here: on a 4000-character message of spaces it took 50 ms.
  let sentenceStart = true;
  for (const match of text.matchAll(/[\p{L}\p{N}]+|[.!?¿¡]/gu)) {
    const word = match[0];
    if (/^[.!?¿¡]$/u.test(word)) {
      sentenceStart = true;
      continue;
    }
    if (!sentenceStart && /^\p{Lu}\p{Ll}/u.test(word)) names.add(foldText(word));
    sentenceStart = false;
  }
  return names;
}

/** The index's words near an unknown one: it is the start of one (4+ letters), or one or two typos away. */
function nearTerms(language: Language, word: string): { term: number; closeness: number }[] {
  if (word.length < 5) return [];
  const allowed = word.length >= 8 ? 2 : 1;
  const mask = letterMask(word);
  const found = new Map<number, number>();
  const note = (term: number, closeness: number) => {
    if ((found.get(term) ?? 0) < closeness) found.set(term, closeness);
  };
  // Words that start with it: a range of the sorted list.
  const sorted = language.sorted;
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle]?.word ?? '') < word) low = middle + 1;
    else high = middle;
  }
  for (let i = low; i < sorted.length && found.size < MAX_PREFIXES; i++) {
    const surface = sorted[i] as Surface;
    if (!surface.word.startsWith(word)) break;
    if (surface.word.length > word.length) note(surface.term, PREFIX);
  }
  for (let length = Math.max(5, word.length - allowed); length <= word.length + allowed; length++) {
    const bucket = language.surfaces[length];
    if (bucket === undefined) continue;
    for (const surface of bucket) {
      if (differentLetters(mask ^ surface.mask) > 2 * allowed || !shareStart(word, surface.word, allowed)) continue;
      const distance = editDistance(word, surface.word, allowed);
      if (distance <= allowed) note(surface.term, distance === 1 ? ONE_TYPO : TWO_TYPOS);
    }
  }
  if (found.size === 0 && word.length >= TRIGRAM_MIN_LENGTH) {
    // Character trigrams, when no word is an edit or two away: a word that starts like an index
    // word and shares most of its letter triples is that word with several slips at once.
    const own = trigramsOf(word);
    const shared = new Map<Surface, number>();
    for (const gram of own) for (const surface of language.trigrams.get(gram) ?? []) shared.set(surface, (shared.get(surface) ?? 0) + 1);
    for (const [surface, count] of shared) {
      // The first letter is rarely the mistyped one, and rhymes share the rest ("meaning", "cleaning").
      if (surface.word.charCodeAt(0) !== word.charCodeAt(0)) continue;
      const dice = (2 * count) / (own.size + surface.word.length);
      if (dice >= TRIGRAM_MIN_DICE) note(surface.term, TWO_TYPOS);
    }
  }
  return [...found]
    .map(([term, closeness]) => ({ term, closeness }))
    .sort((a, b) => b.closeness - a.closeness || a.term - b.term)
    .slice(0, MAX_ALTERNATIVES);
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/**
 * Which letters a word has, one bit per letter (a–z; other characters share the top bits).
 * One edit (insertion, deletion, substitution, transposition) flips at most two bits, so words
 * whose masks differ in more than `2 × allowed` bits are more than `allowed` edits apart.
 */
function letterMask(word: string): number {
  let mask = 0;
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    mask |= 1 << (code >= 97 && code <= 122 ? code - 97 : 26 + (code % 5));
  }
  return mask;
}

function differentLetters(bits: number): number {
  let count = 0;
  for (let rest = bits; rest !== 0; rest &= rest - 1) count += 1;
  return count;
}

/**
 * A cheap necessary condition for `editDistance(a, b) <= allowed`: `allowed` edits cannot
 * disturb all of the first `allowed + 1` letters, so some letter among them must appear
 * within `allowed` places in the other word.
 */
function shareStart(a: string, b: string, allowed: number): boolean {
  for (let i = 0; i <= allowed; i++) {
    for (let j = Math.max(0, i - allowed); j <= i + allowed; j++) {
      if (a.charCodeAt(i) === b.charCodeAt(j)) return true;
    }
  }
  return false;
}


const TRIGRAM_MIN_LENGTH = 6;
const TRIGRAM_MIN_DICE = 0.5;

/** A word's letter triples, with its edges marked ("ship" → "^sh", "shi", "hip", "ip$"). */
function trigramsOf(word: string): Set<string> {
  const padded = `^${word}$`;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  return grams;
}

function trigramIndex(surfaces: readonly Surface[]): Map<string, Surface[]> {
  const index = new Map<string, Surface[]>();
  for (const surface of surfaces) {
    if (surface.word.length < TRIGRAM_MIN_LENGTH) continue;
    for (const gram of trigramsOf(surface.word)) {
      const list = index.get(gram);
      if (list === undefined) index.set(gram, [surface]);
      else list.push(surface);
    }
  }
  return index;
}
