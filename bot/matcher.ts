import MiniSearch from 'minisearch';
import { Locales, type Locale } from '../protocol/codes';
import { editDistance } from './edit-distance';
import { type KnowledgeBase, languagesOf } from './knowledge-base';
import { allStopWords, isAmountWord, isGenericWord, processTerm, tokenize } from './normalize';

/** One way of asking a knowledge-base question, in one language. */
export type Phrasing = { entryId: string; locale: Locale; text: string };

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
   * The entry that best explains `text`, or null when no phrasing shares a word with it.
   * The caller decides what confidence is enough (see MIN_CONFIDENCE).
   *
   * Language: the one whose phrasings of that entry explain the message's words best.
   * When several do so equally (shared words, like "Portugal" or "horario"),
   * `preferredLocale` wins if it is among them.
   */
  match(text: string, preferredLocale: Locale): Match | null;
}

/**
 * Below this a match is a guess, and the bot says it does not know. Tuned on the demo
 * knowledge base (scripted-bot.test.ts): typo'd, unaccented and reordered demo questions
 * score ≥ 0.8; questions that share one word with an entry but ask about something else
 * ("do you sell bicycles?", "can I change my order?") ≤ 0.6.
 */
export const MIN_CONFIDENCE = 0.65;

/** The folded word and its stem; the last variant is the stem. */
type Unit = readonly string[];
/**
 * A word of a phrasing, prepared when the index is built: `id` numbers the word (the same
 * variants, the same id), `stem` numbers its stem, `weight` is its IDF weight (see `weight` in
 * createMatcher), `masks` its variants' letter masks (see `letterMask`).
 */
type Term = { unit: Unit; masks: readonly number[]; id: number; stem: number; weight: number };
type Doc = { id: number; group: Group; text: string; terms: readonly Term[] };
/** All phrasings of one entry in one language: together they say what the entry is about. */
type Group = { entryId: string; locale: Locale; docs: Doc[]; vocabulary: Term[]; stems: ReadonlySet<number> };
type Scored = { group: Group; confidence: number; queryCoverage: number; phrasing: string; score: number };
/**
 * The message's words, with their weights, as `score` needs them; `stems` numbers the stems the
 * index has (-1 for the others), `stemSet` is the same as a set.
 */
type Query = { units: readonly Unit[]; weights: readonly number[]; stems: readonly number[]; stemSet: ReadonlySet<number> };
/** A word's variants and their letter masks (see `letterMask`). */
type Masked = { unit: Unit; masks: readonly number[] };
/** How close query word `index` is to a knowledge-base term (0..1), see `similarity`. */
type Similarity = (index: number, term: Term) => number;

// Bounds the work on a 4000-character message; no phrasing is anywhere near this long.
const MAX_QUERY_UNITS = 24;
const CANDIDATES = 20;
const SAME = 1e-9;
const GENERIC_WEIGHT = 0.2;

export type MatcherOptions = {
  /**
   * Groups of words that mean the same to this site ("lamp", "light", "luminaire"); each word
   * of a group is matched as the group, both in the phrasings and in the visitor's message.
   */
  synonyms?: readonly (readonly string[])[];
};

export function createMatcher(phrasings: readonly Phrasing[], options: MatcherOptions = {}): Matcher {
  const termsOf = synonymExpander(options.synonyms ?? []);
  const unitsOf = (text: string): Unit[] => unitsWith(text, termsOf);
  const groups = new Map<string, Group>();
  const docUnits = phrasings.map((phrasing) => unitsOf(phrasing.text));

  const documentFrequency = new Map<string, number>();
  const vocabulary = new Set<string>();
  /** Stem → its number: a message word with the same stem as a term is an exact match. */
  const stemIds = new Map<string, number>();
  /** The variants of a word → its number, for the per-message memo of word similarities. */
  const unitIds = new Map<string, number>();
  for (const units of docUnits) {
    for (const unit of units) {
      const stem = stemOf(unit);
      documentFrequency.set(stem, (documentFrequency.get(stem) ?? 0) + 1);
      if (!stemIds.has(stem)) stemIds.set(stem, stemIds.size);
      const variants = unit.join(' ');
      if (!unitIds.has(variants)) unitIds.set(variants, unitIds.size);
      for (const variant of unit) vocabulary.add(variant);
    }
  }
  // IDF: common words ("order") count less than telling ones ("frete"); a word no
  // phrasing has weighs most, because an unknown word is often what the question is about.
  // Generic words ("something", "algo", "produto") say almost nothing about the topic,
  // whichever side they are on.
  const weight = (unit: Unit): number =>
    Math.log(1 + phrasings.length / (1 + (documentFrequency.get(stemOf(unit)) ?? 0))) *
    (unit.some(isGenericWord) ? GENERIC_WEIGHT : 1);

  // NOTE: a phrasing's weights never change after the build, so they are computed here once,
  // not for every candidate of every message (that, and building string memo keys, was most
  // of the time a match took).
  const docs: Doc[] = phrasings.map((phrasing, id) => {
    const key = groupKey(phrasing.entryId, phrasing.locale);
    let group = groups.get(key);
    if (group === undefined) {
      group = { entryId: phrasing.entryId, locale: phrasing.locale, docs: [], vocabulary: [], stems: new Set() };
      groups.set(key, group);
    }
    const terms = (docUnits[id] ?? []).map(
      (unit): Term => ({
        unit,
        masks: unit.map(letterMask),
        id: unitIds.get(unit.join(' ')) ?? -1,
        stem: stemIds.get(stemOf(unit)) ?? -1,
        weight: weight(unit),
      }),
    );
    const doc: Doc = { id, group, text: phrasing.text, terms };
    group.docs.push(doc);
    return doc;
  });
  for (const group of groups.values()) {
    const seen = new Map<number, Term>();
    for (const doc of group.docs) for (const term of doc.terms) seen.set(term.stem, term);
    group.vocabulary = [...seen.values()];
    group.stems = new Set(seen.keys());
  }

  const index = new MiniSearch<Doc>({
    fields: ['text'],
    tokenize,
    processTerm: (term) => termsOf(term),
    searchOptions: {
      // Query terms arrive already processed (see `match`), one per space.
      tokenize: (query) => query.split(' '),
      processTerm: (term) => term,
      // A word the index already has is found exactly; prefix and fuzzy search, the costly
      // part, only run for words it does not have ("cancel" → "cancelar", "openin" → "opening").
      prefix: (term) => term.length >= 4 && !vocabulary.has(term),
      fuzzy: (term) => (vocabulary.has(term) ? false : term.length >= 7 ? 2 : term.length >= 4 ? 1 : false),
      combineWith: 'OR',
    },
  });
  index.addAll(docs);
  // Words in more phrasings than this ("order", "lamp") find too many candidates to be
  // worth scoring them all; when the message has rarer words, those find the candidates.
  const commonFrequency = Math.max(20, docs.length * 0.02);
  const commonStems = [...documentFrequency].filter(([, count]) => count > commonFrequency).map(([stem]) => stem);
  // A word the index does not have but that prefix or fuzzy search would take to a common one
  // ("ordr", "nmukav") reaches all of that word's phrasings: it is as common as that word.
  const isRare = (stem: string): boolean => {
    const count = documentFrequency.get(stem);
    if (count !== undefined) return count <= commonFrequency;
    return !commonStems.some((common) => nearWord(stem, common));
  };
  // Similarities of this message's words to the index's words, as 1 + their SIMILARITIES
  // index (0: not computed yet); the cells a message filled are cleared before the next one.
  // NOTE: one table for all calls, not a Map per call: `match` is synchronous, so calls never
  // overlap, and allocating and hashing per word pair was a large part of a match's time.
  const memo = new Uint8Array(MAX_QUERY_UNITS * unitIds.size);
  const filled: number[] = [];

  return {
    match(text, preferredLocale) {
      const units = queryUnits(unitsOf(text), vocabulary);
      // "How much?", "something": no topic to look up.
      if (units.every(isTopicless)) return null;
      // Stems only: the index holds stems too, and prefix and fuzzy search reach the full
      // words from them ("ship" → "shipping", "openin" → "opening"); half the terms, half the work.
      const stems = units.map(stemOf);
      const rare = stems.filter(isRare);
      const results = index.search((rare.length > 0 ? rare : stems).join(' '));
      const queryStems = units.map((unit) => stemIds.get(stemOf(unit)) ?? -1);
      const query: Query = { units, weights: units.map(weight), stems: queryStems, stemSet: new Set(queryStems) };
      const masked = units.map((unit): Masked => ({ unit, masks: unit.map(letterMask) }));
      // The same word pairs come up for several candidates; compare each pair once.
      for (const cell of filled) memo[cell] = 0;
      filled.length = 0;
      const similar: Similarity = (index, term) => {
        const cell = index * unitIds.size + term.id;
        const known = memo[cell] ?? 0;
        if (known !== 0) return SIMILARITIES[known - 1] ?? 0;
        const value = similarity(masked[index] ?? { unit: [], masks: [] }, term);
        memo[cell] = SIMILARITIES.indexOf(value) + 1;
        filled.push(cell);
        return value;
      };
      const scoredGroups = new Map<Group, Scored>();
      const candidates = Math.min(CANDIDATES, results.length);
      for (let rank = 0; rank < candidates; rank++) {
        const result = results[rank];
        const doc = result === undefined ? undefined : docs[result.id as number];
        if (result === undefined || doc === undefined || scoredGroups.has(doc.group)) continue;
        scoredGroups.set(doc.group, score(query, doc.group, similar, result.score));
      }
      const ranked = [...scoredGroups.values()].sort(
        (a, b) =>
          b.confidence - a.confidence ||
          b.queryCoverage - a.queryCoverage ||
          Number(b.group.locale === preferredLocale) - Number(a.group.locale === preferredLocale) ||
          b.score - a.score,
      );
      const best = ranked[0];
      if (best === undefined) return null;
      // The entry is the best-scoring one; its language is the one whose phrasings explain
      // the visitor's words best ("cupom" is Portuguese even if a Spanish "cupones" phrasing
      // scored higher), and on a tie the preferred one.
      let chosen = best;
      for (const locale of Locales) {
        const group = groups.get(groupKey(best.group.entryId, locale));
        if (group === undefined || group === best.group) continue;
        const other = scoredGroups.get(group) ?? score(query, group, similar, 0);
        const better = other.queryCoverage > chosen.queryCoverage + SAME;
        const asGood = Math.abs(other.queryCoverage - chosen.queryCoverage) <= SAME;
        if (better || (asGood && locale === preferredLocale)) chosen = other;
      }
      return {
        entryId: best.group.entryId,
        locale: chosen.group.locale,
        confidence: best.confidence,
        phrasing: chosen.phrasing,
      };
    },
  };
}

/** Every question of every entry, in every language it is written in. */
export function phrasingsOf(kb: KnowledgeBase): Phrasing[] {
  return kb.entries.flatMap((entry) =>
    languagesOf(entry.questions).flatMap((locale) =>
      (entry.questions[locale] ?? []).map((text) => ({ entryId: entry.id, locale, text })),
    ),
  );
}

/** The matcher for a knowledge base: its questions, with the site's synonyms of all languages. */
export function createKnowledgeBaseMatcher(kb: KnowledgeBase): Matcher {
  const synonyms = languagesOf(kb.synonyms).flatMap((locale) => kb.synonyms[locale] ?? []);
  return createMatcher(phrasingsOf(kb), { synonyms });
}

function groupKey(entryId: string, locale: Locale): string {
  return `${locale}\u0000${entryId}`;
}

/**
 * The index and query terms of one token: `processTerm`'s, and when the word belongs to a
 * synonym group, the group's key last (so it is the unit's key and what the index is searched
 * for), while the word itself stays a variant and can still be typo-matched.
 *
 * NOTE: the groups of all languages are merged, like the rest of the normalisation, because
 * a message's language is not known before matching.
 */
function synonymExpander(groups: readonly (readonly string[])[]): (token: string) => string[] | null {
  const keyOf = new Map<string, string>();
  for (const group of groups) {
    const terms = group.map((word) => processTerm(word) ?? []);
    // A group sharing a word with an earlier group joins it (lamp~light, light~lumiere).
    const shared = terms.flat().find((term) => keyOf.has(term));
    const key = shared === undefined ? `~${terms.find((t) => t.length > 0)?.at(-1) ?? ''}` : keyOf.get(shared);
    if (key === undefined || key === '~') continue;
    for (const term of terms.flat()) keyOf.set(term, key);
  }
  return (token) => {
    const variants = processTerm(token);
    if (variants === null || keyOf.size === 0) return variants;
    const key = variants.map((variant) => keyOf.get(variant)).find((found) => found !== undefined);
    return key === undefined ? variants : [...variants, key];
  };
}

function unitsWith(text: string, termsOf: (token: string) => string[] | null): Unit[] {
  const units = new Map<string, Unit>();
  for (const token of tokenize(text)) {
    const variants = termsOf(token);
    if (variants === null) continue;
    const key = variants[variants.length - 1] ?? token;
    if (!units.has(key)) units.set(key, variants);
  }
  return [...units.values()];
}

/** A word that only makes sense beside a topic: "how much" (of what?), "something" (what?). */
function isTopicless(unit: Unit): boolean {
  return unit.some((variant) => isGenericWord(variant) || isAmountWord(variant));
}

function stemOf(unit: Unit): string {
  return unit[unit.length - 1] ?? '';
}

const STOP_WORD_LIST = [...allStopWords()].filter((word) => word.length >= 3);

/**
 * The message's content words, without unknown numbers. A word the knowledge base has never seen that is one typo
 * away from a filler word ("wat", "yuor") is taken as that filler word: otherwise it
 * would count as an unexplained word and sink a good match.
 */
function queryUnits(units: readonly Unit[], vocabulary: ReadonlySet<string>): Unit[] {
  return units
    .filter((unit) => {
      if (unit.some((variant) => vocabulary.has(variant))) return true;
      const word = unit[0] ?? '';
      // Order numbers, dates, quantities: specifics of the question, not its topic.
      if (/\d/.test(word)) return false;
      if (word.length < 3) return true;
      return !STOP_WORD_LIST.some((stopWord) => editDistance(word, stopWord, 1) <= 1);
    })
    .slice(0, MAX_QUERY_UNITS);
}

/**
 * How well an entry (in one language) explains a message, 0..1: the geometric mean of
 * - query coverage: the share of the message's words found among all the entry's
 *   phrasings in that language, and
 * - phrasing coverage: the largest share of one phrasing's words found in the message.
 * Words are weighted by rarity (IDF) and by closeness (exact 1, prefix 0.85, one typo 0.8,
 * two typos 0.6). Both sides must agree, so "do you sell bicycles?" does not match
 * "What products do you sell?" on "sell" alone, and "can I change my order" does not
 * match "Where is my order?" on "order" alone.
 */
function score(query: Query, group: Group, similar: Similarity, searchScore: number): Scored {
  const queryCoverage = coverQuery(query, group, similar);
  let phrasingCoverage = 0;
  let phrasing = group.docs[0]?.text ?? '';
  for (const doc of group.docs) {
    const value = coverTerms(doc.terms, query, similar);
    if (value > phrasingCoverage) {
      phrasingCoverage = value;
      phrasing = doc.text;
    }
  }
  return {
    group,
    confidence: Math.sqrt(queryCoverage * phrasingCoverage),
    queryCoverage,
    phrasing,
    score: searchScore,
  };
}

/** Weighted share of the message's words that have a counterpart in the group's vocabulary. */
function coverQuery(query: Query, group: Group, similar: Similarity): number {
  let total = 0;
  let matched = 0;
  for (let index = 0; index < query.units.length; index++) {
    const w = query.weights[index] ?? 0;
    total += w;
    // The same stem is an exact match (1): no need to compare with every other word.
    let best = group.stems.has(query.stems[index] ?? -1) ? 1 : 0;
    for (let t = 0; best < 1 && t < group.vocabulary.length; t++) {
      const term = group.vocabulary[t];
      if (term !== undefined) best = Math.max(best, similar(index, term));
    }
    matched += w * best;
  }
  return total === 0 ? 0 : matched / total;
}

/** Weighted share of a phrasing's terms that have a counterpart among the message's words. */
function coverTerms(terms: readonly Term[], query: Query, similar: Similarity): number {
  let total = 0;
  let matched = 0;
  for (const term of terms) {
    total += term.weight;
    let best = query.stemSet.has(term.stem) ? 1 : 0;
    for (let index = 0; best < 1 && index < query.units.length; index++) {
      best = Math.max(best, similar(index, term));
    }
    matched += term.weight * best;
  }
  return total === 0 ? 0 : matched / total;
}

/** Every value `similarity` returns. */
const SIMILARITIES = [0, 0.6, 0.8, 0.85, 1] as const;
type Closeness = (typeof SIMILARITIES)[number];

function similarity(a: Masked, b: Masked): Closeness {
  let best: Closeness = 0;
  for (let i = 0; i < a.unit.length; i++) {
    const x = a.unit[i] ?? '';
    for (let j = 0; j < b.unit.length; j++) {
      const y = b.unit[j] ?? '';
      if (x === y) return 1;
      const shorter = x.length <= y.length ? x : y;
      const longer = shorter === x ? y : x;
      if (shorter.length < 4) continue;
      if (longer.startsWith(shorter) && best < 0.85) best = 0.85;
      const allowed = shorter.length >= 7 ? 2 : 1;
      if (!shareStart(x, y, allowed) || differentLetters((a.masks[i] ?? 0) ^ (b.masks[j] ?? 0)) > 2 * allowed) continue;
      const distance = editDistance(x, y, allowed);
      const close: Closeness = distance === 1 ? 0.8 : 0.6;
      if (distance <= allowed && close > best) best = close;
    }
  }
  return best;
}

/** Whether search would reach `known` from the unknown `word` (see `prefix` and `fuzzy` in createMatcher). */
function nearWord(word: string, known: string): boolean {
  if (word.length < 4) return false;
  if (known.startsWith(word)) return true;
  const allowed = word.length >= 7 ? 2 : 1;
  return editDistance(word, known, allowed) <= allowed;
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
 * within `allowed` places in the other word. Rules out most unrelated pairs without the
 * dynamic-programming table.
 */
function shareStart(a: string, b: string, allowed: number): boolean {
  for (let i = 0; i <= allowed; i++) {
    for (let j = Math.max(0, i - allowed); j <= i + allowed; j++) {
      if (a.charCodeAt(i) === b.charCodeAt(j)) return true;
    }
  }
  return false;
}
