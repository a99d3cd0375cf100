import type { Locale } from '../protocol/codes';
import { decideEscalation, escalationAction, lastBotLineWasFallback } from './escalation';
import { summarizeHandoff } from './handoff-summary';
import { detectHumanRequest, detectSmallTalk, TALK_TO_PERSON } from './intents';
import { type KnowledgeBase, type KnowledgeBaseEntry, type LocalizedText, pickText } from './knowledge-base';
import { guessLocale } from './language';
import { createKnowledgeBaseMatcher, MIN_CONFIDENCE } from './matcher';
import { tokenize } from './normalize';
import { type Bot, type BotAction, type BotTurn, HandoffReason, type TranscriptLine } from './types';
import { questionCandidates } from './question-part';

export type ScriptedBotOptions = {
  /** Below this the matcher's best entry is a guess and the bot says it does not know. */
  minConfidence?: number;
};

type Reply = Extract<BotAction, { kind: 'reply' }>;
type Found = { entry: KnowledgeBaseEntry; locale: Locale; confidence: number };

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
  const fallbackTexts = new Set(Object.values(kb.fallback).map((text) => text.trim()));

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

  const find = (text: string, locale: Locale, guessed: Locale | null): Found | null => {
    // The first sentence the bot understands (visitors ask first what they want most, and
    // each question of "X? And Y?" would otherwise compete), else the best of all of them
    // and the whole message (see questionCandidates).
    const [whole, ...sentences] = questionCandidates(text);
    let match: ReturnType<typeof matcher.match> = null;
    for (const candidate of sentences) {
      const found = matcher.match(candidate, locale);
      if (found !== null && found.confidence >= minConfidence) {
        match = found;
        break;
      }
      if (found !== null && (match === null || found.confidence > match.confidence)) match = found;
    }
    if (match === null || match.confidence < minConfidence) {
      const found = whole === undefined ? null : matcher.match(whole, locale);
      if (found !== null && (match === null || found.confidence > match.confidence)) match = found;
    }
    const entry = match === null ? undefined : entries.get(match.entryId);
    if (match === null || entry === undefined || match.confidence < minConfidence) return null;
    // The message's own grammar words ("can I pay with Pix?") say more about its
    // language than which translation happened to contain a brand name.
    const answerLocale = guessed !== null && entry.answer?.[guessed] !== undefined ? guessed : match.locale;
    return { entry, locale: answerLocale, confidence: round(match.confidence) };
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
    const found = human === null && smallTalk === null ? find(text, locale, guessed) : null;
    const reason = decideEscalation({
      text,
      history: turn.history,
      lowConfidence: human === null && smallTalk === null && found === null,
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
    const answered = found === null ? null : answer(found);
    return [answered ?? fallback(locale)];
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
