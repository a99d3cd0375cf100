import type { Locale } from '../../protocol/codes';
import type { Phrasing } from '../matcher';

/**
 * A knowledge base of `entries` entries × 3 languages × 4 phrasings of invented words, a few
 * of them in many phrasings (like "order") and most in few. Deterministic for a given
 * `seed`, so tests and benchmarks see the same data on every run. Every phrasing reads
 * `what is the <3–6 words>?`.
 */
export function syntheticKnowledgeBase(entries: number, seed = 42): Phrasing[] {
  const random = lcg(seed);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const vocabulary = Array.from({ length: 4000 }, () =>
    Array.from({ length: 4 + Math.floor(random() * 6) }, () => letters[Math.floor(random() * 26)]).join(''),
  );
  // Mostly uniform, with a Zipf-like head: the commonest word is in several percent of phrasings.
  const pickWord = (): string =>
    vocabulary[random() < 0.2 ? Math.floor(vocabulary.length ** random()) - 1 : Math.floor(random() * vocabulary.length)] ??
    'x';
  const locales: Locale[] = ['en', 'pt-BR', 'es'];
  const phrasings: Phrasing[] = [];
  for (let entry = 0; entry < entries; entry++) {
    for (const locale of locales) {
      for (let variant = 0; variant < 4; variant++) {
        const words = Array.from({ length: 3 + Math.floor(random() * 4) }, pickWord);
        phrasings.push({ entryId: `entry-${entry}`, locale, text: `what is the ${words.join(' ')}?` });
      }
    }
  }
  return phrasings;
}

/** A small seeded generator in [0, 1): the same sequence for the same seed, on any machine. */
export function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    // NOTE: Math.imul, not `*`: the product overflows 2^53 and a float loses its low bits,
    // which sent the old `(state * a + c) % 2^31` into a cycle of ~1,000 phrasings, so the
    // "10,000-entry" knowledge base repeated the same 1,064 phrasings.
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    return state / 2147483648;
  };
}
