import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BUSINESS_HOURS } from '../../server/domain/schedule';
import { t } from '../../widget/app/i18n';
import { TestClient, messageFrom, statusTo } from '../support/client';
import { DEMO_KB } from '../support/demo-kb';
import { signIn, startTestPonte, type TestPonte } from '../support/ponte';

/**
 * What the bot says when nobody can take the chat must match what the site offers: a call back
 * only when one can be booked; otherwise (the "Leave a message" appearance, or callbacks off in
 * the site's hours) the knowledge base's `leaveMessage`, and no "Book a call back" flag.
 */
describe('the bot with nobody online, by what the site offers', () => {
  let ponte: TestPonte;
  let admin: string;
  beforeAll(async () => {
    ponte = await startTestPonte();
    admin = await signIn(ponte.url);
  });
  afterAll(async () => {
    await ponte.stop();
  });

  async function send(method: string, path: string, body: unknown): Promise<Record<string, unknown>> {
    const res = await fetch(`${ponte.url}${path}`, {
      method,
      headers: { cookie: admin, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as Record<string, unknown>;
    expect(res.status, JSON.stringify(json)).toBeLessThan(300);
    return json;
  }
  const setMode = (siteKey: string, whenUnavailable: 'callback' | 'message') =>
    send('PATCH', `/api/sites/${siteKey}`, { appearance: { whenUnavailable } });
  const setCallbacks = (enabled: boolean) =>
    send('PUT', '/api/sites/demo/hours', { ...DEFAULT_BUSINESS_HOURS, callback: { ...DEFAULT_BUSINESS_HOURS.callback, enabled } });

  /** A visitor who asks for a person (typed, or with the button) and what the bot answers before the queue. */
  async function askForAPerson(options: { locale: 'en' | 'pt-BR' | 'es'; how: 'typed' | 'button'; siteKey?: string; hostOrigin?: string }) {
    const { client } = await TestClient.visitor(ponte.url, {
      locale: options.locale,
      ...(options.siteKey === undefined ? {} : { siteKey: options.siteKey }),
      ...(options.hostOrigin === undefined ? {} : { hostOrigin: options.hostOrigin }),
    });
    if (options.how === 'button') client.send({ type: 'handoff.request' });
    else client.send({ type: 'message.send', clientMsgId: 'ask-1', text: options.locale === 'es' ? 'quiero hablar con una persona' : 'I want to talk to a human' });
    const said = (await client.next(messageFrom('bot'))).message;
    const queued = (await client.next(statusTo('queued'))).message;
    await client.close();
    return { said, queued };
  }

  it('in "Leave a message" mode says the leave-a-message words, with no call-back offer', async () => {
    await setCallbacks(true);
    await setMode('demo', 'message');
    const typed = await askForAPerson({ locale: 'en', how: 'typed' });
    expect(typed.said.text).toBe(DEMO_KB.leaveMessage.en);
    expect(typed.said.offerCallback).toBeUndefined();
    expect(typed.queued.event?.reason).toMatch(/asked to leave a message/);
    expect(typed.queued.event?.reason).not.toMatch(/call back/);

    const button = await askForAPerson({ locale: 'es', how: 'button' });
    expect(button.said.text).toBe(DEMO_KB.leaveMessage.es);
    expect(button.said.offerCallback).toBeUndefined();
    // The widget's queue line for this code says "they'll reply right here": true in both modes.
    expect(button.queued.event?.code).toBe('callback_offered');
  });

  it('in call-back mode says the call-back words and flags the offer', async () => {
    await setCallbacks(true);
    await setMode('demo', 'callback');
    const typed = await askForAPerson({ locale: 'en', how: 'typed' });
    expect(typed.said).toMatchObject({ text: DEMO_KB.callbackOffer.en, offerCallback: true });
    expect(typed.queued.event?.reason).toMatch(/offered a call back/);
    const button = await askForAPerson({ locale: 'es', how: 'button' });
    expect(button.said).toMatchObject({ text: DEMO_KB.callbackOffer.es, offerCallback: true });
  });

  it('with callbacks off in the hours, says the leave-a-message words even in call-back mode', async () => {
    await setMode('demo', 'callback');
    await setCallbacks(false);
    try {
      for (const how of ['typed', 'button'] as const) {
        const { said } = await askForAPerson({ locale: 'en', how });
        expect(said.text).toBe(DEMO_KB.leaveMessage.en);
        expect(said.offerCallback).toBeUndefined();
      }
    } finally {
      await setCallbacks(true);
    }
  });

  it("a site that keeps the default words says in the chat what the widget's banner says", async () => {
    const created = await send('POST', '/api/sites', { name: 'Quiet Shop', allowedOrigins: ['http://quiet.test'] });
    const siteKey = String(created.key);
    await setMode(siteKey, 'message');
    for (const locale of ['en', 'pt-BR', 'es'] as const) {
      const { said } = await askForAPerson({ locale, how: 'button', siteKey, hostOrigin: 'http://quiet.test' });
      expect(said.text).toBe(t(locale, 'leaveMessage'));
      expect(said.offerCallback).toBeUndefined();
    }
  });

  it('takes the words from the knowledge base as published now, for a visitor already chatting', async () => {
    const created = await send('POST', '/api/sites', { name: 'Loud Shop', allowedOrigins: ['http://loud.test'] });
    const siteKey = String(created.key);
    await setMode(siteKey, 'message');
    const { client } = await TestClient.visitor(ponte.url, { siteKey, hostOrigin: 'http://loud.test', locale: 'pt-BR' });
    const kbUrl = `${ponte.url}/api/sites/${siteKey}/knowledge-base`;
    const yaml = await (await fetch(kbUrl, { headers: { cookie: admin } })).text();
    const own = 'leaveMessage:\n  en: "Write to us here."\n  pt-BR: "Escreva para nós aqui."\n  es: "Escríbenos aquí."\n';
    const put = await fetch(kbUrl, { method: 'PUT', headers: { cookie: admin, 'content-type': 'text/yaml' }, body: `${yaml}\n${own}` });
    expect(put.status, await put.text()).toBe(200);
    client.send({ type: 'handoff.request' });
    expect((await client.next(messageFrom('bot'))).message.text).toBe('Escreva para nós aqui.');
    await client.close();
  });
});
