import type { Locale } from '../protocol/codes';
import { detectHumanRequest, detectSmallTalk, TALK_TO_PERSON } from './intents';
import { type KnowledgeBase, type KnowledgeBaseEntry, type LocalizedText, languagesOf, pickText } from './knowledge-base';
import { guessLocale } from './language';
import { createMatcher, MIN_CONFIDENCE, type Phrasing } from './matcher';
import { tokenize } from './normalize';
import { type Bot, type BotAction, type BotTurn, HandoffReason } from './types';

/**
 * The bot without an LLM: intents first (a person, small talk), then the knowledge base,
 * then an honest "I don't know" that offers a person, and a person after two of those.
 * Pure: every decision comes from the turn and the knowledge base.
 */
export function createScriptedBot(kb: KnowledgeBase): Bot {
  const entries = new Map<string, KnowledgeBaseEntry>(kb.entries.map((entry) => [entry.id, entry]));
  const phrasings: Phrasing[] = kb.entries.flatMap((entry) =>
    languagesOf(entry.questions).flatMap((locale) =>
      (entry.questions[locale] ?? []).map((text) => ({ entryId: entry.id, locale, text })),
    ),
  );
  // Built once: matching a message must stay well under a millisecond.
  const matcher = createMatcher(phrasings);
  const fallbackTexts = new Set(Object.values(kb.fallback).map((text) => text.trim()));

  const reply = (map: LocalizedText, locale: Locale, extra?: Partial<Extract<BotAction, { kind: 'reply' }>>): BotAction => ({
    kind: 'reply',
    ...pickText(map, locale),
    ...extra,
  });
  const handoff = (reason: HandoffReason, locale: Locale): BotAction => ({
    kind: 'handoff',
    reason,
    ...pickText(kb.handoff, locale),
  });
  const fallback = (locale: Locale): BotAction => {
    const picked = pickText(kb.fallback, locale);
    return { kind: 'reply', ...picked, quickReplies: [TALK_TO_PERSON[picked.locale]] };
  };

  return {
    siteName: kb.site,
    greeting: (locale) => pickText(kb.greeting, locale).text,
    handle(turn: BotTurn): BotAction[] {
      const text = turn.text;
      const guessed = guessLocale(text);
      const locale = guessed ?? turn.locale;

      // Empty, emoji-only, punctuation or control characters: nothing to understand, and
      // not a failed question either, so it never escalates on its own.
      if (tokenize(text).length === 0) return [fallback(turn.locale)];

      const human = detectHumanRequest(text);
      if (human !== null) return [handoff(HandoffReason.VisitorAsked, human.locale ?? locale)];

      const smallTalk = detectSmallTalk(text);
      if (smallTalk !== null) return [reply(kb.smallTalk[smallTalk.kind], smallTalk.locale ?? locale)];

      const match = matcher.match(text, locale);
      const entry = match === null ? undefined : entries.get(match.entryId);
      if (match !== null && entry !== undefined && match.confidence >= MIN_CONFIDENCE) {
        // The message's own grammar words ("can I pay with Pix?") say more about its
        // language than which translation happened to contain a brand name.
        const answerLocale = guessed !== null && entry.answer?.[guessed] !== undefined ? guessed : match.locale;
        const actions: BotAction[] = [];
        if (entry.answer !== undefined) {
          const quickReplies = entry.quickReplies?.[answerLocale];
          actions.push(
            reply(entry.answer, answerLocale, {
              entryId: entry.id,
              confidence: round(match.confidence),
              ...(quickReplies === undefined ? {} : { quickReplies: [...quickReplies] }),
            }),
          );
        }
        if (entry.handoff) actions.push(handoff(HandoffReason.FlaggedTopic, answerLocale));
        return actions;
      }

      if (lastBotLineWasFallback(turn, fallbackTexts)) return [handoff(HandoffReason.LowConfidence, locale)];
      return [fallback(locale)];
    },
  };
}

/**
 * The bot's previous word was "I don't know" with nothing since but the visitor's messages.
 * An agent or system line in between (say the visitor was handed off and came back) resets it.
 */
function lastBotLineWasFallback(turn: BotTurn, fallbackTexts: ReadonlySet<string>): boolean {
  for (let i = turn.history.length - 1; i >= 0; i--) {
    const line = turn.history[i];
    if (line === undefined || line.author === 'visitor') continue;
    return line.author === 'bot' && fallbackTexts.has(line.text.trim());
  }
  return false;
}

function round(confidence: number): number {
  return Math.round(confidence * 1000) / 1000;
}
