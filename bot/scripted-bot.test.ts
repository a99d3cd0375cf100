import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Locale } from '../protocol/codes';
import { TALK_TO_PERSON } from './intents';
import { loadKnowledgeBaseFile } from './knowledge-base';
import { createScriptedBot } from './scripted-bot';
import type { BotAction, TranscriptLine } from './types';

const kb = loadKnowledgeBaseFile(join(import.meta.dirname, 'knowledge', 'demo-shop.yaml'));
const bot = createScriptedBot(kb);

function ask(text: string, locale: Locale = 'en', history: TranscriptLine[] = []): Promise<BotAction[]> {
  return bot.handle({ text, locale, history, agentsAvailable: true });
}

function expectAnswer(actions: BotAction[], entryId: string, locale: Locale): void {
  const [first] = actions;
  expect(first).toMatchObject({ kind: 'reply', entryId, locale });
  if (first?.kind === 'reply') expect(first.text).toBe(kb.entries.find((e) => e.id === entryId)?.answer?.[locale]);
}

function expectFallback(actions: BotAction[], locale: Locale): void {
  expect(actions).toEqual([
    { kind: 'reply', text: kb.fallback[locale], locale, quickReplies: [expect.any(String)], unanswered: 'fallback' },
  ]);
}

/** No entry answered: the fallback, or "Did you mean…?" — either way a person is one button away. */
function expectNoAnswer(actions: BotAction[], locale: Locale): void {
  expect(actions).toHaveLength(1);
  const [first] = actions;
  expect(first).toMatchObject({ kind: 'reply', locale });
  if (first?.kind !== 'reply') return;
  expect(first.entryId).toBeUndefined();
  expect(['fallback', 'suggested']).toContain(first.unanswered);
  expect(first.quickReplies?.at(-1)).toBe(TALK_TO_PERSON[locale]);
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
  ] as const)('answers %j from %s in %s', async (text, entryId, locale) => {
    const actions = await ask(text, locale);
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
  ] as const)('tolerates typos, case, order and accents: %j → %s', async (text, entryId, locale) => {
    expectAnswer(await ask(text, 'en'), entryId, locale);
  });

  it('answers in the language of the question, not of the page', async () => {
    expectAnswer(await ask('quanto custa o frete?', 'en'), 'shipping-cost', 'pt-BR');
    expectAnswer(await ask('¿hacen envíos a Portugal?', 'pt-BR'), 'shipping-destinations', 'es');
    expectAnswer(await ask('what are your opening hours?', 'es'), 'opening-hours', 'en');
  });

  it("uses the page's language when the words are shared between languages", async () => {
    expectAnswer(await ask('Portugal?', 'pt-BR'), 'shipping-destinations', 'pt-BR');
    expectAnswer(await ask('Portugal?', 'es'), 'shipping-destinations', 'es');
    expectAnswer(await ask('horario', 'pt-BR'), 'opening-hours', 'pt-BR');
    expectAnswer(await ask('horario', 'es'), 'opening-hours', 'es');
  });

  it('adds the quick replies of the entry in the answer language', async () => {
    expect((await ask('how much does shipping cost?'))[0]).toMatchObject({
      quickReplies: kb.entries.find((e) => e.id === 'shipping-cost')?.quickReplies?.en,
    });
  });

  it.each([
    ['I want to cancel my order', 'cancel-order', 'en'],
    ['quero cancelar meu pedido', 'cancel-order', 'pt-BR'],
    ['me cobraron dos veces', 'billing-dispute', 'es'],
  ] as const)('answers a flagged topic, then hands off: %j', async (text, entryId, locale) => {
    const actions = await ask(text, 'en');
    expect(actions).toHaveLength(2);
    expectAnswer(actions, entryId, locale);
    expect(actions[1]).toEqual({ kind: 'handoff', reason: 'flagged_topic', text: kb.handoff[locale], locale });
  });

  it('answers a visitor whose language an entry lacks in English, not in the third language its phrasing matched', async () => {
    const twoLanguages = createScriptedBot({
      ...kb,
      entries: [
        {
          id: 'pix',
          handoff: false,
          questions: { en: ['can I pay with pix?'], 'pt-BR': ['posso pagar com pix?'] },
          answer: { en: 'Yes, we take Pix.', 'pt-BR': 'Sim, aceitamos Pix.' },
        },
      ],
    });
    const spanish = await twoLanguages.handle({ text: '¿puedo pagar con pix?', locale: 'es', history: [], agentsAvailable: true });
    expect(spanish[0]).toMatchObject({ kind: 'reply', entryId: 'pix', text: 'Yes, we take Pix.', locale: 'en' });
    const portuguese = await twoLanguages.handle({ text: 'posso pagar com pix?', locale: 'es', history: [], agentsAvailable: true });
    expect(portuguese[0]).toMatchObject({ kind: 'reply', text: 'Sim, aceitamos Pix.', locale: 'pt-BR' });
  });

  it('hands off a flagged entry without an answer straight away', async () => {
    const flaggedOnly = createScriptedBot({
      ...kb,
      entries: [{ id: 'complaint', questions: { en: ['I want to complain'] }, handoff: true }],
    });
    expect(await flaggedOnly.handle({ text: 'I want to complain', locale: 'en', history: [], agentsAvailable: true })).toEqual([
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
  ] as const)('hands off when asked for a person: %j', async (text, locale) => {
    expect(await ask(text, 'en')).toEqual([{ kind: 'handoff', reason: 'visitor_asked', text: kb.handoff[locale], locale }]);
  });

  it("hands off on 'agente por favor' in the page's language (Spanish and Portuguese share it)", async () => {
    expect(await ask('agente por favor', 'es')).toEqual([
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
  ] as const)('answers small talk %j in its language', async (text, kind, locale) => {
    expect(await ask(text, 'en')).toEqual([{ kind: 'reply', text: kb.smallTalk[kind][locale], locale }]);
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
  ] as const)('admits it does not know %j and offers a person', async (text, locale) => {
    expectNoAnswer(await ask(text, 'en'), locale);
  });

  it('offers a quick reply that itself asks for a person', async () => {
    for (const locale of ['en', 'pt-BR', 'es'] as const) {
      const [fallback] = await ask('asdfgh', locale);
      expect(fallback?.kind).toBe('reply');
      const label = fallback?.kind === 'reply' ? fallback.quickReplies?.[0] : undefined;
      expect(label).toBe(TALK_TO_PERSON[locale]);
      expect(await ask(label ?? '', locale)).toEqual([
        { kind: 'handoff', reason: 'visitor_asked', text: kb.handoff[locale], locale },
      ]);
    }
  });

  it('hands off after two unknown questions in a row', async () => {
    const history: TranscriptLine[] = [
      { author: 'bot', text: bot.greeting('en') },
      { author: 'visitor', text: 'do you sell bicycles?' },
      { author: 'bot', text: kb.fallback.en ?? '' },
    ];
    expect(await ask('what about scooters?', 'en', history)).toEqual([
      { kind: 'handoff', reason: 'low_confidence', text: kb.handoff.en, locale: 'en' },
    ]);
  });

  it('does not count an unknown question after a real answer', async () => {
    const history: TranscriptLine[] = [
      { author: 'visitor', text: 'asdf' },
      { author: 'bot', text: kb.fallback.en ?? '' },
      { author: 'visitor', text: 'what are your opening hours?' },
      { author: 'bot', text: kb.entries[0]?.answer?.en ?? '' },
    ];
    expectNoAnswer(await ask('do you sell bicycles?', 'en', history), 'en');
  });

  it('still answers a known question after a fallback', async () => {
    const history: TranscriptLine[] = [
      { author: 'visitor', text: 'asdf' },
      { author: 'bot', text: kb.fallback.en ?? '' },
    ];
    expectAnswer(await ask('what are your opening hours?', 'en', history), 'opening-hours', 'en');
  });

  it.each([
    ['empty', ''],
    ['whitespace', '   \n\t '],
    ['emoji only', '👍🎉🔥'],
    ['punctuation', '?!?!...'],
    ['binary-looking', '\u0000\u0001\u0002\u0003\uFFFD\u001B[31m'],
  ])('never throws on %s input and replies with the fallback', async (_name, text) => {
    expectFallback(await ask(text, 'es'), 'es');
  });

  it('copes with a 4000-character message', async () => {
    const long = 'lorem ipsum dolor sit amet '.repeat(160).slice(0, 4000);
    expectFallback(await ask(long, 'en'), 'en');
    const longWithQuestion = `${'blah '.repeat(790)}what are your opening hours?`.slice(-4000);
    // The question at the end of the noise is still found.
    expect(await ask(longWithQuestion, 'en')).toMatchObject([{ kind: 'reply', entryId: 'opening-hours', locale: 'en' }]);
    expectFallback(await ask('x'.repeat(4000), 'en'), 'en');
  });
});

describe('scripted bot: did that help?', () => {
  it('asks for feedback under knowledge-base answers only', async () => {
    expect((await ask('what are your opening hours?'))[0]).toMatchObject({ entryId: 'opening-hours', askFeedback: true });
    expect((await ask('hi'))[0]).not.toHaveProperty('askFeedback');
    expect((await ask('asdfgh'))[0]).not.toHaveProperty('askFeedback');
    // A flagged answer goes straight on to a person: nothing to rate.
    expect((await ask('I want to cancel my order'))[0]).not.toHaveProperty('askFeedback');
  });

  it('thanks on "yes", in the language of the rated answer', async () => {
    const history: TranscriptLine[] = [
      { author: 'visitor', text: 'quanto custa o frete?' },
      { author: 'bot', text: kb.entries.find((e) => e.id === 'shipping-cost')?.answer?.['pt-BR'] ?? '' },
    ];
    expect(await bot.feedback({ helpful: true, locale: 'en', history, agentsAvailable: true })).toEqual([
      { kind: 'reply', text: kb.feedback.thanks['pt-BR'], locale: 'pt-BR' },
    ]);
  });

  it('apologises on "no" and hands off, or offers a callback when nobody is in', async () => {
    const history: TranscriptLine[] = [
      { author: 'visitor', text: 'how long is the warranty' },
      { author: 'bot', text: kb.entries.find((e) => e.id === 'warranty')?.answer?.en ?? '' },
    ];
    expect(await bot.feedback({ helpful: false, locale: 'es', history, agentsAvailable: true })).toEqual([
      { kind: 'reply', text: kb.feedback.sorry.en, locale: 'en' },
      { kind: 'handoff', reason: 'negative_feedback', text: kb.handoff.en, locale: 'en' },
    ]);
    expect(await bot.feedback({ helpful: false, locale: 'es', history: [], agentsAvailable: false })).toEqual([
      { kind: 'reply', text: kb.feedback.sorry.es, locale: 'es' },
      { kind: 'offer_callback', reason: 'negative_feedback', text: kb.callbackOffer.es, locale: 'es' },
    ]);
  });
});

describe('scripted bot: follow-ups', () => {
  it("offers an entry's follow-ups as buttons with their first question in the answer's language", async () => {
    const [answer] = await ask('onde está o meu pedido?', 'en');
    expect(answer).toMatchObject({ entryId: 'order-tracking', locale: 'pt-BR' });
    const first = kb.entries.find((e) => e.id === 'delivery-times')?.questions['pt-BR']?.[0];
    expect(answer?.kind === 'reply' ? answer.quickReplies : undefined).toEqual([first]);
    expect(await ask(first ?? '', 'pt-BR')).toMatchObject([{ entryId: 'delivery-times' }]);
  });

  it('understands the demo synonyms', async () => {
    expect(await ask('do you sell floor luminaires?')).toMatchObject([{ entryId: 'product-range' }]);
    expect(await ask('vocês vendem abajur?', 'pt-BR')).toMatchObject([{ entryId: 'product-range' }]);
  });
});

describe('scripted bot: escalation', () => {
  const away = (text: string, history: TranscriptLine[] = []) =>
    bot.handle({ text, locale: 'en', history, agentsAvailable: false });

  it('offers a callback instead of the queue when nobody is available', async () => {
    expect(await away('quiero hablar con una persona')).toEqual([
      { kind: 'offer_callback', reason: 'visitor_asked', text: kb.callbackOffer.es, locale: 'es' },
    ]);
    const flagged = await away('I want to cancel my order');
    expect(flagged).toHaveLength(2);
    expect(flagged[1]).toEqual({ kind: 'offer_callback', reason: 'flagged_topic', text: kb.callbackOffer.en, locale: 'en' });
  });

  it('hands off when the visitor repeats a question', async () => {
    const history: TranscriptLine[] = [
      { author: 'visitor', text: 'where is my order?' },
      { author: 'bot', text: kb.entries.find((e) => e.id === 'order-tracking')?.answer?.en ?? '' },
    ];
    expect(await ask('WHERE IS MY ORDER', 'en', history)).toEqual([
      { kind: 'handoff', reason: 'frustration', text: kb.handoff.en, locale: 'en' },
    ]);
  });

  it.each([
    ['this is useless', 'en'],
    ['que porcaria de atendimento', 'pt-BR'],
    ['esto es una mierda', 'es'],
  ] as const)('hands off on insults: %j', async (text, locale) => {
    expect(await ask(text, locale)).toEqual([{ kind: 'handoff', reason: 'frustration', text: kb.handoff[locale], locale }]);
  });

  it('hands off when the visitor shouts something the bot cannot answer, but answers a shouted known question', async () => {
    expect(await ask('WHY IS NOBODY HELPING ME WITH THIS')).toMatchObject([{ kind: 'handoff', reason: 'frustration' }]);
    expect(await ask('HOW MUCH DOES SHIPPING COST')).toMatchObject([{ entryId: 'shipping-cost' }]);
  });

  it('offers a callback after two unknown questions when nobody is in', async () => {
    const history: TranscriptLine[] = [
      { author: 'visitor', text: 'do you sell bicycles?' },
      { author: 'bot', text: kb.fallback.en ?? '' },
    ];
    expect(await away('what about scooters?', history)).toEqual([
      { kind: 'offer_callback', reason: 'low_confidence', text: kb.callbackOffer.en, locale: 'en' },
    ]);
  });

  it.each([
    ['empty', ''],
    ['whitespace', '  \n '],
    ['4000 characters', 'lorem ipsum '.repeat(400).slice(0, 4000)],
    ['binary-looking', '\u0000\u0001\u0002\u0003\u0004'],
    ['emoji only', '😡😡😡'],
    ['4000 capitals', 'A'.repeat(4000)],
  ])('never throws on %s input, even after a fallback and with nobody in', async (_name, text) => {
    const history: TranscriptLine[] = [
      { author: 'visitor', text },
      { author: 'bot', text: kb.fallback.en ?? '' },
    ];
    const actions = await away(text, history);
    // One answer, in the site's words: the fallback again, or (when it reads as shouting) the callback offer.
    expect(actions).toHaveLength(1);
    expect([kb.fallback.en, kb.callbackOffer.en]).toContain(actions[0]?.text);
  });
});

describe('scripted bot: summary', () => {
  it('summarizes a conversation for the agent with the facts the visitor gave', async () => {
    const result = await bot.summarize({
      transcript: [
        { author: 'visitor', text: "Hi, I'm Ana. Where is my order #A-1042?" },
        { author: 'bot', text: kb.entries.find((e) => e.id === 'order-tracking')?.answer?.en ?? '' },
        { author: 'visitor', text: 'agent please, ana@example.com' },
      ],
      locale: 'en',
      reason: 'visitor_asked',
    });
    expect(result.summary).toBe(
      'The visitor asked: "Hi, I\'m Ana. Where is my order #A-1042?". The bot answered about order tracking. ' +
        'Handed over because the visitor asked for a person.',
    );
    expect(result.facts).toEqual({ name: 'Ana', email: 'ana@example.com', orderNumber: 'A-1042' });
  });
});

describe('scripted bot: "Did you mean…?" (issue 13)', () => {
  // Fits three entries about equally: the visitor chooses instead of the bot guessing.
  const unsure = 'shipping to france, price and time?';

  it('offers the closest entries as buttons, in the visitor language, with a person last', async () => {
    const [first, ...rest] = await ask(unsure);
    expect(rest).toEqual([]);
    expect(first).toMatchObject({ kind: 'reply', text: kb.suggest.en, locale: 'en', unanswered: 'suggested' });
    if (first?.kind !== 'reply') return;
    expect(first.entryId).toBeUndefined();
    const ids = first.suggestedEntryIds ?? [];
    expect(ids.length).toBeGreaterThanOrEqual(2);
    expect(ids.length).toBeLessThanOrEqual(3);
    expect(ids).toContain('shipping-cost');
    const labels = ids.map((id) => kb.entries.find((entry) => entry.id === id)?.questions.en?.[0]);
    expect(first.quickReplies).toEqual([...labels, TALK_TO_PERSON.en]);
  });

  it('answers the entry whose button the visitor pressed', async () => {
    const [first] = await ask(unsure);
    const ids = first?.kind === 'reply' ? (first.suggestedEntryIds ?? []) : [];
    for (const [index, id] of ids.entries()) {
      const label = first?.kind === 'reply' ? (first.quickReplies?.[index] ?? '') : '';
      const history: TranscriptLine[] = [
        { author: 'visitor', text: unsure },
        { author: 'bot', text: kb.suggest.en ?? '' },
      ];
      expectAnswer(await ask(label, 'en', history), id, 'en');
    }
  });

  it('asks in Portuguese and Spanish too', async () => {
    const [pt] = await ask('frete pra frança, preço e prazo?', 'pt-BR');
    expect(pt).toMatchObject({ text: kb.suggest['pt-BR'], locale: 'pt-BR', unanswered: 'suggested' });
    const [es] = await ask('envío a Francia, precio y plazo?', 'es');
    expect(es).toMatchObject({ text: kb.suggest.es, locale: 'es', unanswered: 'suggested' });
  });

  it('counts a list the visitor did not take as one miss: a second miss reaches a person', async () => {
    const history: TranscriptLine[] = [
      { author: 'visitor', text: unsure },
      { author: 'bot', text: kb.suggest.en ?? '' },
    ];
    const actions = await ask('asdfgh qwerty', 'en', history);
    expect(actions.at(-1)).toMatchObject({ kind: 'handoff', reason: 'low_confidence' });
  });
});

describe('scripted bot: a message that only gives details (issue 13)', () => {
  it.each([
    ['my email is ana.souza@example.com', 'en'],
    ['meu email é ana.souza@example.com', 'pt-BR'],
    ['mi correo es ana.souza@example.com', 'es'],
    ['my phone is +351 912 345 678', 'en'],
    ['pedido LC-55123', 'pt-BR'],
  ] as const)('%j is noted, not a failed question', async (text, locale) => {
    const history: TranscriptLine[] = [
      { author: 'visitor', text: 'asdf' },
      { author: 'bot', text: kb.fallback[locale] ?? '' },
    ];
    const actions = await ask(text, locale, history);
    expect(actions).toEqual([{ kind: 'reply', text: kb.noted[locale], locale }]);
  });

  it('still answers a question that comes with details', async () => {
    expectAnswer(await ask("Hi, I'm Mark Evans. My order LC-55123 hasn't arrived yet"), 'order-tracking', 'en');
  });
});

describe('scripted bot: questions asked word for word (review of issue 13)', () => {
  const withModels = (extra: { id: string; en: string }[]) => {
    const copy = loadKnowledgeBaseFile(join(import.meta.dirname, 'knowledge', 'demo-shop.yaml'));
    for (const { id, en } of extra) copy.entries.push({ id, questions: { en: [en] }, answer: { en: `The answer about ${id}.` }, handoff: false });
    return { kb: copy, bot: createScriptedBot(copy) };
  };

  it('a pressed "Did you mean" button answers its entry, even when the two differ by a number', async () => {
    const { bot: models } = withModels([
      { id: 'model-a', en: 'Is the Alfama 20 pendant dimmable?' },
      { id: 'model-b', en: 'Is the Alfama 40 pendant dimmable?' },
    ]);
    const asked = 'is the alfama pendant dimmable';
    const [list] = await models.handle({ text: asked, locale: 'en', history: [], agentsAvailable: true });
    expect(list).toMatchObject({ unanswered: 'suggested' });
    const ids = list?.kind === 'reply' ? (list.suggestedEntryIds ?? []) : [];
    expect(ids.slice(0, 2).sort()).toEqual(['model-a', 'model-b']);
    for (const [index, id] of ids.slice(0, 2).entries()) {
      const label = list?.kind === 'reply' ? (list.quickReplies?.[index] ?? '') : '';
      const history: TranscriptLine[] = [
        { author: 'visitor', text: asked },
        { author: 'bot', text: list?.kind === 'reply' ? list.text : '' },
      ];
      expect(await models.handle({ text: label, locale: 'en', history, agentsAvailable: true })).toMatchObject([{ kind: 'reply', entryId: id }]);
    }
  });

  it("a question that also holds another entry's words answers its own entry", async () => {
    const { bot: both } = withModels([{ id: 'brazil-cost', en: 'Do you ship to Brazil and how much does it cost?' }]);
    const [reply] = await both.handle({ text: 'Do you ship to Brazil and how much does it cost?', locale: 'en', history: [], agentsAvailable: true });
    expect(reply).toMatchObject({ kind: 'reply', entryId: 'brazil-cost', confidence: 1 });
  });

  it("keeps each language's site synonyms to that language (English \"parcel\" is not Portuguese \"parcela\")", async () => {
    const [reply] = await ask('package?', 'pt-BR');
    expect(reply?.kind === 'reply' ? reply.entryId : undefined).not.toBe('payment-methods');
  });
});
