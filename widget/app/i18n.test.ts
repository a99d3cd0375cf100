import { describe, expect, it } from 'vitest';
import { queueText, t } from './i18n';

describe('t', () => {
  it('keeps the English accessible names of the contract', () => {
    expect(t('en', 'message')).toBe('Message');
    expect(t('en', 'send')).toBe('Send');
    expect(t('en', 'closeChat')).toBe('Close chat');
  });

  it('fills placeholders and translates', () => {
    expect(t('en', 'eventLive', { name: 'Ana' })).toBe('Ana joined the chat');
    expect(t('pt-BR', 'eventLive', { name: 'Ana' })).toBe('Ana entrou na conversa');
    expect(t('es', 'statusLive', { name: 'Ana' })).toBe('Conversando con Ana');
    expect(t('pt-BR', 'eventClosed')).toBe('A conversa foi encerrada. Escreva de novo quando quiser.');
  });

  it('says who is typing and "Seen" in every language', () => {
    expect(t('en', 'agentTyping', { name: 'Ana' })).toBe('Ana is typing…');
    expect(t('pt-BR', 'agentTyping', { name: 'Ana' })).toBe('Ana está digitando…');
    expect(t('es', 'agentTyping', { name: 'Ana' })).toBe('Ana está escribiendo…');
    expect([t('en', 'seen'), t('pt-BR', 'seen'), t('es', 'seen')]).toEqual(['Seen', 'Visto', 'Visto']);
  });

  it('leaves an unfilled placeholder visible rather than empty', () => {
    expect(t('en', 'statusLive')).toBe('Chatting with {name}');
  });

  it('names the feedback buttons in every language', () => {
    expect([t('en', 'feedbackYes'), t('en', 'feedbackNo'), t('en', 'feedbackThanks')]).toEqual([
      'Yes, that helped',
      "No, that didn't help",
      'Thanks for the feedback',
    ]);
    expect([t('pt-BR', 'feedbackYes'), t('pt-BR', 'feedbackNo')]).toEqual(['Sim, ajudou', 'Não ajudou']);
    expect([t('es', 'feedbackYes'), t('es', 'feedbackNo')]).toEqual(['Sí, me ayudó', 'No me ayudó']);
  });

  it('words the queue position, rounding the estimate up to whole minutes', () => {
    expect(queueText('en', 1, 300)).toBe("You're next");
    expect(queueText('en', 3, null)).toBe("You're number 3 in the queue");
    expect(queueText('en', 3, 59)).toBe("You're number 3 in the queue · less than a minute");
    expect(queueText('en', 3, 60)).toBe("You're number 3 in the queue · about 1 min");
    expect(queueText('en', 3, 61)).toBe("You're number 3 in the queue · about 2 min");
    expect(queueText('pt-BR', 2, 150)).toBe('Você é o número 2 na fila · cerca de 3 min');
    expect(queueText('es', 2, null)).toBe('Eres el número 2 en la cola');
    expect(queueText('es', 1, null)).toBe('Eres el siguiente');
  });

  it('words availability in every language', () => {
    expect(t('en', 'statusAvailable')).toBe('A person is available');
    expect(t('en', 'statusAway')).toBe("Our team is away — we'll reply here");
    expect(t('pt-BR', 'statusAway')).toBe('Nossa equipe está ausente — responderemos aqui');
    expect(t('es', 'statusAvailable')).toBe('Hay una persona disponible');
  });
});
