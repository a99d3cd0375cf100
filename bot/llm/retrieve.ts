import MiniSearch from 'minisearch';
import type { Locale } from '../../protocol/codes';
import { type KnowledgeBase, languagesOf, pickText } from '../knowledge-base';
import { processTerm, tokenize } from '../normalize';

/** A knowledge-base entry as the model sees it: one question and the answer in one language. */
export type RetrievedEntry = {
  id: string;
  question: string;
  /** Undefined for a flagged entry with no answer: a person must handle it. */
  answer?: string;
  /** Flagged topic: the model must hand off rather than answer. */
  handoff: boolean;
  /** Every language of the answer, for checking what the model writes against what the site says. */
  allAnswers: string[];
};

export interface Retriever {
  /**
   * Up to `limit` entries related to `text`, best first, answers in `locale` where the entry has it.
   * `pinnedEntryId` (the matcher's confident answer) always comes first.
   */
  retrieve(text: string, locale: Locale, options?: { pinnedEntryId?: string; limit?: number }): RetrievedEntry[];
}

type Doc = { id: string; questions: string; answers: string };

/**
 * NOTE: the scripted matcher returns only its single best entry and a confidence built
 * for "answer or not"; the model needs a few candidates even when none is certain
 * ("can I return a lamp I bought with a coupon?" touches two entries), so this is a
 * plain ranked search over questions and answers, with the same word normalisation.
 */
export function createRetriever(kb: KnowledgeBase): Retriever {
  const byId = new Map(kb.entries.map((entry) => [entry.id, entry]));
  const index = new MiniSearch<Doc>({
    fields: ['questions', 'answers'],
    tokenize,
    processTerm: (term) => processTerm(term),
    searchOptions: {
      tokenize,
      processTerm: (term) => processTerm(term),
      boost: { questions: 2 },
      prefix: (term) => term.length >= 4,
      fuzzy: (term) => (term.length >= 7 ? 2 : term.length >= 4 ? 1 : false),
      combineWith: 'OR',
    },
  });
  index.addAll(
    kb.entries.map((entry) => ({
      id: entry.id,
      questions: languagesOf(entry.questions)
        .flatMap((locale) => entry.questions[locale] ?? [])
        .join('\n'),
      answers: entry.answer === undefined ? '' : Object.values(entry.answer).join('\n'),
    })),
  );

  const describe = (id: string, locale: Locale): RetrievedEntry | null => {
    const entry = byId.get(id);
    if (entry === undefined) return null;
    const questionLocale = entry.questions[locale] !== undefined ? locale : (languagesOf(entry.questions)[0] ?? locale);
    const question = entry.questions[questionLocale]?.[0] ?? entry.id;
    return {
      id: entry.id,
      question,
      ...(entry.answer === undefined ? {} : { answer: pickText(entry.answer, locale).text }),
      handoff: entry.handoff,
      allAnswers: entry.answer === undefined ? [] : Object.values(entry.answer).filter((text) => text !== undefined),
    };
  };

  return {
    retrieve(text, locale, options = {}) {
      const limit = options.limit ?? 4;
      const ids: string[] = [];
      if (options.pinnedEntryId !== undefined && byId.has(options.pinnedEntryId)) ids.push(options.pinnedEntryId);
      for (const result of index.search(text)) {
        if (ids.length >= limit) break;
        const id = String(result.id);
        if (!ids.includes(id)) ids.push(id);
      }
      return ids.flatMap((id) => describe(id, locale) ?? []);
    },
  };
}
