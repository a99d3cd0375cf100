import { describe, expect, it } from 'vitest';
import { Locales } from '../../protocol/codes';
import { bookingErrorText, bookingText, type BookingKey } from './callback/words';
import { eventLine } from './components/MessageList';
import { callbackErrorText, queueText, t, type MessageKey } from './i18n';

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

describe('call-back words', () => {
  const keys: MessageKey[] = [
    'callMeBack', 'bookCallback', 'addToCalendar', 'changeTime', 'cancelCall', 'cancelYes', 'cancelNo', 'callBooked',
    'statusCallback', 'awayUntil', 'awayNow', 'yourTime', 'callerNamed', 'eventCallbackBooked', 'eventCallbackClaimed', 'eventCallbackDone',
  ];
  const panelKeys: BookingKey[] = [
    'bookCall', 'phone', 'country', 'note', 'day', 'time', 'slotsEmpty', 'slotsLoading', 'zoneNote', 'bookingTitle', 'moveTitle',
    'errSlotFull', 'errPhone', 'errCountry',
  ];
  const holes = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();

  it('keeps the English accessible names the browser tests use', () => {
    expect(keys.slice(0, 7).map((key) => t('en', key))).toEqual([
      'Call me back', 'Book a call back', 'Add to calendar', 'Change time', 'Cancel call', 'Yes, cancel it', 'Keep it',
    ]);
    expect(['bookCall', 'phone', 'country', 'note'].map((key) => bookingText('en', key as BookingKey))).toEqual([
      'Book call', 'Phone number', 'Country', 'Note (optional)',
    ]);
    expect(bookingText('en', 'slotsEmpty')).toBe("No free times in the next days — leave a message and we'll write back");
  });

  it('translates every call-back text into Portuguese and Spanish, keeping the placeholders', () => {
    const texts = [
      ...keys.map((key) => (locale: (typeof Locales)[number]) => t(locale, key)),
      ...panelKeys.map((key) => (locale: (typeof Locales)[number]) => bookingText(locale, key)),
    ];
    for (const text of texts) {
      const [en, pt, es] = Locales.map(text);
      expect(pt, en).not.toBe(en);
      expect(es, en).not.toBe(en);
      expect(holes(pt!), en).toEqual(holes(en!));
      expect(holes(es!), en).toEqual(holes(en!));
    }
    expect(bookingText('pt-BR', 'zoneNote', { zone: 'Horário de Brasília' })).toBe('Horários no seu fuso horário: Horário de Brasília');
    expect(t('es', 'awayUntil', { when: 'mañana 9:00' })).toBe('Ahora no estamos. Volvemos mañana 9:00 (tu hora).');
  });

  it('words a refusal by its code, or passes on the server’s sentence for an unknown one', () => {
    expect(bookingErrorText('en', { code: 'slot_full', message: 'x' })).toBe('Someone just took that time. Here are the next free times.');
    expect(bookingErrorText('pt-BR', { code: 'invalid_phone', message: 'x' })).toBe('Esse número de telefone não parece válido para o país escolhido.');
    expect(bookingErrorText('es', { code: 'too_soon', message: 'x' })).toBe('Esa hora ya no se puede reservar. Elige otra.');
    // The panel falls back on the shared words, then on the server's sentence.
    expect(bookingErrorText('es', { code: 'rate_limited', message: 'x' })).toBe('Demasiados intentos: espera un momento.');
    expect(callbackErrorText('pt-BR', { code: 'invalid_state', message: 'x' })).toBe('Esta ligação não pode mais ser alterada.');
    expect(callbackErrorText('en', { code: 'not_sent', message: '' })).toBe('Not sent — check your connection and try again.');
    expect(bookingErrorText('en', { code: 'weird', message: 'The server says why.' })).toBe('The server says why.');
    expect(callbackErrorText('en', { code: 'weird', message: '' })).toBe('Something went wrong. Please try again.');
  });
});

describe('call-back transcript lines', () => {
  const tr = (key: MessageKey, vars?: Record<string, string>) => t('en', key, vars);
  const line = (from: 'bot' | 'queued' | 'live' | 'callback' | null, to: 'bot' | 'queued' | 'live' | 'callback' | 'closed', code?: string) =>
    eventLine({ kind: 'status', from, to, reason: 'English for agents', ...(code ? { code } : {}) }, 'Ana', tr);

  it('says what happened to the call, in the visitor’s words', () => {
    expect(line('bot', 'callback', 'callback_booked')).toBe("Call back booked. We'll call you at the time you chose.");
    expect(line('callback', 'callback', 'callback_moved')).toBe('Your call was moved to the time you chose.');
    expect(line('callback', 'bot', 'callback_cancelled')).toBe('You cancelled the call back.');
    expect(line('callback', 'callback', 'callback_claimed')).toBe('Ana will call you.');
    expect(line('callback', 'callback', 'callback_retry')).toBe("We called but couldn't reach you. We'll try again.");
    expect(line('callback', 'callback', 'callback_rescheduled')).toBe('We moved your call to a new time. See the booking for details.');
    expect(line('callback', 'closed', 'callback_done')).toBe('The call back is finished. Write again any time.');
    expect(line('queued', 'callback')).toBe("Call back booked. We'll call you at the time you chose.");
  });

  it('leaves the other lines as they were', () => {
    expect(line('bot', 'queued', 'callback_offered')).toBe('Your message is waiting for our team — they’ll reply right here.');
    expect(line('live', 'closed')).toBe('The conversation was closed. Write again any time.');
    expect(line(null, 'bot')).toBeNull();
  });
});

describe('an agent who let go without a transfer', () => {
  const dropped = (code: string) => ({ kind: 'status' as const, from: 'live' as const, to: 'queued' as const, reason: 'Ana went offline; back in the queue, at the front', code });

  it('tells the visitor, in their language, who stepped away and that the next person picks up here', () => {
    const expected = {
      en: 'Ana had to step away. You’re back in the queue, and the next person will pick up right here — nothing you wrote is lost.',
      'pt-BR': 'Ana precisou se ausentar. Você voltou para a fila, e a próxima pessoa vai continuar aqui mesmo — nada do que você escreveu se perdeu.',
      es: 'Ana tuvo que ausentarse. Vuelves a estar en la cola y la próxima persona seguirá aquí mismo; no se pierde nada de lo que escribiste.',
    };
    for (const locale of Locales) {
      const tr = (key: MessageKey, vars?: Record<string, string>) => t(locale, key, vars);
      expect(eventLine(dropped('agent_offline'), 'Ana', tr, 'Ana')).toBe(expected[locale]);
      expect(eventLine(dropped('agent_unassigned'), 'Ana', tr, 'Ana')).toBe(expected[locale]);
    }
  });

  it('names nobody when the line names nobody, not the agent of the moment', () => {
    const tr = (key: MessageKey, vars?: Record<string, string>) => t('en', key, vars);
    expect(eventLine(dropped('agent_offline'), 'Bea', tr, null)).toBe(
      'The person helping you had to step away. You’re back in the queue, and the next person will pick up right here — nothing you wrote is lost.',
    );
    expect(t('pt-BR', 'eventAgentLeftUnnamed')).toMatch(/^A pessoa que estava te atendendo precisou se ausentar\./);
    expect(t('es', 'eventAgentLeftUnnamed')).toMatch(/^La persona que te atendía tuvo que ausentarse\./);
  });

  it('keeps a plain move to the queue as it was', () => {
    const tr = (key: MessageKey, vars?: Record<string, string>) => t('en', key, vars);
    expect(eventLine({ kind: 'status', from: 'bot', to: 'queued', reason: 'Asked', code: 'visitor_asked' }, 'Ana', tr, null)).toBe(
      'You’re in the queue — a person will reply here soon.',
    );
  });
});
