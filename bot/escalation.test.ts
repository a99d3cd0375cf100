import { describe, expect, it } from 'vitest';
import {
  containsInsult,
  decideEscalation,
  type EscalationInput,
  escalationAction,
  isShouting,
  lastBotLineWasFallback,
  repeatsEarlierQuestion,
} from './escalation';
import type { TranscriptLine } from './types';

const visitor = (text: string): TranscriptLine => ({ author: 'visitor', text });
const bot = (text: string): TranscriptLine => ({ author: 'bot', text });

describe('decideEscalation', () => {
  const base: EscalationInput = { text: 'what are your opening hours?', history: [] };

  it.each<[string, Partial<EscalationInput>, string | null]>([
    ['a plain answered question', {}, null],
    ['one unknown question', { lowConfidence: true }, null],
    ['a second unknown question in a row', { lowConfidence: true, previousLowConfidence: true }, 'low_confidence'],
    ['an answered question after an unknown one', { previousLowConfidence: true }, null],
    ['"no" on did-that-help', { text: '', negativeFeedback: true }, 'negative_feedback'],
    ['a flagged topic', { flaggedTopic: true }, 'flagged_topic'],
    ["the LLM's decision", { llmDecision: true }, 'llm_decision'],
    ['a request for a person', { text: 'I want to talk to a human' }, 'visitor_asked'],
    ['a request in Portuguese', { text: 'quero falar com um atendente' }, 'visitor_asked'],
    ['a request in Spanish', { text: 'quiero hablar con una persona' }, 'visitor_asked'],
    ['a request that also is a flagged topic', { text: 'agent please', flaggedTopic: true }, 'visitor_asked'],
    ['an insult', { text: 'you are useless' }, 'frustration'],
    ['an insult on a flagged topic', { text: 'this is shit', flaggedTopic: true }, 'flagged_topic'],
    ['shouting at an unknown question', { text: 'WHY DOES NOBODY ANSWER ME', lowConfidence: true }, 'frustration'],
    ['shouting a question the bot can answer', { text: 'WHAT ARE YOUR OPENING HOURS' }, null],
    [
      'shouting again',
      { text: 'WHAT ARE YOUR OPENING HOURS', history: [visitor('WHERE IS MY ORDER 1042')] },
      'frustration',
    ],
    [
      'the same question again',
      { text: 'where is my order?', history: [visitor('Where is my order??'), bot('…')] },
      'frustration',
    ],
    [
      'frustration beats a second unknown',
      { text: 'do you sell bicycles', history: [visitor('do you sell bicycles?')], lowConfidence: true, previousLowConfidence: true },
      'frustration',
    ],
  ])('%s → %s', (_name, input, expected) => {
    expect(decideEscalation({ ...base, ...input })).toBe(expected);
  });

  it.each(['', '   ', '\u0000\u0001\u0002', '👍🎉🔥', 'x'.repeat(4000), `${'AAAA '.repeat(800)}`])(
    'never throws on odd input %#',
    (text) => {
      expect(() => decideEscalation({ text, history: [visitor(text)], lowConfidence: true })).not.toThrow();
    },
  );
});

describe('frustration signals', () => {
  it.each([
    ['WHERE IS MY ORDER', true],
    ['WHERE IS MY ORDER?!?!', true],
    ['ONDE ESTÁ O MEU PEDIDO', true],
    ['Where Is My Order', false],
    ['can I pay with MB WAY or PIX?', false],
    ['OK', false],
    ['HELP ME', false],
    ['', false],
    ['👍🎉🔥', false],
  ] as const)('isShouting(%j) = %s', (text, expected) => {
    expect(isShouting(text)).toBe(expected);
  });

  it.each([
    ['you are useless', true],
    ['this bot is STUPID', true],
    ['stuuuupid bot', true],
    ['what the fuck', true],
    ['wtf', true],
    ['que merda de atendimento', true],
    ['você é burro?', true],
    ['isso é uma porcaria', true],
    ['esto es una mierda', true],
    ['eres un inútil', true],
    ['joder, otra vez', true],
    ['where is my order?', false],
    ['the lamp arrived broken', false],
    ['quanto custa o frete', false],
    ['la lámpara llegó con un golpe', false],
    ['', false],
  ] as const)('containsInsult(%j) = %s', (text, expected) => {
    expect(containsInsult(text)).toBe(expected);
  });

  it.each([
    ['where is my order', ['Where is my order??'], true],
    ['onde está meu pedido', ['onde esta o meu pedido?'], true],
    ['how much is shipping to Spain', ['How much is shipping to Spain?', 'hi'], true],
    ['where is my order', ['how much is shipping?'], false],
    ['ok', ['ok'], false],
    ['hi', ['hi'], false],
    ['thanks', ['thanks'], false],
  ] as const)('repeatsEarlierQuestion(%j, %j) = %s', (text, earlier, expected) => {
    expect(repeatsEarlierQuestion(text, earlier.map(visitor))).toBe(expected);
  });

  it('only looks at the last few visitor lines, and not across an agent', () => {
    const old = [visitor('where is my order'), visitor('a'), visitor('b'), visitor('c')];
    expect(repeatsEarlierQuestion('where is my order', old)).toBe(false);
    const withAgent: TranscriptLine[] = [visitor('where is my order'), { author: 'agent', text: 'Hi!' }];
    expect(repeatsEarlierQuestion('where is my order', withAgent)).toBe(false);
  });
});

describe('lastBotLineWasFallback', () => {
  const fallbacks = new Set(['No idea.']);
  it.each<[string, TranscriptLine[], boolean]>([
    ['empty history', [], false],
    ['fallback last', [visitor('x'), bot('No idea.')], true],
    ['fallback then visitor lines', [bot('No idea.'), visitor('y'), visitor('z')], true],
    ['an answer last', [bot('No idea.'), visitor('y'), bot('9 to 5.')], false],
    ['an agent in between', [bot('No idea.'), { author: 'agent', text: 'Hi' }, visitor('y')], false],
  ])('%s → %s', (_name, history, expected) => {
    expect(lastBotLineWasFallback(history, fallbacks)).toBe(expected);
  });
});

describe('escalationAction', () => {
  const texts = {
    handoff: { en: 'A person is coming.', es: 'Viene una persona.' },
    callbackOffer: { en: 'Leave your email.', es: 'Deja tu email.' },
  };

  it('queues for a person when someone is available', () => {
    expect(escalationAction('visitor_asked', 'es', true, texts)).toEqual({
      kind: 'handoff',
      reason: 'visitor_asked',
      text: 'Viene una persona.',
      locale: 'es',
    });
  });

  it('offers a callback when nobody is, keeping the reason', () => {
    expect(escalationAction('frustration', 'en', false, texts)).toEqual({
      kind: 'offer_callback',
      reason: 'frustration',
      text: 'Leave your email.',
      locale: 'en',
    });
  });

  it('falls back to a language the site has', () => {
    expect(escalationAction('low_confidence', 'pt-BR', false, texts)).toMatchObject({ locale: 'en', text: 'Leave your email.' });
  });
});
