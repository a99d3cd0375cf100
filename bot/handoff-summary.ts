import { extractFacts, withoutContactDetails } from './facts';
import { detectHumanRequest, detectSmallTalk } from './intents';
import { type KnowledgeBase, languagesOf } from './knowledge-base';
import { processTerm, tokenize } from './normalize';
import { type HandoffReason, HandoffReason as Reason, type HandoffSummary, type TranscriptLine } from './types';

/**
 * The summary an agent reads when a conversation leaves the bot, without an LLM: extractive
 * (the visitor's own words, the entries the bot answered, what failed) and in English, since
 * it is for the team, not the visitor. Facts come from the visitor's lines only, so the bot's
 * own texts (the shop's e-mail address, say) are never mistaken for the visitor's.
 */

const MAX_QUOTE = 100;
const MAX_QUESTIONS = 2;

export function summarizeHandoff(input: {
  transcript: readonly TranscriptLine[];
  reason: HandoffReason;
  /** Lets the summary name the entries the bot answered and spot its "I don't know"s. */
  kb?: KnowledgeBase;
}): HandoffSummary {
  const { transcript, reason, kb } = input;
  const answerTitles = new Map<string, string>();
  const fallbackTexts = new Set<string>();
  const sorryTexts = new Set<string>();
  if (kb !== undefined) {
    for (const entry of kb.entries) {
      for (const locale of languagesOf(entry.answer ?? {})) {
        answerTitles.set((entry.answer?.[locale] ?? '').trim(), entry.id.replaceAll('-', ' '));
      }
    }
    for (const text of Object.values(kb.fallback)) fallbackTexts.add(text.trim());
    for (const text of Object.values(kb.feedback.sorry)) sorryTexts.add(text.trim());
  }

  const questions: string[] = [];
  const answered = new Set<string>();
  const unanswered: string[] = [];
  let saidNotHelpful = reason === Reason.NegativeFeedback;
  let lastVisitorLine: string | undefined;
  for (const line of transcript) {
    const text = line.text.trim();
    if (line.author === 'visitor') {
      lastVisitorLine = text;
      if (questions.length < MAX_QUESTIONS && isSubstantive(text)) questions.push(quote(text));
    } else if (line.author === 'bot') {
      const title = answerTitles.get(text);
      if (title !== undefined) answered.add(title);
      if (fallbackTexts.has(text) && lastVisitorLine !== undefined && isSubstantive(lastVisitorLine)) {
        unanswered.push(quote(lastVisitorLine));
      }
      if (sorryTexts.has(text)) saidNotHelpful = true;
    }
  }

  const sentences: string[] = [];
  sentences.push(
    questions.length === 0
      ? 'The visitor has not asked anything specific yet.'
      : `The visitor asked: ${questions.join(' and ')}.`,
  );
  if (answered.size > 0) sentences.push(`The bot answered about ${[...answered].join(', ')}.`);
  const failures: string[] = [];
  if (unanswered.length === 1) failures.push(`could not answer ${unanswered[0]}`);
  if (unanswered.length > 1) failures.push(`could not answer ${unanswered.length} questions`);
  if (saidNotHelpful && reason !== Reason.NegativeFeedback) failures.push('was told an answer did not help');
  if (failures.length > 0) sentences.push(`The bot ${failures.join(' and ')}.`);
  sentences.push(`Handed over because ${reasonInWords(reason)}.`);

  const visitorLines = transcript.filter((line) => line.author === 'visitor').map((line) => line.text);
  return { summary: sentences.join(' '), facts: extractFacts(visitorLines) };
}

export function reasonInWords(reason: HandoffReason): string {
  switch (reason) {
    case Reason.VisitorAsked:
      return 'the visitor asked for a person';
    case Reason.FlaggedTopic:
      return 'the topic is one a person must handle';
    case Reason.LowConfidence:
      return 'the bot could not answer twice in a row';
    case Reason.NegativeFeedback:
      return 'the visitor said an answer did not help';
    case Reason.Frustration:
      return 'the visitor seemed frustrated (repeating, shouting or swearing)';
    case Reason.LlmDecision:
      return 'the assistant decided a person should take over';
    default: {
      const unknown: never = reason;
      throw new Error(`unknown handoff reason ${String(unknown)}`);
    }
  }
}

/** A question, not "hi", "thanks", "a person please" or just an e-mail address or phone number. */
function isSubstantive(line: string): boolean {
  const text = withoutContactDetails(line);
  const hasContent = tokenize(text).some((token) => processTerm(token) !== null);
  return hasContent && detectSmallTalk(text) === null && detectHumanRequest(text) === null;
}

function quote(text: string): string {
  const clean = text.replace(/[\p{Cc}\p{Cf}]+/gu, ' ').replace(/\s+/g, ' ').trim();
  return `"${clean.length > MAX_QUOTE ? `${clean.slice(0, MAX_QUOTE - 1)}…` : clean}"`;
}
