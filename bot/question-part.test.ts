import { describe, expect, it } from 'vitest';
import { questionCandidates, questionPart } from './question-part';

describe('the part of a message that is the question', () => {
  it.each([
    ['Hi, my name is Ana Souza, my order LC-55123 has not arrived', 'Hi, , my order has not arrived'],
    ['Oi, meu nome é Juliana Souza, fiz o pedido 88123 ontem', 'Oi, , fiz o pedido ontem'],
    ['Hola, me llamo Lucía Fernández y mi orden #4471 no llega', 'Hola,  y mi orden   no llega'],
    ['write to ana.souza+shop@example.com or see https://example.com/x?y=1 please', 'write to   or see   please'],
  ])('takes names, numbers, e-mails and links out of %j', (text, question) => {
    expect(questionPart(text).replace(/\s+/g, ' ')).toBe(question.replace(/\s+/g, ' '));
  });

  it('keeps short numbers and lower-case words after "soy" (they may be the question)', () => {
    expect(questionPart('soy cliente, envían en 24h?')).toBe('soy cliente, envían en 24h?');
  });

  it('offers the whole message, then each sentence of a long one', () => {
    expect(questionCandidates('Hi there. I ordered on Monday! Where is it now?')).toEqual([
      'Hi there. I ordered on Monday! Where is it now?',
      'Hi there.',
      'I ordered on Monday!',
      'Where is it now?',
    ]);
    expect(questionCandidates('where is my order?')).toEqual(['where is my order?']);
  });
});
