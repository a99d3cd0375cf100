import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKnowledgeBase } from '../../bot/knowledge-base';
import type { DemoServer } from '../../demo-site/server';
import { ADMIN_PASSWORD, type TestPonte } from '../support/ponte';
import { AgentConsole } from './pages/agent';
import { VisitorPage } from './pages/visitor';
import { DEMO_KB_TEXT, type Stack, startStack } from './stack';

const kb = parseKnowledgeBase(DEMO_KB_TEXT);
const answer = (id: string, locale: 'en' | 'pt-BR' | 'es') => {
  const text = kb.entries.find((e) => e.id === id)?.answer?.[locale];
  if (text === undefined) throw new Error(`demo KB has no ${locale} answer for ${id}`);
  // The widget renders the answer as text; compare on its first line.
  return text.split('\n')[0]?.trim() ?? text;
};

let stack: Stack;
let ponte: TestPonte;
let demo: DemoServer;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack();
  ({ ponte, demo, browser } = stack);
});

afterAll(async () => {
  await stack?.stop();
});

describe('a visitor on the demo shop reaches a live agent (Chromium)', () => {
  it('greets, answers from the knowledge base, queues, connects to an agent, closes, and survives a reload', async () => {
    const visitorContext = await browser.newContext({ locale: 'en-US' });
    const agentContext = await browser.newContext();
    const visitor = new VisitorPage(await visitorContext.newPage());
    const agent = new AgentConsole(await agentContext.newPage());

    // An agent is online, so the bot hands over to the queue (not the "we'll write back" offer).
    await agent.signIn(ponte.url, 'admin@example.com', ADMIN_PASSWORD);
    await agent.section('Queue').waitFor();

    await visitor.goto(demo.url);
    const clickedAt = Date.now();
    await visitor.launcher().click();
    await visitor.sees(kb.greeting.en ?? '');
    const greetingMs = Date.now() - clickedAt;
    console.info(`[e2e] launcher click → greeting visible: ${greetingMs} ms`);

    await visitor.say('wat are yuor openin hours');
    await visitor.sees(answer('opening-hours', 'en'));

    await visitor.say('I want to talk to a human');
    await visitor.sees(kb.handoff.en ?? '');
    await visitor.sees('You’re in the queue');

    // The queue shows the latest line: the bot's handoff message.
    const item = await agent.queued((kb.handoff.en ?? '').slice(0, 30));
    await item.click();
    await agent.sees('wat are yuor openin hours');
    await agent.sees(answer('opening-hours', 'en'));
    await agent.accept();
    await visitor.sees('Admin joined the chat');

    await agent.reply('Hi! Admin here. <b>How</b> can I help?');
    await visitor.sees('Hi! Admin here. <b>How</b> can I help?');
    await visitor.say('My order 1042 has not arrived');
    await agent.sees('My order 1042 has not arrived');
    // Told in the live chat, long after the handoff: the side panel has it at once.
    await agent.seesDetail('Order number', '1042');

    await agent.close();
    await visitor.sees('The conversation was closed');

    // Reload, then another page of the shop: the conversation is still there, once.
    await visitor.page.reload();
    await visitor.page.goto(`${demo.url}/products.html`);
    // The panel was open, so it reopens by itself on the next page.
    await visitor.launcher('Close chat').waitFor({ state: 'visible' });
    await visitor.sees('My order 1042 has not arrived');
    expect(await visitor.count('My order 1042 has not arrived')).toBe(1);
    expect(await visitor.count('Hi! Admin here. <b>How</b> can I help?')).toBe(1);

    await visitorContext.close();
    await agentContext.close();
  });

  it('follows the page language: Portuguese and Spanish visitors are greeted and answered in theirs', async () => {
    for (const [lang, question, id, launcherName] of [
      ['pt-BR', 'quanto custa o frete', 'shipping-cost', 'Abrir chat'],
      ['es', '¿hacen envios a Portugal?', 'shipping-destinations', 'Abrir chat'],
    ] as const) {
      const context = await browser.newContext({ locale: 'en-US' });
      const visitor = new VisitorPage(await context.newPage());
      await visitor.goto(`${demo.url}/?lang=${lang}`);
      await visitor.launcher(launcherName).click();
      await visitor.sees(kb.greeting[lang] ?? '');
      await visitor.messageBox(lang === 'pt-BR' ? 'Mensagem' : 'Mensaje').fill(question);
      await visitor.messageBox(lang === 'pt-BR' ? 'Mensagem' : 'Mensaje').press('Enter');
      await visitor.sees(answer(id, lang));
      await context.close();
    }
  });
});
