import { editDistance } from './edit-distance';
import { type KnowledgeBase, languagesOf } from './knowledge-base';
import { foldText, processTerm, tokenize } from './normalize';
import { synonymKeys } from './synonyms';

/**
 * Groups the questions the bot could not answer by what they ask, so the site owner sees
 * "Do you ship to Italy? ×12" rather than twelve lines: folding, stop words, the light stemmer
 * of bot/normalize.ts (not the matcher's Snowball stems: the keys are stored with each question
 * and must not change meaning), the site's synonyms, a small typo allowance, and
 * a weighted Jaccard similarity in which the words the knowledge base does not know count most.
 *
 * NOTE: why the unknown words weigh most. A question goes unanswered mostly because of a word
 * the knowledge base has never seen ("Italy", "bicycles"); the words it knows say which topic
 * the question is near ("ship", "deliver", "sell"). So "do you ship to Italy?" and "do u deliver
 * to Italy" share the word that matters and end up together, while "do you ship to Germany?"
 * shares only the topic word with them and stays apart. With plain Jaccard both pairs would
 * score the same 1/3.
 */

/** How much a word the knowledge base does not know counts against one it knows. */
export const UNKNOWN_WORD_WEIGHT = 3;
/** Weighted Jaccard similarity at or above which a question joins a group. */
export const GROUP_MIN_SIMILARITY = 0.5;
/** Content words a key keeps at most (see questionKey). */
const KEY_WORDS = 24;

/**
 * A question's content words, stemmed, unique and sorted, joined by spaces: "Do you ship to
 * Italy??" → "italy ship". '' when it has none ("what?", "👍"). Words with digits (order numbers,
 * dates) are left out: they are the specifics of a question, not what it is about.
 * Stored with each question so identical ones group without tokenising again.
 */
export function questionKey(text: string): string {
  const stems = new Set<string>();
  for (const token of tokenize(text)) {
    // A question is a few words; past KEY_WORDS it is a story or a flood, and its first words say most.
    if (stems.size >= KEY_WORDS) break;
    if (/\d/.test(token)) continue;
    const stem = processTerm(token)?.at(-1);
    if (stem !== undefined) stems.add(stem);
  }
  return [...stems].sort().join(' ');
}

/** What the grouping knows of a site: its synonyms (all languages) and the stems of its questions. */
export type GroupingVocabulary = {
  synonyms: readonly (readonly string[])[];
  /** Stems of the words the knowledge base's questions use; all words weigh the same without it. */
  known?: ReadonlySet<string>;
};

/** The vocabulary of a knowledge base, as `groupQuestions` wants it. */
export function vocabularyOf(kb: KnowledgeBase): GroupingVocabulary {
  const known = new Set<string>();
  for (const entry of kb.entries) {
    for (const locale of languagesOf(entry.questions)) {
      for (const question of entry.questions[locale] ?? []) {
        for (const stem of splitKey(questionKey(question))) known.add(stem);
      }
    }
  }
  const synonyms = languagesOf(kb.synonyms).flatMap((locale) => kb.synonyms[locale] ?? []);
  return { synonyms, known };
}

/** One question as the grouping sees it: its stored key, its text and when it was asked (ISO). */
export type GroupItem = { key: string; text: string; at: string };

export type QuestionGroup<T extends GroupItem> = {
  /** The group's words after synonyms and typos (the seed's); stable for the same questions. */
  key: string;
  /** Newest first. */
  items: T[];
};

/**
 * Groups `items` (newest first) greedily: identical keys (after synonyms and typos) first, then
 * the largest of these seeds a group, and each next one joins the group whose seed it is most
 * similar to (at least GROUP_MIN_SIMILARITY), else seeds its own. Comparing with the seed only,
 * not with every member, keeps a group from drifting ("ship Italy" ~ "ship Italy Spain" ~
 * "ship Spain"). Deterministic: the same items, in any order, give the same groups in the same
 * order (that of their seeds: by size, then the newest question, then the key).
 */
export function groupQuestions<T extends GroupItem>(items: readonly T[], vocabulary: GroupingVocabulary): QuestionGroup<T>[] {
  const synonymOf = synonymKeys(vocabulary.synonyms, (word) => processTerm(word) ?? []);
  const known = new Set([...(vocabulary.known ?? [])].map((stem) => synonymOf.get(stem) ?? stem));
  const withSynonyms = items.map((item) => splitKey(item.key).map((stem) => synonymOf.get(stem) ?? stem));
  const canonical = typoMap(withSynonyms, known);
  const weight = (stem: string) => (vocabulary.known === undefined || known.has(stem) ? 1 : UNKNOWN_WORD_WEIGHT);

  type Bucket = { key: string; stems: readonly string[]; items: T[] };
  const buckets = new Map<string, Bucket>();
  items.forEach((item, index) => {
    const stems = [...new Set((withSynonyms[index] ?? []).map((stem) => canonical.get(stem) ?? stem))].sort();
    // Nothing to compare ("what?"): only the same words group.
    const key = stems.length > 0 ? stems.join(' ') : `=${foldText(item.text).replace(/[^\p{L}\p{N}]+/gu, ' ').trim()}`;
    const bucket = buckets.get(key) ?? { key, stems, items: [] };
    bucket.items.push(item);
    buckets.set(key, bucket);
  });

  const ordered = [...buckets.values()].sort(
    (a, b) => b.items.length - a.items.length || compare(newest(b.items), newest(a.items)) || compare(a.key, b.key),
  );
  type Group = { key: string; seed: ReadonlySet<string>; seedWeight: number; items: T[] };
  const groups: Group[] = [];
  const groupsByStem = new Map<string, number[]>();
  for (const bucket of ordered) {
    let best: { group: Group; similarity: number } | undefined;
    const candidates = new Set(bucket.stems.flatMap((stem) => groupsByStem.get(stem) ?? []));
    for (const index of [...candidates].sort((a, b) => a - b)) {
      const group = groups[index];
      if (group === undefined) continue;
      const similarity = weightedJaccard(bucket.stems, group.seed, group.seedWeight, weight);
      if (similarity >= GROUP_MIN_SIMILARITY && (best === undefined || similarity > best.similarity)) best = { group, similarity };
    }
    if (best !== undefined) {
      best.group.items.push(...bucket.items);
      continue;
    }
    const seedWeight = bucket.stems.reduce((sum, stem) => sum + weight(stem), 0);
    groups.push({ key: bucket.key, seed: new Set(bucket.stems), seedWeight, items: [...bucket.items] });
    for (const stem of bucket.stems) {
      const list = groupsByStem.get(stem);
      if (list === undefined) groupsByStem.set(stem, [groups.length - 1]);
      else list.push(groups.length - 1);
    }
  }
  return groups.map((group) => ({ key: group.key, items: group.items.sort((a, b) => compare(b.at, a.at)) }));
}

function weightedJaccard(stems: readonly string[], seed: ReadonlySet<string>, seedWeight: number, weight: (stem: string) => number): number {
  let shared = 0;
  let own = 0;
  for (const stem of stems) {
    if (seed.has(stem)) shared += weight(stem);
    else own += weight(stem);
  }
  const union = seedWeight + own;
  return union === 0 ? 0 : shared / union;
}

function splitKey(key: string): string[] {
  return key === '' ? [] : key.split(' ');
}

function newest(items: readonly GroupItem[]): string {
  return items.reduce((latest, item) => (item.at > latest ? item.at : latest), '');
}

/** Plain code-unit order: the same on every machine, unlike `localeCompare` without a locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A typo'd word → the word it is a typo of: "bicyles" → "bicycl", "itlay" → "italy". Known words
 * come first (a typo of a word the knowledge base knows is that word), then the questions' words,
 * most frequent first. One edit from five letters on, two from eight; the first letter must
 * agree (people rarely mistype it, and short words one letter apart are often different words:
 * "ship", "shop").
 */
function typoMap(keys: readonly (readonly string[])[], known: ReadonlySet<string>): Map<string, string> {
  const frequency = new Map<string, number>();
  // The fewest words of a question a word is in: on a tie of frequency, the words of short
  // questions (real ones) go before those of long ones (stories, floods of made-up words).
  const shortest = new Map<string, number>();
  for (const stems of keys) {
    for (const stem of stems) {
      frequency.set(stem, (frequency.get(stem) ?? 0) + 1);
      shortest.set(stem, Math.min(shortest.get(stem) ?? Number.POSITIVE_INFINITY, stems.length));
    }
  }
  const byFrequency = [...frequency.keys()].sort(
    (a, b) => (frequency.get(b) ?? 0) - (frequency.get(a) ?? 0) || (shortest.get(a) ?? 0) - (shortest.get(b) ?? 0) || compare(a, b),
  );
  // Candidates by first letter and length: a word is only compared with those it could be a
  // typo of, and the earliest added one wins, as the order above says.
  // NOTE: a flat list per letter made this quadratic in the distinct words: 2,000 questions of
  // 24 random words each took 4.6 s of the event loop (found in review).
  const canonicalBy = new Map<string, { stem: string; order: number }[]>();
  let order = 0;
  const addCanonical = (stem: string) => {
    const key = `${stem[0] ?? ''}${stem.length}`;
    const list = canonicalBy.get(key);
    if (list === undefined) canonicalBy.set(key, [{ stem, order }]);
    else list.push({ stem, order });
    order += 1;
  };
  for (const stem of [...known].sort(compare)) if (!stem.startsWith('~')) addCanonical(stem);
  const canonical = new Map<string, string>();
  let compared = 0;
  for (const stem of byFrequency.slice(0, TYPO_WORDS)) {
    if (known.has(stem) || stem.startsWith('~')) continue;
    const reach = typoAllowance(stem);
    let match: { stem: string; order: number } | undefined;
    for (let length = stem.length - reach; reach > 0 && length <= stem.length + reach; length++) {
      for (const other of canonicalBy.get(`${stem[0] ?? ''}${length}`) ?? []) {
        if (match !== undefined && other.order > match.order) break;
        if (compared++ > TYPO_BUDGET) break;
        const allowance = Math.min(reach, typoAllowance(other.stem));
        if (allowance > 0 && editDistance(stem, other.stem, allowance) <= allowance) match = other;
      }
    }
    if (match === undefined) addCanonical(stem);
    else canonical.set(stem, match.stem);
  }
  return canonical;
}

/**
 * Bounds on the typo pass, whatever visitors typed: the most frequent words take part (a word
 * asked once by a flood of made-up text does not), and at most this many comparisons are made.
 */
const TYPO_WORDS = 2_000;
const TYPO_BUDGET = 200_000;

function typoAllowance(word: string): number {
  return word.length >= 8 ? 2 : word.length >= 5 ? 1 : 0;
}
