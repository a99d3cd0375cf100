import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Locale } from '../protocol/codes';
import { loadKnowledgeBaseFile } from './knowledge-base';
import { createScriptedBot } from './scripted-bot';
import type { BotAction, TranscriptLine } from './types';

const kb = loadKnowledgeBaseFile(join(import.meta.dirname, 'knowledge', 'demo-shop.yaml'));
const bot = createScriptedBot(kb);

function ask(text: string, locale: Locale = 'en', history: TranscriptLine[] = []): BotAction[] {
  return bot.handle({ text, locale, history });
}

function expectAnswer(actions: BotAction[], entryId: string, locale: Locale): void {
  const [first] = actions;
  expect(first).toMatchObject({ kind: 'reply', entryId, locale });
  if (first?.kind === 'reply') expect(first.text).toBe(kb.entries.find((e) => e.id === entryId)?.answer?.[locale]);
}

function expectFallback(actions: BotAction[], locale: Locale): void {
  expect(actions).toEqual([
    { kind: 'reply', text: kb.fallback[locale], locale, quickReplies: [expect.any(String)] },
  ]);
}

describe('scripted bot: knowledge base', () => {
  it('knows its site and greets in each language', () => {
    expect(bot.siteName).toBe('Lumen & Co.');
    expect(bot.greeting('en')).toMatch(/Lumi/);
    expect(bot.greeting('pt-BR')).toMatch(/Oi!/);
    expect(bot.greeting('es')).toMatch(/¡Hola!/);
  });

  it.each([
    ['what are your opening hours?', 'opening-hours', 'en'],
    ['quanto custa o frete?', 'shipping-cost', 'pt-BR'],
    ['¿hacen envíos a Portugal?', 'shipping-destinations', 'es'],
  ] as const)('answers %j from %s in %s', (text, entryId, locale) => {
    const actions = ask(text, locale);
    expect(actions).toHaveLength(1);
    expectAnswer(actions, entryId, locale);
    expect(actions[0]).toMatchObject({ confidence: 1 });
  });

  it.each([
    ['wat are yuor openin hours', 'opening-hours', 'en'],
    ['WHAT ARE YOUR OPENING HOURS', 'opening-hours', 'en'],
    ['hours opening what are', 'opening-hours', 'en'],
    ['what...are your opening hours???!!', 'opening-hours', 'en'],
    ['hacen envios a portugal', 'shipping-destinations', 'es'],
    ['quanto custa o frete', 'shipping-cost', 'pt-BR'],
    ['QUANTO CUSTA O FRETE', 'shipping-cost', 'pt-BR'],
    ['frete quanto custa', 'shipping-cost', 'pt-BR'],
    ['qanto custa o frette', 'shipping-cost', 'pt-BR'],
    ['hi, do you ship to Spain?', 'shipping-destinations', 'en'],
    ['where is my order 48213?', 'order-tracking', 'en'],
    ['como rastrear meu pedido', 'order-tracking', 'pt-BR'],
    ['quiero devolver una lampara', 'returns', 'es'],
    ['can I pay with pix', 'payment-methods', 'en'],
    ['Posso pagar com Pix?', 'payment-methods', 'pt-BR'],
    ['how long is the warranty', 'warranty', 'en'],
    ['que bombilla necesito', 'bulbs-and-care', 'es'],
    ['tem cupom de desconto?', 'discount-codes', 'pt-BR'],
    ['where is your showroom', 'store-location', 'en'],
  ] as const)('tolerates typos, case, order and accents: %j → %s', (text, entryId, locale) => {
    expectAnswer(ask(text, 'en'), entryId, locale);
  });

  it('answers in the language of the question, not of the page', () => {
    expectAnswer(ask('quanto custa o frete?', 'en'), 'shipping-cost', 'pt-BR');
    expectAnswer(ask('¿hacen envíos a Portugal?', 'pt-BR'), 'shipping-destinations', 'es');
    expectAnswer(ask('what are your opening hours?', 'es'), 'opening-hours', 'en');
  });

  it("uses the page's language when the words are shared between languages", () => {
    expectAnswer(ask('Portugal?', 'pt-BR'), 'shipping-destinations', 'pt-BR');
    expectAnswer(ask('Portugal?', 'es'), 'shipping-destinations', 'es');
    expectAnswer(ask('horario', 'pt-BR'), 'opening-hours', 'pt-BR');
    expectAnswer(ask('horario', 'es'), 'opening-hours', 'es');
  });

  it('adds the quick replies of the entry in the answer language', () => {
    expect(ask('how much does shipping cost?')[0]).toMatchObject({
      quickReplies: kb.entries.find((e) => e.id === 'shipping-cost')?.quickReplies?.en,
    });
  });

  it.each([
    ['I want to cancel my order', 'cancel-order', 'en'],
    ['quero cancelar meu pedido', 'cancel-order', 'pt-BR'],
    ['me cobraron dos veces', 'billing-dispute', 'es'],
  ] as const)('answers a flagged topic, then hands off: %j', (text, entryId, locale) => {
    const actions = ask(text, 'en');
    expect(actions).toHaveLength(2);
    expectAnswer(actions, entryId, locale);
    expect(actions[1]).toEqual({ kind: 'handoff', reason: 'flagged_topic', text: kb.handoff[locale], locale });
  });

  it('hands off a flagged entry without an answer straight away', () => {
    const flaggedOnly = createScriptedBot({
      ...kb,
      entries: [{ id: 'complaint', questions: { en: ['I want to complain'] }, handoff: true }],
    });
    expect(flaggedOnly.handle({ text: 'I want to complain', locale: 'en', history: [] })).toEqual([
      { kind: 'handoff', reason: 'flagged_topic', text: kb.handoff.en, locale: 'en' },
    ]);
  });
});

describe('scripted bot: intents', () => {
  it.each([
    ['I want to talk to a human', 'en'],
    ['can I speak to a person', 'en'],
    ['agent please', 'en'],
    ['real person', 'en'],
    ['quero falar com um atendente', 'pt-BR'],
    ['falar com uma pessoa', 'pt-BR'],
    ['atendente humano', 'pt-BR'],
    ['hablar con un agente', 'es'],
    ['quiero hablar con una persona', 'es'],
  ] as const)('hands off when asked for a person: %j', (text, locale) => {
    expect(ask(text, 'en')).toEqual([{ kind: 'handoff', reason: 'visitor_asked', text: kb.handoff[locale], locale }]);
  });

  it("hands off on 'agente por favor' in the page's language (Spanish and Portuguese share it)", () => {
    expect(ask('agente por favor', 'es')).toEqual([
      { kind: 'handoff', reason: 'visitor_asked', text: kb.handoff.es, locale: 'es' },
    ]);
  });

  it.each([
    ['hi', 'hello', 'en'],
    ['olá', 'hello', 'pt-BR'],
    ['hola', 'hello', 'es'],
    ['thanks', 'thanks', 'en'],
    ['obrigado', 'thanks', 'pt-BR'],
    ['gracias', 'thanks', 'es'],
    ['bye', 'goodbye', 'en'],
    ['tchau', 'goodbye', 'pt-BR'],
    ['adiós', 'goodbye', 'es'],
  ] as const)('answers small talk %j in its language', (text, kind, locale) => {
    expect(ask(text, 'en')).toEqual([{ kind: 'reply', text: kb.smallTalk[kind][locale], locale }]);
  });
});

describe('scripted bot: not knowing', () => {
  it.each([
    ['do you sell bicycles?', 'en'],
    ['asdfgh', 'en'],
    ['is it raining in Lisbon?', 'en'],
    ['can I change my order?', 'en'],
    ['who is the president of Brazil?', 'en'],
    ['Vocês vendem bicicletas?', 'pt-BR'],
    ['¿Venden bicicletas?', 'es'],
  ] as const)('admits it does not know %j and offers a person', (text, locale) => {
    expectFallback(ask(text, 'en'), locale);
  });

  it('offers a quick reply that itself asks for a person', () => {
    for (const locale of ['en', 'pt-BR', 'es'] as const) {
      const [fallback] = ask('asdfgh', locale);
      expect(fallback?.kind).toBe('reply');
      const label = fallback?.kind === 'reply' ? fallback.quickReplies?.[0] : undefined;
      expect(label).toBeDefined();
      expect(ask(label ?? '', locale)).toEqual([
        { kind: 'handoff', reason: 'visitor_asked', text: kb.handoff[locale], locale },
      ]);
    }
  });

  it('hands off after two unknown questions in a row', () => {
    const history: TranscriptLine[] = [
      { author: 'bot', text: bot.greeting('en') },
      { author: 'visitor', text: 'do you sell bicycles?' },
      { author: 'bot', text: kb.fallback.en ?? '' },
    ];
    expect(ask('what about scooters?', 'en', history)).toEqual([
      { kind: 'handoff', reason: 'low_confidence', text: kb.handoff.en, locale: 'en' },
    ]);
  });

  it('does not count an unknown question after a real answer', () => {
    const history: TranscriptLine[] = [
      { author: 'visitor', text: 'asdf' },
      { author: 'bot', text: kb.fallback.en ?? '' },
      { author: 'visitor', text: 'what are your opening hours?' },
      { author: 'bot', text: kb.entries[0]?.answer?.en ?? '' },
    ];
    expectFallback(ask('do you sell bicycles?', 'en', history), 'en');
  });

  it('still answers a known question after a fallback', () => {
    const history: TranscriptLine[] = [
      { author: 'visitor', text: 'asdf' },
      { author: 'bot', text: kb.fallback.en ?? '' },
    ];
    expectAnswer(ask('what are your opening hours?', 'en', history), 'opening-hours', 'en');
  });

  it.each([
    ['empty', ''],
    ['whitespace', '   \n\t '],
    ['emoji only', '👍🎉🔥'],
    ['punctuation', '?!?!...'],
    ['binary-looking', '\u0000\u0001\u0002\u0003\uFFFD\u001B[31m'],
  ])('never throws on %s input and replies with the fallback', (_name, text) => {
    expectFallback(ask(text, 'es'), 'es');
  });

  it('copes with a 4000-character message', () => {
    const long = 'lorem ipsum dolor sit amet '.repeat(160).slice(0, 4000);
    expectFallback(ask(long, 'en'), 'en');
    const longWithQuestion = `${'blah '.repeat(790)}what are your opening hours?`.slice(-4000);
    expect(() => ask(longWithQuestion, 'en')).not.toThrow();
    expect(() => ask('x'.repeat(4000), 'en')).not.toThrow();
  });
});
