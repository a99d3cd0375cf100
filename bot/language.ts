import { Locales, type Locale } from '../protocol/codes';
import { STOP_WORDS, tokenize } from './normalize';

// Filler in one language but a content word in another: Portuguese "dos" (of the) is
// Spanish "two", "da" and "ha" are Spanish verbs, "son" is English.
const NOT_EVIDENCE: ReadonlySet<string> = new Set(['dos', 'da', 'ha', 'son', 'te', 'lo', 'le', 'nos', 'tem']);

// Stop words that belong to one language only are good evidence of that language
// ("quanto" is Portuguese, "cuanto" Spanish, "you" English); shared ones ("a", "de") are not.
const DISTINCTIVE: ReadonlyMap<string, Locale> = buildDistinctive();

function buildDistinctive(): Map<string, Locale> {
  const owners = new Map<string, Locale[]>();
  for (const locale of Locales) {
    for (const word of STOP_WORDS[locale]) owners.set(word, [...(owners.get(word) ?? []), locale]);
  }
  const distinctive = new Map<string, Locale>();
  for (const [word, locales] of owners) {
    const [only, ...others] = locales;
    if (only !== undefined && others.length === 0 && !NOT_EVIDENCE.has(word)) distinctive.set(word, only);
  }
  return distinctive;
}

/**
 * The language a short message is most likely written in, or null when the message gives
 * no clear sign (then the caller uses the widget's locale).
 */
export function guessLocale(text: string): Locale | null {
  const votes: Record<Locale, number> = { en: 0, 'pt-BR': 0, es: 0 };
  // Spelling that only one of the three languages uses.
  if (/[¿¡ñÑ]/.test(text)) votes.es += 2;
  if (/[ãõçÃÕÇ]/.test(text)) votes['pt-BR'] += 2;
  for (const word of tokenize(text)) {
    const locale = DISTINCTIVE.get(word);
    if (locale !== undefined) votes[locale] += 1;
  }
  let best: Locale | null = null;
  let bestVotes = 0;
  let tie = false;
  for (const locale of Locales) {
    if (votes[locale] > bestVotes) {
      best = locale;
      bestVotes = votes[locale];
      tie = false;
    } else if (votes[locale] === bestVotes && bestVotes > 0) {
      tie = true;
    }
  }
  return tie ? null : best;
}
