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

type Facts = HandoffSummary['facts'];

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
  const text = line.replace(EMAIL, ' ').replace(PHONE, ' ');
  const hasContent = tokenize(text).some((token) => processTerm(token) !== null);
  return hasContent && detectSmallTalk(text) === null && detectHumanRequest(text) === null;
}

function quote(text: string): string {
  const clean = text.replace(/[\p{Cc}\p{Cf}]+/gu, ' ').replace(/\s+/g, ' ').trim();
  return `"${clean.length > MAX_QUOTE ? `${clean.slice(0, MAX_QUOTE - 1)}…` : clean}"`;
}

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
// "order 1042", "my order number is #1042", "pedido #1042", "orden 1042", or a bare "#A-1042".
// At least three digits, so "order 2 lamps" is not an order number.
const ORDER =
  /(?:\b(?:order|pedido|encomenda|orden|compra)\b(?:\s*(?:number|num|no\.|nr\.?|n[º°]|número|numero|is|é|es|:|#))*\s*#?\s*|#)([A-Za-z]{0,3}-?\d{3,}[A-Za-z0-9-]*)/giu;
const PHONE = /(?:\+|\(|\b00)?\d[\d\s().-]{6,}\d/g;
const DATE = /^(?:\d{4}[./-]\d{1,2}[./-]\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4})$/;
const NAME_LEAD = /(?:\bmy name is|\bmeu nome [ée]|\bme chamo|\bme llamo|\bmi nombre es)\s+/giu;
const I_AM_LEAD = /(?:^|[^\p{L}])(?:I'm|I’m|Im|I am|i'm|i’m|i am)\s+(?=\p{Lu})/gu;
const NAME_AFTER_LEAD = /^([\p{L}'’-]+)(?:\s+(\p{Lu}[\p{L}'’-]*))?/u;
const CAPITALISED_NAME = /^(\p{Lu}\p{Ll}[\p{L}'’-]*)(?:\s+(\p{Lu}\p{Ll}[\p{L}'’-]*))?/u;
// Capitalised words that follow "I'm" without being a name.
const NOT_NAMES: ReadonlySet<string> = new Set(
  ['sorry', 'not', 'looking', 'trying', 'here', 'just', 'still', 'also', 'from', 'in', 'so', 'very',
    'really', 'interested', 'waiting', 'having', 'going', 'good', 'fine', 'ok', 'okay', 'happy',
    'unhappy', 'angry', 'confused', 'a', 'an', 'the', 'brazilian', 'portuguese', 'spanish', 'english',
    'american', 'done', 'back', 'new', 'no', 'nao', 'não', 'and', 'e', 'y', 'is', 'important'],
);

/**
 * Name, e-mail, phone and order number as the visitor gave them. When one is given twice
 * the later mention wins: visitors correct themselves ("sorry, it's ana@…").
 */
export function extractFacts(visitorLines: readonly string[]): Facts {
  const facts: Facts = {};
  for (const line of visitorLines) {
    let rest = line;
    const email = [...rest.matchAll(EMAIL)].at(-1)?.[0];
    if (email !== undefined) facts.email = email;
    rest = rest.replace(EMAIL, ' ');
    const order = [...rest.matchAll(ORDER)].at(-1)?.[1];
    if (order !== undefined) facts.orderNumber = order;
    rest = rest.replace(ORDER, ' ');
    for (const match of rest.matchAll(PHONE)) {
      const candidate = match[0].trim();
      const digits = candidate.replace(/\D/g, '').length;
      if (digits >= 8 && digits <= 15 && !DATE.test(candidate)) facts.phone = candidate;
    }
    const name = nameIn(rest);
    if (name !== undefined) facts.name = name;
  }
  return facts;
}

function nameIn(text: string): string | undefined {
  let found: string | undefined;
  for (const lead of text.matchAll(NAME_LEAD)) {
    const after = NAME_AFTER_LEAD.exec(text.slice((lead.index ?? 0) + lead[0].length));
    const name = after === null ? undefined : joinName(after[1], after[2]);
    if (name !== undefined) found = name;
  }
  for (const lead of text.matchAll(I_AM_LEAD)) {
    const after = CAPITALISED_NAME.exec(text.slice((lead.index ?? 0) + lead[0].length));
    const name = after === null ? undefined : joinName(after[1], after[2]);
    if (name !== undefined) found = name;
  }
  return found;
}

function joinName(first: string | undefined, second: string | undefined): string | undefined {
  if (first === undefined || NOT_NAMES.has(first.toLowerCase())) return undefined;
  return second === undefined || NOT_NAMES.has(second.toLowerCase()) ? first : `${first} ${second}`;
}
