import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reasonInWords, summarizeHandoff } from './handoff-summary';
import { loadKnowledgeBaseFile } from './knowledge-base';
import { HandoffReason, type TranscriptLine } from './types';

const kb = loadKnowledgeBaseFile(join(import.meta.dirname, 'knowledge', 'demo-shop.yaml'));
const answerOf = (id: string): string => kb.entries.find((entry) => entry.id === id)?.answer?.en ?? '';

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
