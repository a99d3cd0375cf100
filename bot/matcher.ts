import MiniSearch from 'minisearch';
import type { Locale } from '../protocol/codes';
import { editDistance } from './edit-distance';
import { allStopWords, processTerm, tokenize } from './normalize';

/** One way of asking a knowledge-base question, in one language. */
export type Phrasing = { entryId: string; locale: Locale; text: string };

export type Match = {
  entryId: string;
  /** The language of the phrasing that matched best: the language to answer in. */
  locale: Locale;
  /** 0..1: how much of the message and of the matched phrasing agree (see `confidence`). */
  confidence: number;
  phrasing: string;
};

export interface Matcher {
  /**
   * The best phrasing for `text`, or null when nothing shares a word with it. The caller
   * decides what confidence is enough (see MIN_CONFIDENCE). `preferredLocale` breaks
   * near-ties between translations of the same entry.
   */
  match(text: string, preferredLocale: Locale): Match | null;
}

/**
 * Below this, a match is a guess and the bot says it does not know. Tuned on the demo
 * knowledge base (matcher.test.ts): typo'd and reordered demo questions score ≥ 0.75,
 * questions that share one word with a phrasing but ask about something else ≤ 0.5.
 */
export const MIN_CONFIDENCE = 0.6;

/** The folded word and its stem; the last variant is the stem. */
type Unit = readonly string[];
type Doc = { id: number; entryId: string; locale: Locale; text: string; units: readonly Unit[] };

// Bounds the work on a 4000-character message; no phrasing is anywhere near this long.
const MAX_QUERY_UNITS = 24;
const CANDIDATES = 25;
const LOCALE_TIE = 0.05;

export function createMatcher(phrasings: readonly Phrasing[]): Matcher {
  const docs: Doc[] = phrasings.map((phrasing, id) => ({ id, ...phrasing, units: unitsOf(phrasing.text) }));
  const documentFrequency = new Map<string, number>();
  const vocabulary = new Set<string>();
  for (const doc of docs) {
    for (const unit of doc.units) {
      documentFrequency.set(stemOf(unit), (documentFrequency.get(stemOf(unit)) ?? 0) + 1);
      for (const variant of unit) vocabulary.add(variant);
    }
  }
  // A word no phrasing has gets the highest weight: an unknown word is what the question is about.
  const weight = (unit: Unit): number => Math.log(1 + docs.length / (1 + (documentFrequency.get(stemOf(unit)) ?? 0)));

  const index = new MiniSearch<Doc>({
    fields: ['text'],
    tokenize,
    processTerm: (term) => processTerm(term),
    searchOptions: {
      // Query terms arrive already processed (see `match`), one per space.
      tokenize: (query) => query.split(' '),
      processTerm: (term) => term,
      prefix: (term) => term.length >= 4,
      fuzzy: (term) => (term.length >= 7 ? 2 : term.length >= 4 ? 1 : false),
      combineWith: 'OR',
    },
  });
  index.addAll(docs);

  return {
    match(text, preferredLocale) {
      const units = queryUnits(text, vocabulary);
      if (units.length === 0) return null;
      const results = index.search(units.map((unit) => unit.join(' ')).join(' '));
      const scored = results.slice(0, CANDIDATES).flatMap((result) => {
        const doc = docs[result.id as number];
        if (doc === undefined) return [];
        return [{ doc, confidence: confidence(units, doc.units, weight), score: result.score }];
      });
      scored.sort((a, b) => b.confidence - a.confidence || b.score - a.score);
      const best = scored[0];
      if (best === undefined) return null;
      // Translations of one question often score alike ("Portugal" is the same word in
      // all three); answer in the visitor's language when it is among the near-best.
      const sameLanguage = scored.find(
        (candidate) =>
          candidate.doc.entryId === best.doc.entryId &&
          candidate.doc.locale === preferredLocale &&
          candidate.confidence >= best.confidence - LOCALE_TIE,
      );
      const chosen = sameLanguage ?? best;
      return {
        entryId: chosen.doc.entryId,
        locale: chosen.doc.locale,
        confidence: chosen.confidence,
        phrasing: chosen.doc.text,
      };
    },
  };
}

function unitsOf(text: string): Unit[] {
  const units = new Map<string, Unit>();
  for (const token of tokenize(text)) {
    const variants = processTerm(token);
    if (variants === null) continue;
    const key = variants[variants.length - 1] ?? token;
    if (!units.has(key)) units.set(key, variants);
  }
  return [...units.values()];
}

function stemOf(unit: Unit): string {
  return unit[unit.length - 1] ?? '';
}

const STOP_WORD_LIST = [...allStopWords()].filter((word) => word.length >= 3);

/**
 * The message's content words. A word the knowledge base has never seen that is one typo
 * away from a filler word ("wat", "yuor") is taken as that filler word: otherwise it
 * would count as an unmatched question word and sink a good match.
 */
function queryUnits(text: string, vocabulary: ReadonlySet<string>): Unit[] {
  return unitsOf(text)
    .filter((unit) => {
      if (unit.some((variant) => vocabulary.has(variant))) return true;
      const word = unit[0] ?? '';
      if (word.length < 3) return true;
      return !STOP_WORD_LIST.some((stopWord) => editDistance(word, stopWord, 1) <= 1);
    })
    .slice(0, MAX_QUERY_UNITS);
}

/**
 * How well a message and a phrasing agree, 0..1: the mean of the share of the message's
 * words found in the phrasing and the share of the phrasing's words found in the message,
 * each word weighted by how rare it is in the knowledge base (IDF) and by how closely it
 * matched (exact 1, prefix 0.85, one typo 0.8, two typos 0.6). Both sides count, so
 * "do you sell bicycles?" does not match "what lamps do you sell?" on "sell" alone.
 */
function confidence(
  query: readonly Unit[],
  phrasing: readonly Unit[],
  weight: (unit: Unit) => number,
): number {
  let queryTotal = 0;
  let queryMatched = 0;
  for (const unit of query) {
    const w = weight(unit);
    queryTotal += w;
    queryMatched += w * bestSimilarity(unit, phrasing);
  }
  let phrasingTotal = 0;
  let phrasingMatched = 0;
  for (const unit of phrasing) {
    const w = weight(unit);
    phrasingTotal += w;
    phrasingMatched += w * bestSimilarity(unit, query);
  }
  if (queryTotal === 0 || phrasingTotal === 0) return 0;
  return (queryMatched / queryTotal + phrasingMatched / phrasingTotal) / 2;
}

function bestSimilarity(unit: Unit, others: readonly Unit[]): number {
  let best = 0;
  for (const other of others) {
    best = Math.max(best, similarity(unit, other));
    if (best === 1) break;
  }
  return best;
}

function similarity(a: Unit, b: Unit): number {
  let best = 0;
  for (const x of a) {
    for (const y of b) {
      if (x === y) return 1;
      const [shorter, longer] = x.length <= y.length ? [x, y] : [y, x];
      if (shorter.length >= 4 && longer.startsWith(shorter)) best = Math.max(best, 0.85);
      if (shorter.length < 4) continue;
      const distance = editDistance(x, y, shorter.length >= 7 ? 2 : 1);
      if (distance === 1) best = Math.max(best, 0.8);
      else if (distance === 2) best = Math.max(best, 0.6);
    }
  }
  return best;
}
