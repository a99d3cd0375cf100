import type { Locale } from '../protocol/codes';

/**
 * Text normalisation shared by the knowledge-base index, the query side and the intent
 * detectors, so that "Envíos", "envios" and "ENVIOS!" all become the same term.
 *
 * NOTE: one pipeline for all three languages. A visitor's language is not known before
 * matching (an English page may get a Portuguese question), so index and query must fold
 * and stem the same way whatever the language; the stemmer is deliberately light
 * (plurals and a few English suffixes) so it cannot merge unrelated words across languages.
 */

/** Lowercase, strip accents (NFD + drop combining marks), keep letters and digits. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
}

/**
 * Folded letters and digits only, for spotting a string however it was reformatted:
 * "Y o u  a-r-e", "YOU\u200bARE" and full-width "ＹＯＵ ＡＲＥ" all become "youare".
 * NFKC first, so compatibility forms (full-width, ligatures) fold to plain letters.
 */
export function squeezeText(text: string): string {
  return foldText(text.normalize('NFKC')).replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Folded words, in order. Anything that is not a letter or digit separates words. */
export function tokenize(text: string): string[] {
  return foldText(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

// Folded (accent-free) forms. Besides grammar words, these hold the filler of a typical
// support question ("can you tell me", "I would like to know") and one-word greetings, so
// "hi, what are your opening hours?" is matched on "opening hours" alone.
const STOP_WORDS_BY_LOCALE: Record<Locale, readonly string[]> = {
  en: [
    'a', 'about', 'am', 'an', 'and', 'any', 'anything', 'are', 'as', 'at', 'be', 'been', 'but', 'by',
    'can', 'could', 'did', 'do', 'does', 'doing', 'dont', 'for', 'from', 'get', 'got', 'had', 'has',
    'have', 'he', 'hello', 'her', 'here', 'hey', 'hi', 'his', 'how', 'i', 'id', 'if', 'im', 'in',
    'into', 'is', 'it', 'its', 'ive', 'just', 'know', 'let', 'like', 'me', 'much', 'many', 'my',
    'need', 'of', 'on', 'or', 'our', 'please', 'pls', 'she', 'should', 'so', 'some', 'tell', 'thank',
    'thanks', 'that', 'the', 'their', 'them', 'there', 'these', 'they', 'this', 'those', 'to', 'u',
    'us', 'want', 'was', 'we', 'were', 'what', 'whats', 'when', 'where', 'which', 'who', 'why', 'will',
    'with', 'would', 'you', 'your', 'yours',
    // Halves of contractions once the apostrophe has split them ("hasn't" → "hasn", "t").
    'aren', 'cant', 'couldn', 'didn', 'doesn', 'don', 'hasn', 'haven', 'isn', 'wasn', 'won', 'wouldn',
    'not', 'yet', 'still',
    // Chat shorthand and filler: unknown to every knowledge base, so they would weigh most.
    'ur', 'thx', 'thnx', 'ty', 'rn', 'idk', 'lol', 'plz', 'ya', 'yall', 'wanna', 'gonna', 'guys',
    'ok', 'okay', 'hiya', 'yeah', 'btw', 'pls', 'hmm', 'um', 'uh',
  ],
  'pt-BR': [
    'a', 'ai', 'ao', 'aos', 'as', 'com', 'como', 'da', 'das', 'de', 'do', 'dos', 'e', 'ela', 'ele',
    'em', 'esta', 'estao', 'este', 'esse', 'essa', 'eu', 'faco', 'faz', 'fazem', 'fazer', 'favor', 'foi',
    'gostaria', 'ha', 'isso', 'isto', 'ja', 'lhe', 'mais', 'me', 'meu', 'meus', 'minha', 'minhas',
    'muito', 'na', 'nas', 'no', 'nos', 'nosso', 'nossa', 'num', 'numa', 'o', 'obrigada', 'obrigado',
    'oi', 'ola', 'onde', 'os', 'ou', 'para', 'pela', 'pelo', 'pode', 'podem', 'poderia', 'por',
    'porque', 'posso', 'pra', 'preciso', 'qual', 'quais', 'quando', 'quanto', 'quanta', 'quantos',
    'quantas', 'que', 'queria', 'quero', 'saber', 'se', 'ser', 'seu', 'seus', 'sobre', 'sua', 'suas',
    'tem', 'tenho', 'um', 'uma', 'umas', 'uns', 'vc', 'vcs', 'voce', 'voces',
    // Chat shorthand and filler.
    'qto', 'qtos', 'qnd', 'cade', 'pq', 'tb', 'tbm', 'td', 'blz', 'kkk', 'kkkk', 'ta', 'ne', 'gente',
    'ae', 'oq', 'q', 'tipo', 'mano', 'alguem', 'tudo',
  ],
  es: [
    'a', 'al', 'como', 'con', 'cual', 'cuales', 'cuando', 'cuanto', 'cuanta', 'cuantos', 'cuantas',
    'de', 'del', 'donde', 'el', 'en', 'es', 'esa', 'ese', 'eso', 'esta', 'estan', 'este', 'esto',
    'favor', 'gracias', 'hace', 'hacen', 'hacer', 'hago', 'hay', 'hola', 'la', 'las', 'le', 'les', 'lo', 'los',
    'me', 'mi', 'mis', 'mucho', 'muy', 'necesito', 'no', 'nos', 'nuestra', 'nuestro', 'o', 'para', 'pero',
    'podria', 'por', 'puede', 'pueden', 'puedo', 'que', 'quiero', 'quisiera', 'saber', 'se', 'sobre',
    'son', 'su', 'sus', 'te', 'tengo', 'tiene', 'tienen', 'tu', 'un', 'una', 'unas', 'unos', 'usted',
    'ustedes', 'y', 'ya', 'yo',
    // Chat shorthand and filler.
    'q', 'xq', 'pq', 'tmb', 'tb', 'porfa', 'k', 'xfa', 'plis', 'ud', 'uds', 'oye', 'buenas', 'holi',
    'vale', 'eh', 'ok', 'tambien', 'alguien',
  ],
};

/** Stop words of each language (folded), e.g. to guess which language a message is in. */
export const STOP_WORDS: Readonly<Record<Locale, ReadonlySet<string>>> = {
  en: new Set(STOP_WORDS_BY_LOCALE.en),
  'pt-BR': new Set(STOP_WORDS_BY_LOCALE['pt-BR']),
  es: new Set(STOP_WORDS_BY_LOCALE.es),
};

// "How much", "quanto", "cuánto" ask for an amount (a price, a time): they tell "how much
// is shipping?" from "where do you ship?", so matching keeps them as content words. They
// stay in STOP_WORDS above, where they are good evidence of the message's language.
const AMOUNT_WORDS: ReadonlySet<string> = new Set([
  'much', 'quanto', 'quanta', 'quantos', 'quantas', 'cuanto', 'cuanta', 'cuantos', 'cuantas',
]);

const ALL_STOP_WORDS: ReadonlySet<string> = new Set(
  [...STOP_WORDS_BY_LOCALE.en, ...STOP_WORDS_BY_LOCALE['pt-BR'], ...STOP_WORDS_BY_LOCALE.es].filter(
    (word) => !AMOUNT_WORDS.has(word),
  ),
);

// Content words that stand for "whatever it is" ("can I return something?", "posso devolver
// um produto?", "quiero devolver algo"): unlike filler they can be what a phrasing is about
// ("What products do you sell?"), but a visitor adding one must not sink a match the way
// a real unknown word ("bicycles") does. Folded, unstemmed and stemmed forms.
const GENERIC_WORDS: ReadonlySet<string> = new Set([
  'something', 'somethin', 'thing', 'things', 'stuff', 'item', 'items', 'product', 'products', 'one',
  'algo', 'algum', 'alguma', 'alguns', 'algumas', 'coisa', 'coisas', 'produto', 'produtos', 'itens',
  'alguno', 'alguna', 'algun', 'algunos', 'algunas', 'cosa', 'cosas', 'producto', 'productos', 'articulo',
  'articulos',
]);

/** "How much", "quanto", "cuánto" (see AMOUNT_WORDS): content for matching, but not a topic of its own. */
export function isAmountWord(foldedWord: string): boolean {
  return AMOUNT_WORDS.has(foldedWord);
}

/** A word that names no particular thing (see GENERIC_WORDS); the matcher weighs it little. */
export function isGenericWord(foldedWord: string): boolean {
  return GENERIC_WORDS.has(foldedWord);
}

/** The union of all languages' stop words, but for AMOUNT_WORDS; filler in any language is filler. */
export function isStopWord(foldedWord: string): boolean {
  return ALL_STOP_WORDS.has(foldedWord);
}

export function allStopWords(): Iterable<string> {
  return ALL_STOP_WORDS;
}

const DOUBLE_CONSONANT = /([b-df-hj-km-np-rtv-z])\1$/;

/**
 * A light stemmer for folded en / pt-BR / es words: plurals ("envios" → "envio",
 * "devolucoes" → "devolucao", "deliveries" → "delivery"), English -ing/-ed
 * ("shipping", "shipped" → "ship") and a final -e ("store"/"stores" → "stor", "frete" → "fret").
 * It only has to map a word and its variants to the same key; the key need not be a word.
 */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  let s = word;
  if (s.endsWith('coes')) s = `${s.slice(0, -4)}cao`;
  else if (s.endsWith('ies') && s.length > 5) s = `${s.slice(0, -3)}y`;
  else if (s.endsWith('ing') && s.length >= 6) s = undouble(s.slice(0, -3));
  else if (s.endsWith('ed') && s.length >= 5) s = undouble(s.slice(0, -2));
  else if (s.endsWith('s') && !/(ss|us|is)$/.test(s)) s = s.slice(0, -1);
  if (s.endsWith('e') && s.length > 3) s = s.slice(0, -1);
  return s;
}

function undouble(s: string): string {
  // "ll" and "ss" stay ("calling" → "call", "dressed" → "dress").
  return DOUBLE_CONSONANT.test(s) && !/(ll|ss)$/.test(s) ? s.slice(0, -1) : s;
}

/** A content word: not filler, at least two characters unless it is a number. */
export function isContentWord(foldedWord: string): boolean {
  if (isStopWord(foldedWord)) return false;
  return foldedWord.length >= 2 || /^\d+$/.test(foldedWord);
}

/**
 * MiniSearch's `processTerm`: one raw token in, the terms to index or search for out
 * (the folded word and its stem, so a typo can still be near the full word), or null
 * for filler.
 */
export function processTerm(term: string): string[] | null {
  const folded = foldText(term);
  if (!isContentWord(folded)) return null;
  const stemmed = stem(folded);
  return stemmed === folded ? [folded] : [folded, stemmed];
}
