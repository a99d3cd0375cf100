import type { Locale } from '../protocol/codes';
import { decideEscalation, escalationAction, lastBotLineWasFallback } from './escalation';
import { summarizeHandoff } from './handoff-summary';
import { detectHumanRequest, detectSmallTalk, TALK_TO_PERSON } from './intents';
import { type KnowledgeBase, type KnowledgeBaseEntry, languagesOf, type LocalizedText, pickText } from './knowledge-base';
import { guessLocale } from './language';
import { createKnowledgeBaseMatcher, type Match, MIN_CONFIDENCE, SUGGEST_CONFIDENCE } from './matcher';
import { tokenize } from './normalize';
import { type Bot, type BotAction, type BotTurn, HandoffReason, type TranscriptLine } from './types';
import { onlyGivesDetails, questionCandidates } from './question-part';

export type ScriptedBotOptions = {
  /** Below this the matcher's best entry is a guess and the bot says it does not know. */
  minConfidence?: number;
};

type Reply = Extract<BotAction, { kind: 'reply' }>;
type Found = { entry: KnowledgeBaseEntry; locale: Locale; confidence: number };
type Finding =
  | { kind: 'answer'; found: Found }
  | { kind: 'suggest'; options: { entry: KnowledgeBaseEntry; match: Match }[]; locale: Locale };

/** At most this many entries under "Did you mean…?". */
const SUGGESTIONS = 3;
/**
 * The best entry is answered when it is confident and clearly ahead: a runner-up within this
 * margin means the message fits two entries ("how much is shipping and how long does it
 * take?"), and the visitor chooses. Chosen on the tuning half with MIN_CONFIDENCE.
 */
const MARGIN = 0.08;

/** Answer, ask "Did you mean…?", or neither, from the matcher's ranked entries. */
function decide(ranked: readonly Match[], minConfidence: number): { kind: 'answer'; match: Match } | { kind: 'suggest'; matches: Match[] } | { kind: 'none' } {
  const [best, second] = ranked;
  if (best === undefined || best.confidence < SUGGEST_CONFIDENCE) return { kind: 'none' };
  // Every word explained and a whole question of the entry asked: answered, unless another
  // entry is explained just as fully.
  if (best.confidence >= 1 - 1e-9 && (second === undefined || second.confidence < 1 - 1e-9)) return { kind: 'answer', match: best };
  const close = second !== undefined && second.confidence >= SUGGEST_CONFIDENCE && best.confidence - second.confidence < MARGIN;
  if (best.confidence >= minConfidence && !close) return { kind: 'answer', match: best };
  const matches = ranked.filter((match) => match.confidence >= SUGGEST_CONFIDENCE).slice(0, SUGGESTIONS);
  return { kind: 'suggest', matches };
}

/**
 * The bot without an LLM: a request for a person first, then small talk, then the knowledge
 * base, then an honest "I don't know" that offers a person; bot/escalation.ts decides when a
 * person takes over. Deterministic: every decision comes from the turn and the knowledge base.
 */
export function createScriptedBot(kb: KnowledgeBase, options: ScriptedBotOptions = {}): Bot {
  const minConfidence = options.minConfidence ?? MIN_CONFIDENCE;
  const entries = new Map<string, KnowledgeBaseEntry>(kb.entries.map((entry) => [entry.id, entry]));
  // Built once: matching a message must stay well under a millisecond.
  const matcher = createKnowledgeBaseMatcher(kb);
  // A "Did you mean…?" the visitor did not take counts as an "I don't know" for the next turn:
  // two questions in a row the bot could not answer reach a person, as before.
  // Every question as written in the knowledge base (folded, punctuation aside) → its entry and
  // language: a "Did you mean" button or follow-up sends one, and it must answer that entry,
  // whatever else its words would match ("Do you ship to Brazil and how much does it cost?").
  const exactQuestions = new Map<string, { entry: KnowledgeBaseEntry; locale: Locale }>();
  for (const entry of kb.entries) {
    for (const locale of languagesOf(entry.questions)) {
      for (const question of entry.questions[locale] ?? []) {
        const key = tokenize(question).join(' ');
        if (key !== '' && !exactQuestions.has(key)) exactQuestions.set(key, { entry, locale });
      }
    }
  }
  const suggestTexts = new Set(Object.values(kb.suggest).map((text) => text.trim()));
  const fallbackTexts = new Set([...Object.values(kb.fallback).map((text) => text.trim()), ...suggestTexts]);

  const reply = (map: LocalizedText, locale: Locale, extra?: Partial<Reply>): BotAction => ({
    kind: 'reply',
    ...pickText(map, locale),
    ...extra,
  });
  const escalate = (reason: HandoffReason, locale: Locale, agentsAvailable: boolean): BotAction =>
    escalationAction(reason, locale, agentsAvailable, kb);
  const fallback = (locale: Locale): BotAction => {
    const picked = pickText(kb.fallback, locale);
    return { kind: 'reply', ...picked, quickReplies: [TALK_TO_PERSON[picked.locale]], unanswered: 'fallback' };
  };

  /**
   * What the knowledge base says to `text`: an entry to answer with, entries to offer as
   * "Did you mean…?", or nothing. The first sentence the bot can answer wins (visitors ask
   * first what they want most, and each question of "X? And Y?" would otherwise compete), then
   * the whole message; failing an answer, the first sentence (or the whole) it has a guess for.
   */
  const find = (text: string, locale: Locale, guessed: Locale | null): Finding | null => {
    const [whole, ...sentences] = questionCandidates(text);
    let suggestion: Finding | null = null;
    for (const candidate of [...sentences, ...(whole === undefined ? [] : [whole])]) {
      const ranked = matcher.rank(candidate, locale, SUGGESTIONS + 1);
      const decided = decide(ranked, minConfidence);
      if (decided.kind === 'answer') {
        const entry = entries.get(decided.match.entryId);
        if (entry === undefined) continue;
        // The message's own grammar words ("can I pay with Pix?") say more about its
        // language than which translation happened to contain a brand name.
        // An entry without the visitor's language answers in the site's first one that it has
        // (English first), not in whichever third language its matched phrasing was written in:
        // a Spanish visitor gets English before Portuguese. With no guess, the phrasing decides.
        const answerLocale =
          guessed === null ? decided.match.locale : entry.answer?.[guessed] !== undefined ? guessed : entry.answer?.[locale] !== undefined ? locale : (languagesOf(entry.answer ?? {})[0] ?? decided.match.locale);
        return { kind: 'answer', found: { entry, locale: answerLocale, confidence: round(decided.match.confidence) } };
      }
      if (decided.kind === 'suggest' && suggestion === null) {
        const options = decided.matches.flatMap((match) => {
          const entry = entries.get(match.entryId);
          return entry === undefined ? [] : [{ entry, match }];
        });
        if (options.length > 0) suggestion = { kind: 'suggest', options, locale: guessed ?? options[0]?.match.locale ?? locale };
      }
    }
    return suggestion;
  };

  const answer = ({ entry, locale, confidence }: Found): BotAction | null => {
    if (entry.answer === undefined) return null;
    const picked = pickText(entry.answer, locale);
    const buttons = [...(entry.quickReplies?.[picked.locale] ?? []), ...followUpLabels(entry, picked.locale)];
    const quickReplies = [...new Set(buttons)];
    return {
      kind: 'reply',
      ...picked,
      entryId: entry.id,
      confidence,
      // A flagged answer is followed by a person at once: nothing to rate.
      ...(entry.handoff ? {} : { askFeedback: true }),
      ...(quickReplies.length === 0 ? {} : { quickReplies }),
    };
  };

  const followUpLabels = (entry: KnowledgeBaseEntry, locale: Locale): string[] =>
    (entry.followUps ?? []).flatMap((id) => {
      const first = entries.get(id)?.questions[locale]?.[0];
      return first === undefined ? [] : [first];
    });

  const handleTurn = (turn: BotTurn): BotAction[] => {
    const text = turn.text;
    const guessed = guessLocale(text);
    const locale = guessed ?? turn.locale;

    // Empty, emoji-only, punctuation or control characters: nothing to understand, and
    // not a failed question either, so it never escalates on its own.
    if (tokenize(text).length === 0) return [fallback(turn.locale)];

    const human = detectHumanRequest(text);
    const smallTalk = human === null ? detectSmallTalk(text) : null;
    const exact = human === null && smallTalk === null ? exactQuestions.get(tokenize(text).join(' ')) : undefined;
    // A "Did you mean" button pressed: answered, and not taken for the visitor repeating their
    // question; a flagged topic still goes on to a person.
    if (exact !== undefined && suggestTexts.has((lastBotLine(turn.history) ?? '').trim())) {
      const answered = answer({ entry: exact.entry, locale: exact.locale, confidence: 1 });
      if (!exact.entry.handoff) return answered === null ? [fallback(exact.locale)] : [answered];
      return [...(answered === null ? [] : [answered]), escalate(HandoffReason.FlaggedTopic, exact.locale, turn.agentsAvailable)];
    }
    // "my email is ana@…" after the bot asked, or unprompted: details for the agent, not a
    // question the bot failed.
    const onlyDetails = human === null && smallTalk === null && onlyGivesDetails(text);
    // Asked word for word as the knowledge base has it (a follow-up button, say): that entry.
    const finding: Finding | null =
      exact !== undefined
        ? { kind: 'answer', found: { entry: exact.entry, locale: exact.locale, confidence: 1 } }
        : human === null && smallTalk === null && !onlyDetails
          ? find(text, locale, guessed)
          : null;
    const found = finding?.kind === 'answer' ? finding.found : null;
    const reason = decideEscalation({
      text,
      history: turn.history,
      lowConfidence: human === null && smallTalk === null && finding === null && !onlyDetails,
      previousLowConfidence: lastBotLineWasFallback(turn.history, fallbackTexts),
      flaggedTopic: found?.entry.handoff === true,
    });

    if (reason !== null) {
      if (reason === HandoffReason.VisitorAsked) {
        return [escalate(reason, human?.locale ?? locale, turn.agentsAvailable)];
      }
      if (reason === HandoffReason.FlaggedTopic && found !== null) {
        const answered = answer(found);
        return [...(answered === null ? [] : [answered]), escalate(reason, found.locale, turn.agentsAvailable)];
      }
      return [escalate(reason, locale, turn.agentsAvailable)];
    }
    if (smallTalk !== null) return [reply(kb.smallTalk[smallTalk.kind], smallTalk.locale ?? locale)];
    if (onlyDetails) return [reply(kb.noted, locale)];
    if (finding?.kind === 'suggest') return [suggest(finding)];
    const answered = found === null ? null : answer(found);
    return [answered ?? fallback(locale)];
  };

  /** "Did you mean…?": each entry's first question in the visitor's language as a button; pressing one asks it. */
  const suggest = (finding: Extract<Finding, { kind: 'suggest' }>): BotAction => {
    const picked = pickText(kb.suggest, finding.locale);
    const labels = finding.options.flatMap(({ entry, match }) => {
      const label = entry.questions[picked.locale]?.[0] ?? entry.questions[match.locale]?.[0];
      return label === undefined ? [] : [{ id: entry.id, label }];
    });
    return {
      kind: 'reply',
      ...picked,
      quickReplies: [...labels.map((option) => option.label), TALK_TO_PERSON[picked.locale]],
      suggestedEntryIds: labels.map((option) => option.id),
      unanswered: 'suggested',
    };
  };

  return {
    siteName: kb.site,
    greeting: (locale) => pickText(kb.greeting, locale).text,
    async handle(turn) {
      return handleTurn(turn);
    },
    async feedback({ helpful, locale, history, agentsAvailable }) {
      // Thank or apologise in the language of the answer being rated, which may not be the page's.
      const answerLocale = guessLocale(lastBotLine(history) ?? '') ?? locale;
      if (helpful) return [reply(kb.feedback.thanks, answerLocale)];
      const reason = decideEscalation({ text: '', history, negativeFeedback: true }) ?? HandoffReason.NegativeFeedback;
      return [reply(kb.feedback.sorry, answerLocale), escalate(reason, answerLocale, agentsAvailable)];
    },
    async summarize({ transcript, reason }) {
      return summarizeHandoff({ transcript, reason, kb });
    },
  };
}

function lastBotLine(history: readonly TranscriptLine[]): string | undefined {
  for (let i = history.length - 1; i >= 0; i--) {
    const line = history[i];
    if (line?.author === 'bot') return line.text;
  }
  return undefined;
}

function round(confidence: number): number {
  return Math.round(confidence * 1000) / 1000;
}
