import type { Locale } from '../protocol/codes';
import { editDistance } from './edit-distance';
import { stem, tokenize } from './normalize';
import type { SmallTalkKind } from './knowledge-base';

/**
 * Intents the bot recognises before looking in the knowledge base: asking for a person,
 * and small talk. They are rule-based on purpose: a false "talk to a human" costs an agent's
 * time and a missed one annoys a visitor, so the rules are explicit and tested phrase by phrase.
 */

/** The quick reply offered with the fallback; each one must be recognised by `detectHumanRequest`. */
export const TALK_TO_PERSON: Record<Locale, string> = {
  en: 'Talk to a person',
  'pt-BR': 'Falar com uma pessoa',
  es: 'Hablar con una persona',
};

type Word = readonly [word: string, locale: Locale | null];
const en = (...words: string[]): Word[] => words.map((word) => [word, 'en'] as const);
const pt = (...words: string[]): Word[] => words.map((word) => [word, 'pt-BR'] as const);
const es = (...words: string[]): Word[] => words.map((word) => [word, 'es'] as const);
const shared = (...words: string[]): Word[] => words.map((word) => [word, null] as const);
/** Stemmed word → the language it gives away (null when shared). */
const table = (...lists: Word[][]): ReadonlyMap<string, Locale | null> =>
  new Map(lists.flat().map(([word, locale]) => [stem(word), locale]));

// "Who" the visitor wants.
const PEOPLE = table(
  en('human', 'person', 'people', 'agent', 'operator', 'representative', 'rep', 'someone', 'somebody', 'staff', 'employee'),
  pt('pessoa', 'atendente', 'alguem', 'funcionario', 'operadora'),
  es('persona', 'alguien', 'asesor', 'asesora'),
  shared('humano', 'humana', 'agente', 'operador', 'representante'),
);
// What they want to do with that person.
const CONTACT_VERBS = table(
  en('talk', 'speak', 'chat', 'contact', 'connect', 'transfer', 'reach', 'put', 'pass'),
  pt('falar', 'fala', 'chamar', 'passar', 'passa', 'contatar', 'atender'),
  es('hablar', 'habla', 'comunicarme', 'pasar', 'pasame', 'pasarme', 'llamar'),
  shared('conversar', 'transferir', 'contactar', 'comunicar'),
);
// Words that may stand around a person-word in a bare request ("agent please", "real person").
const REQUEST_FILLER = table(
  en('a', 'an', 'the', 'i', 'me', 'want', 'need', 'get', 'please', 'pls', 'plz', 'now', 'real', 'live', 'actual', 'just', 'with', 'to'),
  pt('um', 'uma', 'com', 'quero', 'queria', 'preciso', 'agora', 'verdade', 'atendimento', 'em'),
  es('un', 'una', 'con', 'quiero', 'necesito', 'ahora', 'ya', 'verdad', 'vivo', 'el', 'la', 'atencion', 'en'),
  shared('por', 'favor', 'de', 'o'),
);

/** A request for a person; `locale` is the language its words give away, if they do. */
export type HumanRequest = { locale: Locale | null };

/**
 * Recognises "I want to talk to a human", "agent please", "falar com uma pessoa",
 * "hablar con un agente"...: a person-word together with a contact verb, or a
 * person-word with nothing but request filler around it. "Are you a human?" and
 * "can I pick it up in person?" are not requests for a person.
 */
export function detectHumanRequest(text: string): HumanRequest | null {
  const words = tokenize(text).map(stem);
  if (words.length === 0 || words.length > 25) return null;
  const people = words.filter((word) => lookup(PEOPLE, word) !== undefined);
  if (people.length === 0) return null;
  const verbs = words.filter((word) => lookup(CONTACT_VERBS, word) !== undefined);
  const bare = words.every((word) => lookup(PEOPLE, word) !== undefined || REQUEST_FILLER.has(word));
  if (verbs.length === 0 && !bare) return null;
  const votes = new Map<Locale, number>();
  for (const word of words) {
    const locale = lookup(PEOPLE, word) ?? lookup(CONTACT_VERBS, word) ?? REQUEST_FILLER.get(word) ?? null;
    if (locale !== null) votes.set(locale, (votes.get(locale) ?? 0) + 1);
  }
  return { locale: clearWinner(votes) };
}

function clearWinner(votes: ReadonlyMap<Locale, number>): Locale | null {
  const [first, second] = [...votes].sort((a, b) => b[1] - a[1]);
  return first !== undefined && (second === undefined || second[1] < first[1]) ? first[0] : null;
}

/** The entry for a word, exactly or one typo away for longer words ("atendete"). */
function lookup(map: ReadonlyMap<string, Locale | null>, word: string): Locale | null | undefined {
  if (map.has(word)) return map.get(word);
  if (word.length < 6) return undefined;
  for (const [candidate, locale] of map) {
    if (candidate.length >= 6 && editDistance(word, candidate, 1) <= 1) return locale;
  }
  return undefined;
}

type SmallTalkWord = { kind: SmallTalkKind; locale: Locale | null };

// Folded words that make a message small talk, with the language they give away (null if shared).
const SMALL_TALK_WORDS: ReadonlyMap<string, SmallTalkWord> = new Map<string, SmallTalkWord>([
  ...['hi', 'hello', 'hey', 'hiya', 'howdy', 'morning', 'afternoon', 'evening', 'yo'].map(
    (word) => [word, { kind: 'hello', locale: 'en' }] as const,
  ),
  ...['ola', 'oi', 'opa', 'noite', 'eai'].map((word) => [word, { kind: 'hello', locale: 'pt-BR' }] as const),
  ...['hola', 'buenas', 'buenos', 'noches', 'tardes', 'dias'].map(
    (word) => [word, { kind: 'hello', locale: 'es' }] as const,
  ),
  ...['dia', 'tarde'].map((word) => [word, { kind: 'hello', locale: null }] as const),
  ...['thanks', 'thank', 'thx', 'ty', 'cheers', 'thankyou'].map(
    (word) => [word, { kind: 'thanks', locale: 'en' }] as const,
  ),
  ...['obrigado', 'obrigada', 'valeu', 'brigado', 'brigada', 'obg'].map(
    (word) => [word, { kind: 'thanks', locale: 'pt-BR' }] as const,
  ),
  ...['gracias', 'agradezco'].map((word) => [word, { kind: 'thanks', locale: 'es' }] as const),
  ...['bye', 'goodbye', 'byebye', 'cya', 'farewell'].map((word) => [word, { kind: 'goodbye', locale: 'en' }] as const),
  ...['tchau', 'adeus', 'ate'].map((word) => [word, { kind: 'goodbye', locale: 'pt-BR' }] as const),
  ...['adios', 'chao', 'hasta', 'vemos'].map((word) => [word, { kind: 'goodbye', locale: 'es' }] as const),
]);

// Words that can stand around small talk without making it a question.
const SMALL_TALK_FILLER: ReadonlyMap<string, Locale | null> = new Map<string, Locale | null>([
  ...['you', 'so', 'much', 'very', 'lot', 'for', 'the', 'help', 'your', 'there', 'all', 'everyone',
    'again', 'ok', 'okay', 'great', 'perfect', 'good', 'nice', 'see', 'later', 'soon', 'have', 'day',
    'many', 'that', 'was', 'helpful', 'awesome', 'cool', 'and', 'now'].map((word) => [word, 'en' as Locale] as const),
  ...['muito', 'muita', 'pela', 'ajuda', 'tudo', 'todos', 'perfeito', 'otimo', 'legal', 'beleza', 'bom',
    'boa', 'logo', 'mais', 'breve', 'bem', 'e'].map((word) => [word, 'pt-BR' as Locale] as const),
  ...['muchas', 'mucho', 'la', 'ayuda', 'todo', 'perfecto', 'genial', 'vale', 'bien', 'buen', 'luego',
    'pronto', 'nos', 'y'].map((word) => [word, 'es' as Locale] as const),
  ...['por', 'a', 'de', 'ok'].map((word) => [word, null] as const),
]);

const KIND_PRIORITY: readonly SmallTalkKind[] = ['goodbye', 'thanks', 'hello'];

/**
 * When the whole message is a greeting, a thank-you or a goodbye ("hi!", "muito obrigado",
 * "gracias, adiós"), its kind and, if the words tell, its language. A message with any
 * other word ("hi, do you ship to Spain?") is not small talk and goes to the knowledge base.
 */
export function detectSmallTalk(text: string): { kind: SmallTalkKind; locale: Locale | null } | null {
  const words = tokenize(text);
  if (words.length === 0 || words.length > 8) return null;
  const kinds = new Set<SmallTalkKind>();
  const localeVotes = new Map<Locale, number>();
  const vote = (locale: Locale | null, strength: number): void => {
    if (locale !== null) localeVotes.set(locale, (localeVotes.get(locale) ?? 0) + strength);
  };
  for (const word of words) {
    const small = SMALL_TALK_WORDS.get(word);
    if (small !== undefined) {
      kinds.add(small.kind);
      vote(small.locale, 2);
      continue;
    }
    if (!SMALL_TALK_FILLER.has(word)) return null;
    vote(SMALL_TALK_FILLER.get(word) ?? null, 1);
  }
  const kind = KIND_PRIORITY.find((candidate) => kinds.has(candidate));
  if (kind === undefined) return null;
  return { kind, locale: clearWinner(localeVotes) };
}
