import { describe, expect, it } from 'vitest';
import { t } from './i18n';

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
});
