import { isAmountWord, isContentWord, isGenericWord, stem, tokenize } from '../normalize';
import { type Amount, findAmounts, isAmountToken, sameCurrency } from './amounts';
import type { LeakDetector } from './leaks';
import { findPromises, type PromiseKind, withoutPromiseWords } from './promises';
import type { RetrievedEntry } from './retrieve';

/**
 * Checks on what the model wrote, in code, because a prompt is a request, not a guarantee.
 * Deliberately simple and strict: a false alarm costs a scripted answer instead of a
 * phrased one; a miss costs a promise the shop never made.
 */
export const OutputProblem = {
  /** It recites its instructions: marker, canary, tags, tool names, a stretch of the rules. */
  Leak: 'leak',
  /** A price or percentage no entry it may rely on contains. */
  UnsupportedAmount: 'unsupported_amount',
  /** Promises money back or compensation that no entry it may rely on states. */
  UnsupportedRefund: 'unsupported_refund',
} as const;
export type OutputProblem = (typeof OutputProblem)[keyof typeof OutputProblem];

export type GuardEntry = Pick<RetrievedEntry, 'id' | 'allAnswers'>;

/**
 * The first problem in a complete answer, or null; `partial` for an answer still being
 * streamed (its text ends at a whole word).
 */
export type OutputGuard = {
  (output: string): OutputProblem | null;
  /**
   * A problem that later words cannot undo, or how far the text is safe to show. A claim
   * in the unfinished last sentence that only lacks its topic words yet ("We refund within
   * 5" before "business days once we receive your return") is not a problem but not safe
   * either: `safeUntil` stops before that sentence until it is judged whole.
   */
  partial(output: string): { problem: OutputProblem | null; safeUntil: number };
};

type EntryFacts = {
  /** The entry the answer is based on: the scripted matcher's pick for this turn. */
  used: boolean;
  amounts: Amount[];
  promises: ReadonlySet<PromiseKind>;
  topics: ReadonlySet<string>;
};

/**
 * What an amount or a promise in a sentence may rest on.
 *
 * NOTE: "used" entries. The model gets up to four retrieved entries and cites none, so
 * an entry counts for a sentence when it is the one the answer is based on (the matcher's
 * entry, `usedEntryId`) or when the sentence is about what that entry is about: it shares
 * content words with the entry's answer, besides the claim itself. Then
 * - an amount must appear in such an entry as the same kind of amount ("free over €60" is
 *   a price, so it never licenses "60% off"), in a compatible currency;
 * - a refund or compensation promise needs such an entry to state that kind of promise
 *   itself, and, for an entry other than the used one, two shared content words: "refund"
 *   is the claim, not evidence that the sentence is about returns.
 * Merely being retrieved licenses nothing.
 */
const TOPIC_WORDS_FOR_AMOUNT = 1;
const TOPIC_WORDS_FOR_PROMISE = 2;

export function createOutputGuard(input: {
  entries: readonly GuardEntry[];
  usedEntryId?: string;
  leaks: LeakDetector;
}): OutputGuard {
  const facts: EntryFacts[] = input.entries.map((entry) => ({
    used: entry.id === input.usedEntryId,
    amounts: entry.allAnswers.flatMap((answer) => findAmounts(answer)),
    promises: new Set(entry.allAnswers.flatMap((answer) => findPromises(answer)).map((found) => found.kind)),
    topics: new Set(entry.allAnswers.flatMap((answer) => topicWords(answer))),
  }));
  const grounded = (entry: EntryFacts, topics: ReadonlySet<string>, needed: number) =>
    entry.used || [...topics].filter((word) => entry.topics.has(word)).length >= needed;

  /**
   * The sentence's first unsupported claim, or null. `certain: false` when the claim is in
   * an entry but none about this sentence: words still to come may name the topic.
   */
  const judge = (sentence: string, complete: boolean): { problem: OutputProblem; certain: boolean } | null => {
    const amounts = findAmounts(sentence);
    if (amounts.length > 0) {
      const topics = new Set(topicWords(sentence));
      for (const amount of amounts) {
        const holders = facts.filter((entry) => entry.amounts.some((known) => sameAmount(known, amount)));
        if (holders.length === 0) return { problem: OutputProblem.UnsupportedAmount, certain: true };
        if (!holders.some((entry) => grounded(entry, topics, TOPIC_WORDS_FOR_AMOUNT))) {
          return { problem: OutputProblem.UnsupportedAmount, certain: false };
        }
      }
    }
    const promises = findPromises(sentence, { complete });
    if (promises.length > 0) {
      const topics = new Set(topicWords(withoutPromiseWords(sentence)));
      for (const { kind } of promises) {
        const holders = facts.filter((entry) => entry.promises.has(kind));
        if (holders.length === 0) return { problem: OutputProblem.UnsupportedRefund, certain: true };
        if (!holders.some((entry) => grounded(entry, topics, TOPIC_WORDS_FOR_PROMISE))) {
          return { problem: OutputProblem.UnsupportedRefund, certain: false };
        }
      }
    }
    return null;
  };

  const check = (output: string): OutputProblem | null => {
    if (input.leaks.find(output) !== null) return OutputProblem.Leak;
    for (const { text } of sentencesOf(output)) {
      const found = judge(text, true);
      if (found !== null) return found.problem;
    }
    return null;
  };
  const partial = (output: string): { problem: OutputProblem | null; safeUntil: number } => {
    if (input.leaks.find(output) !== null) return { problem: OutputProblem.Leak, safeUntil: 0 };
    const sentences = sentencesOf(output);
    const last = sentences[sentences.length - 1];
    const open = last !== undefined && !/[.!?…]$/.test(last.text);
    for (const sentence of sentences) {
      const unfinished = open && sentence === last;
      const found = judge(sentence.text, !unfinished);
      if (found === null) continue;
      if (unfinished && !found.certain) return { problem: null, safeUntil: sentence.start };
      return { problem: found.problem, safeUntil: 0 };
    }
    return { problem: null, safeUntil: output.length };
  };
  return Object.assign(check, { partial });
}

function sameAmount(known: Amount, written: Amount): boolean {
  return known.kind === written.kind && known.value === written.value && sameCurrency(known.currency, written.currency);
}

// A decimal point is no sentence end ("€6.90"): only punctuation followed by space, or a new line.
function sentencesOf(text: string): Array<{ text: string; start: number }> {
  const sentences: Array<{ text: string; start: number }> = [];
  let start = 0;
  for (const gap of [...text.matchAll(/(?<=[.!?…])\s+|\n+/g), null]) {
    const end = gap === null ? text.length : gap.index;
    const sentence = text.slice(start, end);
    if (sentence.trim() !== '') sentences.push({ text: sentence, start });
    if (gap !== null) start = gap.index + gap[0].length;
  }
  return sentences;
}

/** Stems of the words that say what a text is about: not filler, numbers, currencies or "how much". */
function topicWords(text: string): string[] {
  return tokenize(text)
    .filter((word) => isContentWord(word) && !/\d/.test(word) && !isGenericWord(word) && !isAmountWord(word) && !isAmountToken(word))
    .map(stem);
}
