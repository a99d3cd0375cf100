import { describe, expect, it } from 'vitest';
import { createMatcher, MIN_CONFIDENCE, type Phrasing } from './matcher';
import { syntheticKnowledgeBase } from './testing/synthetic-kb';

const small: Phrasing[] = [
  { entryId: 'hours', locale: 'en', text: 'What are your opening hours?' },
  { entryId: 'hours', locale: 'pt-BR', text: 'Qual é o horário de atendimento?' },
  { entryId: 'hours', locale: 'es', text: '¿Cuál es su horario de atención?' },
  { entryId: 'ship', locale: 'en', text: 'Do you ship to Portugal?' },
  { entryId: 'ship', locale: 'pt-BR', text: 'Vocês enviam para Portugal?' },
  { entryId: 'ship', locale: 'es', text: '¿Hacen envíos a Portugal?' },
];

describe('createMatcher', () => {
  const matcher = createMatcher(small);

  it('scores an exact phrasing 1 and picks its language', () => {
    expect(matcher.match('¿Cuál es su horario de atención?', 'en')).toMatchObject({
      entryId: 'hours',
      locale: 'es',
      confidence: 1,
    });
  });

  it('prefers the preferred language when translations explain the words equally', () => {
    for (const locale of ['en', 'pt-BR', 'es'] as const) {
      expect(matcher.match('Portugal', locale)).toMatchObject({ entryId: 'ship', locale });
    }
  });

  it('returns null when no phrasing shares a word', () => {
    expect(matcher.match('zzzz qqqq', 'en')).toBeNull();
    expect(matcher.match('', 'en')).toBeNull();
  });

  it('scores a one-word overlap with an unrelated question below the threshold', () => {
    const match = matcher.match('do you ship bicycles to mars', 'en');
    expect(match?.confidence ?? 0).toBeLessThan(MIN_CONFIDENCE);
  });

  it('does not let a generic word ("something", "algo") sink a match the way an unknown word does', () => {
    const generic = matcher.match('what are your opening hours for something', 'en');
    const unknown = matcher.match('what are your opening hours for bicycles', 'en');
    expect(generic).toMatchObject({ entryId: 'hours' });
    expect(generic?.confidence ?? 0).toBeGreaterThanOrEqual(MIN_CONFIDENCE);
    expect(generic?.confidence ?? 0).toBeGreaterThan(unknown?.confidence ?? 0);
  });

  it('returns null for a message with no topic, only "how much" or "something"', () => {
    expect(matcher.match('how much?', 'en')).toBeNull();
    expect(matcher.match('¿cuánto? algo', 'es')).toBeNull();
  });

  it('gives a message the same answer whatever was asked before it', () => {
    const phrasings = syntheticKnowledgeBase(200);
    const fresh = (text: string) => createMatcher(phrasings).match(text, 'en');
    const used = createMatcher(phrasings);
    const texts = [phrasings[10]?.text ?? '', 'what is the qwzx', phrasings[777]?.text.replace(/a/g, 'e') ?? '', phrasings[10]?.text ?? ''];
    for (const text of texts) expect(used.match(text, 'en')).toEqual(fresh(text));
  });

  it('finds an entry by its rare words when the message also has a typo in a very common one', () => {
    const common: Phrasing[] = Array.from({ length: 60 }, (_, i) => ({ entryId: `other-${i}`, locale: 'en', text: `Can I change the order number ${i}?` }));
    const matcher = createMatcher([...common, { entryId: 'track', locale: 'en', text: 'How do I track my order?' }]);
    expect(matcher.match('how can i track my ordr', 'en')).toMatchObject({ entryId: 'track' });
  });

  // NOTE: speed belongs in the benchmarks (issue 7), not in a timed test.
  it('finds the exact entry among 1000 entries (12,000 phrasings)', () => {
    const phrasings = syntheticKnowledgeBase(1000);
    const big = createMatcher(phrasings);
    const sample = phrasings[4321];
    expect(big.match(sample?.text ?? '', 'en')?.confidence).toBe(1);
    expect(big.match('asdfgh', 'en')?.confidence ?? 0).toBeLessThan(MIN_CONFIDENCE);
  });
});

describe('createMatcher with synonyms', () => {
  const phrasings: Phrasing[] = [
    { entryId: 'lamps', locale: 'en', text: 'Do you sell floor lamps?' },
    { entryId: 'price', locale: 'en', text: 'What is the price of shipping?' },
  ];
  const plain = createMatcher(phrasings);
  const withSynonyms = createMatcher(phrasings, { synonyms: [['lamp', 'light', 'luminaire'], ['price', 'cost'], ['cost', 'fee']] });

  it('matches a synonym as the word itself, at query and index time', () => {
    expect(plain.match('do you sell floor luminaires?', 'en')?.confidence ?? 0).toBeLessThan(0.7);
    expect(withSynonyms.match('do you sell floor luminaires?', 'en')).toMatchObject({ entryId: 'lamps', confidence: 1 });
    expect(withSynonyms.match('floor lights', 'en')).toMatchObject({ entryId: 'lamps' });
  });

  it('joins groups that share a word', () => {
    expect(withSynonyms.match('what is the fee of shipping', 'en')).toMatchObject({ entryId: 'price', confidence: 1 });
  });

  it('still tolerates a typo in a synonym word', () => {
    expect(withSynonyms.match('do you sell floor lamsp', 'en')?.entryId).toBe('lamps');
  });
});


describe('createMatcher: understanding beyond the phrasings (issue 13)', () => {
  const phrasings: Phrasing[] = [
    { entryId: 'ship', locale: 'en', text: 'Do you ship to Spain?' },
    { entryId: 'ship', locale: 'pt-BR', text: 'Vocês enviam para a Espanha?' },
    { entryId: 'ship', locale: 'es', text: '¿Hacen envíos a España?' },
    { entryId: 'hours', locale: 'en', text: 'When are you open?' },
    { entryId: 'hours', locale: 'pt-BR', text: 'Qual é o horário de atendimento?' },
    { entryId: 'hours', locale: 'es', text: '¿Cuál es su horario?' },
    { entryId: 'cards', locale: 'en', text: 'Which payment methods do you accept?' },
  ];
  const answers = [{ entryId: 'cards', locale: 'en' as const, text: 'We take Visa, Mastercard, PayPal and bank transfer.' }];
  const matcher = createMatcher(phrasings, { answers });
  const plain = createMatcher(phrasings, { builtInSynonyms: false });

  it('takes a place the knowledge base does not name for a place (in all three languages)', () => {
    expect(matcher.match('do you ship to Italy?', 'en')).toMatchObject({ entryId: 'ship', locale: 'en' });
    expect(matcher.match('vcs enviam pra Itália?', 'pt-BR')).toMatchObject({ entryId: 'ship', locale: 'pt-BR' });
    expect(matcher.match('¿hacen envíos a Italia?', 'es')).toMatchObject({ entryId: 'ship', locale: 'es' });
    // The same place is closer than another one.
    expect(matcher.match('do you ship to Spain?', 'en')?.confidence ?? 0).toBeGreaterThan(matcher.match('do you ship to Italy?', 'en')?.confidence ?? 1);
  });

  it('knows the words of customer service: "deliver" is "ship", "frete" is "envio"', () => {
    expect(plain.match('do you deliver to Spain?', 'en')?.confidence ?? 0).toBeLessThan(MIN_CONFIDENCE);
    expect(matcher.match('do you deliver to Spain?', 'en')).toMatchObject({ entryId: 'ship' });
    expect(matcher.match('vocês mandam pra Espanha?', 'pt-BR')).toMatchObject({ entryId: 'ship' });
    expect(matcher.match('¿mandan a España?', 'es')).toMatchObject({ entryId: 'ship' });
  });

  it('stems each language with its own rules ("enviam", "envío", "envios")', () => {
    expect(plain.match('envios para a Espanha', 'pt-BR')).toMatchObject({ entryId: 'ship' });
    expect(plain.match('envían a España', 'es')).toMatchObject({ entryId: 'ship' });
  });

  it('finds an entry by what its answer says, weighing that less than its questions', () => {
    const found = matcher.match('can I pay with PayPal?', 'en');
    expect(found).toMatchObject({ entryId: 'cards' });
    expect(found?.confidence ?? 1).toBeLessThan(1);
  });

  it('ranks one line per entry, best first', () => {
    const ranked = matcher.rank('when are you open, do you ship to Spain', 'en', 5);
    expect(new Set(ranked.map((match) => match.entryId)).size).toBe(ranked.length);
    expect(ranked.map((match) => match.entryId).slice(0, 2).sort()).toEqual(['hours', 'ship']);
    for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1]?.confidence ?? 0).toBeGreaterThanOrEqual(ranked[i]?.confidence ?? 0);
  });

  it('does not take a number-only message for a question about the knowledge base', () => {
    // "times" alone would explain all of the message's words but for the numbers.
    const withTimes = createMatcher([...phrasings, { entryId: 'delivery', locale: 'en', text: 'What are your delivery times?' }]);
    expect(withTimes.match('what is 17 times 23', 'en')?.confidence ?? 0).toBeLessThan(MIN_CONFIDENCE);
  });
});

describe('createMatcher: misspellings beyond two edits (character trigrams)', () => {
  const matcher = createMatcher([{ entryId: 'custom', locale: 'en', text: 'Do you make personalised lamps?' }], { builtInSynonyms: false });

  it('takes a word with several slips for the word it starts like, not for an unknown word', () => {
    const misspelt = matcher.match('do you make personnalizzed lamps', 'en')?.confidence ?? 0;
    const unknown = matcher.match('do you make prqxtwvbnmzzed lamps', 'en')?.confidence ?? 0;
    expect(misspelt).toBeGreaterThan(unknown);
  });

  it('does not take a rhyme for the word ("meaning" is not "cleaning")', () => {
    const cleaning = createMatcher([{ entryId: 'care', locale: 'en', text: 'Do you offer cleaning?' }], { builtInSynonyms: false });
    expect(cleaning.match('do you offer meaning', 'en')?.confidence ?? 0).toBeLessThan(MIN_CONFIDENCE);
  });
});

describe('createMatcher: words that are also names of Object members', () => {
  it('matches "constructor" and "toString" as words', () => {
    const matcher = createMatcher([{ entryId: 'builders', locale: 'en', text: 'Do you sell to a constructor?' }]);
    for (const locale of ['en', 'pt-BR', 'es'] as const) expect(matcher.match('constructor', locale)).toMatchObject({ entryId: 'builders' });
    expect(createMatcher([{ entryId: 'x', locale: 'en', text: 'toString hasOwnProperty' }]).match('tostring', 'en')).toMatchObject({ entryId: 'x' });
  });
});
