import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKnowledgeBaseFile } from './knowledge-base';
import { type GroupItem, groupQuestions, questionKey, vocabularyOf } from './question-groups';

const demo = vocabularyOf(loadKnowledgeBaseFile(join(import.meta.dirname, 'knowledge', 'demo-shop.yaml')));

/** Items newest first, one minute apart, as the store hands them over. */
function items(texts: readonly string[]): GroupItem[] {
  const start = Date.parse('2025-03-01T12:00:00Z');
  return texts.map((text, index) => ({ key: questionKey(text), text, at: new Date(start - index * 60_000).toISOString() }));
}

/** The texts of each group, in the order the grouping returns them. */
function grouped(texts: readonly string[], vocabulary = demo): string[][] {
  return groupQuestions(items(texts), vocabulary).map((group) => group.items.map((item) => item.text));
}

/** Whether `a` and `b` land in the same group, asked on their own. */
function together(a: string, b: string, vocabulary = demo): boolean {
  return grouped([a, b], vocabulary).length === 1;
}

describe('questionKey', () => {
  it('keeps the stemmed content words, unique and sorted, without filler, accents or numbers', () => {
    expect(questionKey('Do you ship to Italy??')).toBe('italy ship');
    expect(questionKey('shipping to ITALY')).toBe('italy ship');
    expect(questionKey('Vocês entregam na Itália?')).toBe('entregam italia');
    expect(questionKey('where is order 1042, order 1042!')).toBe('order');
    expect(questionKey('what?')).toBe('');
    expect(questionKey('👍')).toBe('');
  });
});

describe('groupQuestions (demo knowledge base)', () => {
  // [a, b, same group?]. Words the knowledge base does not know ("Italy", "bicycles") decide;
  // the words it knows ("ship", "deliver", "sell") only say which topic the question is near.
  const pairs: Array<[string, string, boolean]> = [
    // en
    ['do you ship to italy?', 'do u deliver to Italy', true],
    ['do you ship to italy?', 'shipping to italy??', true],
    ['do you ship to italy?', 'do you ship to itlay', true],
    ['do you sell bicycles?', 'Do u sell bicyles??', true],
    ['do you accept bitcoin', 'bitcoin payment?', true],
    ['do you ship to italy?', 'do you sell bicycles', false],
    ['do you ship to italy?', 'do you ship to germany?', false],
    ['do you sell bicycles?', 'do you sell skateboards?', false],
    ['do you have gift cards?', 'do you have a gift card', true],
    ['do you have gift cards?', 'do you accept bitcoin', false],
    // pt-BR
    ['vocês vendem bicicletas?', 'vcs vendem bicicleta', true],
    ['vocês entregam na Itália?', 'frete pra italia??', true],
    ['vocês aceitam bitcoin?', 'da pra pagar com bitcoin', true],
    ['vocês vendem bicicletas?', 'vocês vendem patinetes?', false],
    ['vocês aceitam bitcoin?', 'vocês vendem bicicletas?', false],
    // es
    ['¿envían a Italia?', 'envios a italia', true],
    ['¿venden bicicletas?', 'venden bicicletas???', true],
    ['¿aceptan bitcoin?', '¿puedo pagar con bitcoin?', true],
    ['¿venden bicicletas?', '¿venden patinetes?', false],
    ['¿envían a Italia?', '¿envían a Alemania?', false],
  ];
  it.each(pairs)('%j and %j together: %s', (a, b, same) => {
    expect(together(a, b)).toBe(same);
  });

  it('groups a realistic batch with counts, largest first, and keeps the others apart', () => {
    const groups = grouped([
      'do you ship to italy?',
      'do you sell bicycles',
      'shipping to italy??',
      'do u deliver to Italy',
      'vocês vendem bicicletas?',
      'do you ship to germany?',
      'Do you sell bicycles?',
      'what?',
      'What?!',
    ]);
    expect(groups).toEqual([
      ['do you ship to italy?', 'shipping to italy??', 'do u deliver to Italy'],
      ['do you sell bicycles', 'Do you sell bicycles?'],
      ['what?', 'What?!'],
      ['vocês vendem bicicletas?'],
      ['do you ship to germany?'],
    ]);
  });

  it('is deterministic: the same questions handed over in another order give the same groups', () => {
    const texts = ['do you ship to italy?', 'do u deliver to Italy', 'do you sell bicycles', 'bitcoin?', 'do you accept bitcoin', 'shipping to italy'];
    const view = (list: GroupItem[]) => groupQuestions(list, demo).map((group) => ({ key: group.key, texts: group.items.map((item) => item.text) }));
    const once = view(items(texts));
    expect(view(items(texts).reverse())).toEqual(once);
    expect(view([...items(texts)].sort((a, b) => a.text.localeCompare(b.text)))).toEqual(once);
    expect(once.map((group) => group.key)).toEqual(['italy ship', 'bicycl sell', 'bitcoin']);
  });

  it('uses the site synonyms: words the marketer said mean the same group together', () => {
    const vocabulary = { synonyms: [['bike', 'bicycle']], known: demo.known };
    expect(together('do you sell bikes?', 'do you sell bicycles?', vocabulary)).toBe(true);
    expect(together('do you sell bikes?', 'do you sell bicycles?')).toBe(false);
  });

  it('falls back to plain Jaccard on stems without a knowledge base', () => {
    const plain = { synonyms: [] };
    expect(together('do you ship to italy?', 'shipping to italy??', plain)).toBe(true);
    expect(together('do you ship to italy?', 'do u deliver to Italy', plain)).toBe(false);
    expect(together('do you ship to italy?', 'do you ship to italy and spain', plain)).toBe(true);
  });

  it('compares with the seed of a group, so a chain of near questions does not drift', () => {
    const plain = { synonyms: [] };
    // "italy spain" is near both, but "ship italy" and "ship spain" are not near each other.
    const groups = grouped(['ship italy', 'ship italy', 'ship italy spain', 'ship spain', 'ship spain'], plain);
    expect(groups).toEqual([['ship italy', 'ship italy', 'ship italy spain'], ['ship spain', 'ship spain']]);
  });

  it('groups 2,000 distinct questions quickly', () => {
    const texts = Array.from({ length: 2000 }, (_, i) => `do you sell model ${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + ((i / 26) % 26))}x${i % 7} widgets number ${i}`);
    const started = performance.now();
    groupQuestions(items(texts), demo);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('groupQuestions under a flood of made-up words (review of issue 13)', () => {
  it('keeps at most 24 words in a key, the first ones', () => {
    const text = Array.from({ length: 100 }, (_, i) => `word${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`).join(' ');
    expect(questionKey(text).split(' ')).toHaveLength(24);
    expect(questionKey(text).split(' ')).toContain('wordaa');
  });

  it('still merges a typo of a frequent word when thousands of one-off words are around it', () => {
    let seed = 7;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff) / 2147483648;
    const made = () => Array.from({ length: 6 + Math.floor(random() * 4) }, () => 'abcdefghijklmnopqrstuvwxyz'[Math.floor(random() * 26)]).join('');
    const noise = Array.from({ length: 2000 }, (_, i) => {
      const text = Array.from({ length: 24 }, made).join(' ');
      return { key: questionKey(text), text, at: new Date(1e12 + i).toISOString() };
    });
    const real = ['do you sell bicycles?', 'do you sell bicycles?', 'do you sell bicyles?'].map((text, i) => ({ key: questionKey(text), text, at: new Date(2e12 + i).toISOString() }));
    const groups = groupQuestions([...real, ...noise], { synonyms: [], known: new Set(['sell']) });
    expect(groups[0]?.items.map((item) => item.text).sort()).toEqual(['do you sell bicycles?', 'do you sell bicycles?', 'do you sell bicyles?']);
  });
});
