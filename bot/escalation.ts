import type { Locale } from '../protocol/codes';
import { detectHumanRequest, detectSmallTalk } from './intents';
import { type LocalizedText, pickText } from './knowledge-base';
import { processTerm, stem, tokenize } from './normalize';
import { type BotAction, HandoffReason, type TranscriptLine } from './types';

/**
 * The escalation policy: when the bot stops and a person takes over, and why. Pure: every
 * decision comes from its input, so the scripted bot, LLM mode and the tests all share it.
 */

export type EscalationInput = {
  /** The visitor's latest message ('' when reacting to feedback rather than a message). */
  text: string;
  /** Earlier lines of the conversation, oldest first, not including `text`. */
  history: readonly TranscriptLine[];
  /** The bot has no confident answer to `text`. */
  lowConfidence?: boolean;
  /** The bot's previous answer was already an "I don't know" (see `lastBotLineWasFallback`). */
  previousLowConfidence?: boolean;
  /** The visitor said "no" to "did that help?". */
  negativeFeedback?: boolean;
  /** `text` matched a knowledge-base entry flagged `handoff: true`. */
  flaggedTopic?: boolean;
  /** The LLM called `handoff_to_human` / `offer_callback`. */
  llmDecision?: boolean;
};

/** SHOUTING: at least this many letters, and this share of the cased letters uppercase. */
export const SHOUT_MIN_LETTERS = 12;
export const SHOUT_MIN_UPPER_SHARE = 0.7;
/** How many of the visitor's earlier lines a repeated question is looked for in. */
const REPEAT_WINDOW = 3;
/** Share of content words two messages must share to be "the same question". */
const REPEAT_MIN_OVERLAP = 0.75;

/**
 * Why the conversation should go to a person now, or null to let the bot carry on.
 * When several reasons hold, the most specific one is recorded: the visitor's own request,
 * then their "no", the flagged topic, the LLM's decision, frustration, and last a second
 * "I don't know" in a row.
 */
export function decideEscalation(input: EscalationInput): HandoffReason | null {
  if (input.text !== '' && detectHumanRequest(input.text) !== null) return HandoffReason.VisitorAsked;
  if (input.negativeFeedback === true) return HandoffReason.NegativeFeedback;
  if (input.flaggedTopic === true) return HandoffReason.FlaggedTopic;
  if (input.llmDecision === true) return HandoffReason.LlmDecision;
  if (isFrustrated(input)) return HandoffReason.Frustration;
  if (input.lowConfidence === true && input.previousLowConfidence === true) return HandoffReason.LowConfidence;
  return null;
}

/**
 * Insults and repeated questions always count. Shouting alone does not take a known answer
 * away from the visitor ("WHERE IS MY ORDER" gets the tracking answer, the fastest help
 * there is); it counts when the bot has nothing to say, or when the visitor keeps shouting.
 */
function isFrustrated(input: EscalationInput): boolean {
  if (input.text === '') return false;
  if (containsInsult(input.text)) return true;
  if (repeatsEarlierQuestion(input.text, input.history)) return true;
  if (!isShouting(input.text)) return false;
  return input.lowConfidence === true || lastVisitorLines(input.history, 1).some(isShouting);
}

/** Mostly capitals, and long enough not to be an acronym or "OK". */
export function isShouting(text: string): boolean {
  let upper = 0;
  let lower = 0;
  for (const char of text) {
    if (char !== char.toLowerCase()) upper++;
    else if (char !== char.toUpperCase()) lower++;
  }
  return upper + lower >= SHOUT_MIN_LETTERS && upper / (upper + lower) >= SHOUT_MIN_UPPER_SHARE;
}

// Folded, with letter runs squeezed (see `squeeze`). Words that are also ordinary words in
// a shop's conversation ("trash" a lamp, "drug", "cone") are left out on purpose.
const INSULTS: ReadonlySet<string> = new Set(
  [
    // en
    'idiot', 'idiots', 'idiotic', 'stupid', 'dumb', 'moron', 'useless', 'worthless', 'pathetic',
    'shit', 'shitty', 'bullshit', 'crap', 'crappy', 'fuck', 'fucking', 'fck', 'fk', 'wtf', 'stfu', 'damn',
    'asshole', 'bitch', 'sucks', 'garbage', 'incompetent', 'scam', 'scammers',
    // pt-BR
    'idiota', 'burro', 'burra', 'imbecil', 'merda', 'porra', 'caralho', 'inutil', 'lixo', 'estupido',
    'estupida', 'porcaria', 'pqp', 'vsf', 'fdp', 'otario', 'otaria', 'babaca', 'ridiculo', 'palhacada',
    'golpistas',
    // es
    'estupidez', 'mierda', 'joder', 'puta', 'puto', 'carajo', 'basura', 'pendejo', 'pendeja', 'gilipollas',
    'cabron', 'tonto', 'tonta', 'maldito', 'maldita', 'inutiles', 'estafa', 'estafadores',
  ].map(squeeze),
);

/** Insults and swearing in en / pt-BR / es, tolerant of case, accents and "stuuuupid". */
export function containsInsult(text: string): boolean {
  return tokenize(text).some((word) => INSULTS.has(squeeze(word)) || INSULTS.has(squeeze(stem(word))));
}

/** Letter runs shortened to one letter, on both sides of the comparison ("fuuuck", "bulshit"). */
function squeeze(word: string): string {
  return word.replace(/(.)\1+/gu, '$1');
}

/**
 * The visitor asks what they asked a moment ago: the bot's answer (or its "I don't know")
 * did not help. Small talk and messages without a content word of three letters or more
 * ("ok", "yes", "hi" twice) are not questions, so they are never repeats.
 */
export function repeatsEarlierQuestion(text: string, history: readonly TranscriptLine[]): boolean {
  const words = contentStems(text);
  if (![...words].some((word) => word.length >= 3) || detectSmallTalk(text) !== null) return false;
  return lastVisitorLines(history, REPEAT_WINDOW).some((line) => {
    const earlier = contentStems(line);
    let shared = 0;
    for (const word of words) if (earlier.has(word)) shared++;
    return shared / Math.max(words.size, earlier.size) >= REPEAT_MIN_OVERLAP;
  });
}

function contentStems(text: string): Set<string> {
  const stems = new Set<string>();
  for (const token of tokenize(text)) {
    const terms = processTerm(token);
    const last = terms?.at(-1);
    if (last !== undefined) stems.add(last);
  }
  return stems;
}

/** The visitor's last `count` lines, newest first, since a person last took part. */
function lastVisitorLines(history: readonly TranscriptLine[], count: number): string[] {
  const lines: string[] = [];
  for (let i = history.length - 1; i >= 0 && lines.length < count; i--) {
    const line = history[i];
    if (line === undefined) continue;
    if (line.author === 'agent') break;
    if (line.author === 'visitor') lines.push(line.text);
  }
  return lines;
}

/**
 * The bot's previous word was one of `fallbackTexts` ("I don't know") with nothing since but
 * the visitor's messages. An agent or system line in between (the visitor was handed off and
 * came back) resets it.
 */
export function lastBotLineWasFallback(history: readonly TranscriptLine[], fallbackTexts: ReadonlySet<string>): boolean {
  for (let i = history.length - 1; i >= 0; i--) {
    const line = history[i];
    if (line === undefined || line.author === 'visitor') continue;
    return line.author === 'bot' && fallbackTexts.has(line.text.trim());
  }
  return false;
}

/**
 * The action that carries out an escalation: the queue when someone can take the chat,
 * otherwise the offer that a person will write back.
 */
export function escalationAction(
  reason: HandoffReason,
  locale: Locale,
  agentsAvailable: boolean,
  texts: { handoff: LocalizedText; callbackOffer: LocalizedText },
): BotAction {
  return agentsAvailable
    ? { kind: 'handoff', reason, ...pickText(texts.handoff, locale) }
    : { kind: 'offer_callback', reason, ...pickText(texts.callbackOffer, locale) };
}
