import { newStemmer } from 'snowball-stemmers';
import type { Locale } from '../protocol/codes';
import { foldText } from './normalize';

/**
 * Language-aware stemming (issue 13) from the Snowball project's stemmers for English,
 * Portuguese and Spanish: "entregam", "entrega", "entregas" → "entreg"; "envían", "envíos" →
 * "envi"; "shipping", "ships" → "ship". Words arrive folded (no accents, lowercase); the Snowball
 * rules for pt and es expect accents for a few endings ("devolução" and "devoluções" share a
 * stem, "devolucao" and "devolucoes" would not), so those endings get their accent back first.
 */
const ALGORITHM: Record<Locale, string> = { en: 'english', 'pt-BR': 'portuguese', es: 'spanish' };
const stemmers = new Map<Locale, ReturnType<typeof newStemmer>>();
// Stemming runs on every word of every message in three languages; most words repeat.
// Bounded so that a flood of invented words cannot grow it without end.
const MEMO_LIMIT = 50_000;
const memo: Record<Locale, Map<string, string>> = { en: new Map(), 'pt-BR': new Map(), es: new Map() };

export function stemIn(locale: Locale, foldedWord: string): string {
  if (foldedWord.length <= 3 || /\d/.test(foldedWord)) return foldedWord;
  const cache = memo[locale];
  const known = cache.get(foldedWord);
  if (known !== undefined) return known;
  let stemmer = stemmers.get(locale);
  if (stemmer === undefined) {
    stemmer = newStemmer(ALGORITHM[locale]);
    stemmers.set(locale, stemmer);
  }
  const stemmed = foldText(stemmer.stem(reaccent(locale, foldedWord)));
  if (cache.size >= MEMO_LIMIT) cache.clear();
  cache.set(foldedWord, stemmed);
  return stemmed;
}

/** Folded Portuguese and Spanish endings whose stem depends on the accent, written as the stemmer expects them. */
function reaccent(locale: Locale, word: string): string {
  if (locale === 'pt-BR') {
    // Plurals first: "cartoes", "paes" → "cartao", "pao"; then "-cao"/"-ao" → "-ção"/"-ão".
    const singular = word.replace(/(?<=..)(?:oes|aes)$/, 'ao');
    return singular.replace(/cao$/, 'ção').replace(/ao$/, 'ão');
  }
  if (locale === 'es') return word.replace(/ciones$/, 'cion').replace(/cion$/, 'ción');
  return word;
}
