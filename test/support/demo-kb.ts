import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseKnowledgeBase } from '../../bot/knowledge-base';

/**
 * The demo shop's knowledge base, as the test server seeds it for site `demo`: tests compare the
 * bot's words with the entries themselves, so an edit to the wording does not break them.
 */
export const DEMO_KB = parseKnowledgeBase(readFileSync(resolve(import.meta.dirname, '../../bot/knowledge/demo-shop.yaml'), 'utf8'));

/** The stored answer of entry `id` in `locale`; throws when the demo KB has none. */
export function demoAnswer(id: string, locale: 'en' | 'pt-BR' | 'es'): string {
  const text = DEMO_KB.entries.find((entry) => entry.id === id)?.answer?.[locale];
  if (text === undefined) throw new Error(`demo KB has no ${locale} answer for ${id}`);
  return text;
}
