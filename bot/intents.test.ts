import { describe, expect, it } from 'vitest';
import { detectHumanRequest, detectSmallTalk, TALK_TO_PERSON } from './intents';

describe('detectHumanRequest', () => {
  const requests = [
    'I want to talk to a human',
    'can I speak to a person',
    'agent please',
    'real person',
    'Real person please!',
    'human',
    'Can you put me through to someone?',
    'connect me with a live agent',
    'quero falar com um atendente',
    'falar com uma pessoa',
    'atendente humano',
    'Quero falar com um humano, por favor',
    'me passa para um atendente',
    'hablar con un agente',
    'quiero hablar con una persona',
    'agente por favor',
    '¿Puedo hablar con alguien?',
    'quero falar com um atendete', // typo
  ];
  it.each(requests)('recognises %j', (text) => {
    expect(detectHumanRequest(text)).not.toBeNull();
  });

  it.each(Object.values(TALK_TO_PERSON))('recognises its own quick reply %j', (text) => {
    expect(detectHumanRequest(text)).not.toBeNull();
  });

  const notRequests = [
    'what are your opening hours?',
    'quanto custa o frete?',
    'are you a human?',
    'can I pick up my order in person?',
    'how many people work at Lumen?',
    'hola',
    '',
  ];
  it.each(notRequests)('does not fire on %j', (text) => {
    expect(detectHumanRequest(text)).toBeNull();
  });
});

describe('detectHumanRequest: language', () => {
  it.each([
    ['agent please', 'en'],
    ['atendente humano', 'pt-BR'],
    ['falar com uma pessoa', 'pt-BR'],
    ['hablar con un agente', 'es'],
    ['agente por favor', null],
    ['humano', null],
  ] as const)('%j gives away %s', (text, locale) => {
    expect(detectHumanRequest(text)).toEqual({ locale });
  });
});

describe('detectSmallTalk', () => {
  it.each([
    ['hi', 'hello', 'en'],
    ['Hello there!', 'hello', 'en'],
    ['olá', 'hello', 'pt-BR'],
    ['oi', 'hello', 'pt-BR'],
    ['bom dia', 'hello', 'pt-BR'],
    ['hola', 'hello', 'es'],
    ['buenos días', 'hello', 'es'],
    ['thanks', 'thanks', 'en'],
    ['thank you so much!', 'thanks', 'en'],
    ['obrigado', 'thanks', 'pt-BR'],
    ['muito obrigada pela ajuda', 'thanks', 'pt-BR'],
    ['gracias', 'thanks', 'es'],
    ['muchas gracias', 'thanks', 'es'],
    ['bye', 'goodbye', 'en'],
    ['tchau', 'goodbye', 'pt-BR'],
    ['adiós', 'goodbye', 'es'],
    ['gracias, adiós', 'goodbye', 'es'],
  ] as const)('%j is %s in %s', (text, kind, locale) => {
    expect(detectSmallTalk(text)).toEqual({ kind, locale });
  });

  it('leaves messages with a question in them to the knowledge base', () => {
    expect(detectSmallTalk('hi, do you ship to Spain?')).toBeNull();
    expect(detectSmallTalk('obrigado, e o frete?')).toBeNull();
    expect(detectSmallTalk('ok')).toBeNull();
  });
});
