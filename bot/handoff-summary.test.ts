import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractFacts, reasonInWords, summarizeHandoff } from './handoff-summary';
import { loadKnowledgeBaseFile } from './knowledge-base';
import { HandoffReason, type HandoffSummary, type TranscriptLine } from './types';

const kb = loadKnowledgeBaseFile(join(import.meta.dirname, 'knowledge', 'demo-shop.yaml'));
const answerOf = (id: string): string => kb.entries.find((entry) => entry.id === id)?.answer?.en ?? '';

type Facts = HandoffSummary['facts'];

describe('extractFacts', () => {
  it.each<[string, Facts]>([
    ['my email is ana.silva+shop@example.com', { email: 'ana.silva+shop@example.com' }],
    ['meu e-mail: joão@exemplo.com.br', { email: 'joão@exemplo.com.br' }],
    ['call me on +351 912 345 678', { phone: '+351 912 345 678' }],
    ['meu celular é (11) 98765-4321', { phone: '(11) 98765-4321' }],
    ['tel 0034 612 34 56 78 por favor', { phone: '0034 612 34 56 78' }],
    ['it arrived on 2024-11-25', {}],
    ['call 12345', {}],
    ['where is order 1042?', { orderNumber: '1042' }],
    ['my order number is #1042', { orderNumber: '1042' }],
    ['Order no. 58213 never came', { orderNumber: '58213' }],
    ['pedido #1042 não chegou', { orderNumber: '1042' }],
    ['cadê o pedido 1042', { orderNumber: '1042' }],
    ['mi orden 1042 no llega', { orderNumber: '1042' }],
    ['it is #A-1042', { orderNumber: 'A-1042' }],
    ['I ordered 2 lamps', {}],
    ['order 12', {}],
    ['my name is Ana', { name: 'Ana' }],
    ['My name is Ana Silva and my order is 1042', { name: 'Ana Silva', orderNumber: '1042' }],
    ["Hi, I'm Pedro", { name: 'Pedro' }],
    ['I am Maria Costa', { name: 'Maria Costa' }],
    ["I'm looking for a lamp", {}],
    ["I'm Sorry, wrong chat", {}],
    ['meu nome é João', { name: 'João' }],
    ['me chamo Luísa, tudo bem?', { name: 'Luísa' }],
    ['me llamo Carmen', { name: 'Carmen' }],
    ['mi nombre es José Luis', { name: 'José Luis' }],
    [
      'Ana here: ana@example.com, +55 11 98765 4321, pedido 7781',
      { email: 'ana@example.com', phone: '+55 11 98765 4321', orderNumber: '7781' },
    ],
    ['', {}],
    ['\u0000\u0001\u0002', {}],
    ['👍🎉🔥', {}],
  ])('%j → %j', (line, facts) => {
    expect(extractFacts([line])).toEqual(facts);
  });

  it('keeps the latest mention when the visitor corrects themselves', () => {
    expect(extractFacts(['my email is ana@example.con', 'sorry, ana@example.com'])).toEqual({ email: 'ana@example.com' });
  });

  it('copes with a 4000-character line', () => {
    expect(extractFacts(['1 '.repeat(2000)])).toEqual(expect.any(Object));
    expect(extractFacts([`${'x'.repeat(3980)} order 1042`])).toEqual({ orderNumber: '1042' });
  });
});

describe('summarizeHandoff', () => {
  it('says what the visitor wants, what was answered, what failed and why it was handed over', () => {
    const transcript: TranscriptLine[] = [
      { author: 'bot', text: kb.greeting.en ?? '' },
      { author: 'visitor', text: 'hi' },
      { author: 'bot', text: kb.smallTalk.hello.en ?? '' },
      { author: 'visitor', text: 'where is my order 1042? my email is ana@example.com' },
      { author: 'bot', text: answerOf('order-tracking') },
      { author: 'visitor', text: 'can I change the colour of my lamp?' },
      { author: 'bot', text: kb.fallback.en ?? '' },
      { author: 'visitor', text: 'can I change the colour?' },
      { author: 'bot', text: kb.fallback.en ?? '' },
    ];
    const result = summarizeHandoff({ transcript, reason: HandoffReason.LowConfidence, kb });
    expect(result.summary).toBe(
      'The visitor asked: "where is my order 1042? my email is ana@example.com" and "can I change the colour of my lamp?". ' +
        'The bot answered about order tracking. ' +
        'The bot could not answer 2 questions. ' +
        'Handed over because the bot could not answer twice in a row.',
    );
    expect(result.facts).toEqual({ email: 'ana@example.com', orderNumber: '1042' });
  });

  it('mentions a "no" on did-that-help and ignores facts in bot lines', () => {
    const transcript: TranscriptLine[] = [
      { author: 'visitor', text: 'my lamp arrived broken' },
      { author: 'bot', text: answerOf('warranty') },
      { author: 'bot', text: kb.feedback.sorry.en ?? '' },
      { author: 'visitor', text: 'agent please' },
    ];
    const result = summarizeHandoff({ transcript, reason: HandoffReason.VisitorAsked, kb });
    expect(result.summary).toBe(
      'The visitor asked: "my lamp arrived broken". The bot answered about warranty. ' +
        'The bot was told an answer did not help. Handed over because the visitor asked for a person.',
    );
    // The warranty answer names care@lumenandco.example: that is the shop's address, not a fact.
    expect(result.facts).toEqual({});
  });

  it('works without a knowledge base or a question, and shortens long and odd lines', () => {
    const result = summarizeHandoff({
      transcript: [
        { author: 'visitor', text: '👍' },
        { author: 'visitor', text: `lamp\u0000\u0001 ${'very '.repeat(800)}` },
      ],
      reason: HandoffReason.Frustration,
    });
    expect(result.summary).toMatch(/^The visitor asked: "lamp very very .*…"\. Handed over because the visitor seemed frustrated/);
    expect(result.summary.length).toBeLessThan(300);
    expect(summarizeHandoff({ transcript: [], reason: HandoffReason.FlaggedTopic }).summary).toBe(
      'The visitor has not asked anything specific yet. Handed over because the topic is one a person must handle.',
    );
  });

  it('has words for every reason', () => {
    for (const reason of Object.values(HandoffReason)) expect(reasonInWords(reason)).toMatch(/^the /);
  });
});
