import type { Locale } from '../protocol/codes';
import { editDistance } from './edit-distance';
import { stem, tokenize } from './normalize';
import type { SmallTalkKind } from './knowledge-base';

/**
 * Intents the bot recognises before looking in the knowledge base: asking for a person,
 * and small talk. They are rule-based on purpose: a false "talk to a human" costs an agent's
 * time and a missed one annoys a visitor, so the rules are explicit and tested phrase by phrase.
 */

/** The quick reply offered with the fallback; each one must be recognised by `asksForHuman`. */
export const TALK_TO_PERSON: Record<Locale, string> = {
  en: 'Talk to a person',
  'pt-BR': 'Falar com uma pessoa',
  es: 'Hablar con una persona',
};

// Stemmed, folded. "Who" the visitor wants.
const PEOPLE = new Set(
  [
    'human', 'person', 'people', 'agent', 'operator', 'representative', 'rep', 'someone', 'somebody',
    'staff', 'employee', 'humano', 'humana', 'pessoa', 'atendente', 'agente', 'operador', 'operadora',
    'alguem', 'funcionario', 'persona', 'alguien', 'representante', 'asesor', 'asesora',
  ].map(stem),
);
// What they want to do with that person.
const CONTACT_VERBS = new Set(
  [
    'talk', 'speak', 'chat', 'contact', 'connect', 'transfer', 'reach', 'put', 'pass', 'falar', 'fala',
    'conversar', 'chamar', 'passar', 'passa', 'transferir', 'contatar', 'contactar', 'atender',
    'hablar', 'habla', 'comunicar', 'comunicarme', 'pasar', 'pasame', 'pasarme', 'llamar',
  ].map(stem),
);
// Words that may stand around a person-word in a bare request ("agent please", "real person").
const REQUEST_FILLER = new Set(
  [
    'a', 'an', 'the', 'i', 'me', 'want', 'need', 'get', 'please', 'pls', 'plz', 'now', 'real', 'live',
    'actual', 'just', 'with', 'to', 'um', 'uma', 'com', 'quero', 'queria', 'preciso', 'por', 'favor',
    'agora', 'de', 'verdade', 'real', 'un', 'una', 'con', 'quiero', 'necesito', 'ahora', 'ya', 'de',
    'verdad', 'vivo', 'o', 'el', 'la', 'atendimento', 'atencion', 'em', 'en',
  ].map(stem),
);

/**
 * True for "I want to talk to a human", "agent please", "falar com uma pessoa",
 * "hablar con un agente"...: a person-word together with a contact verb, or a
 * person-word with nothing but request filler around it. "Are you a human?" and
 * "can I pick it up in person?" are not requests for a person.
 */
export function asksForHuman(text: string): boolean {
  const words = tokenize(text).map(stem);
  if (words.length === 0 || words.length > 25) return false;
  const hasPerson = words.some((word) => inSet(PEOPLE, word));
  if (!hasPerson) return false;
  if (words.some((word) => inSet(CONTACT_VERBS, word))) return true;
  return words.every((word) => inSet(PEOPLE, word) || REQUEST_FILLER.has(word));
}

/** Exact, or one typo away for longer words ("atendete", "reprsentative"). */
function inSet(set: ReadonlySet<string>, word: string): boolean {
  if (set.has(word)) return true;
  if (word.length < 6) return false;
  for (const candidate of set) {
    if (candidate.length >= 6 && editDistance(word, candidate, 1) <= 1) return true;
  }
  return false;
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
  ...['adios', 'chao', 'hasta'].map((word) => [word, { kind: 'goodbye', locale: 'es' }] as const),
]);

// Words that can stand around small talk without making it a question.
const SMALL_TALK_FILLER: ReadonlyMap<string, Locale | null> = new Map<string, Locale | null>([
  ...['you', 'so', 'much', 'very', 'lot', 'a', 'for', 'the', 'help', 'your', 'there', 'all', 'everyone',
    'again', 'ok', 'okay', 'great', 'perfect', 'good', 'nice', 'see', 'later', 'soon', 'have', 'day',
    'many', 'that', 'was', 'helpful', 'awesome', 'cool', 'and'].map((word) => [word, 'en' as Locale] as const),
  ...['muito', 'muita', 'pela', 'ajuda', 'tudo', 'todos', 'perfeito', 'otimo', 'legal', 'beleza', 'bom',
    'boa', 'logo', 'mais', 'breve', 'bem', 'e'].map((word) => [word, 'pt-BR' as Locale] as const),
  ...['muchas', 'mucho', 'la', 'ayuda', 'todo', 'perfecto', 'genial', 'vale', 'bien', 'buen', 'luego',
    'pronto', 'vemos', 'nos', 'y'].map((word) => [word, 'es' as Locale] as const),
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
  const ranked = [...localeVotes].sort((a, b) => b[1] - a[1]);
  const [first, second] = ranked;
  const locale = first !== undefined && (second === undefined || second[1] < first[1]) ? first[0] : null;
  return { kind, locale };
}
