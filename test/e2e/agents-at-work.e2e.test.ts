import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoServer } from '../../demo-site/server';
import { hashPassword } from '../../server/security/password';
import { createAgent } from '../../server/store/agents';
import { ADMIN_PASSWORD, type TestPonte } from '../support/ponte';
import { AgentConsole } from './pages/agent';
import { VisitorPage } from './pages/visitor';
import { type Stack, startStack } from './stack';

let stack: Stack;
let ponte: TestPonte;
let demo: DemoServer;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  // Offers must not lapse while the test clicks; one chat at a time per agent, so a queue forms.
  stack = await startStack({ offerTimeoutMs: 120_000 });
  ({ ponte, demo, browser } = stack);
  await createAgent(ponte.db, { email: 'bea@example.com', name: 'Bea', passwordHash: await hashPassword('bea-password-1', 1024), role: 'agent' }, new Date());
  await ponte.db.updateTable('agents').set({ capacity: 1 }).execute();
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await stack?.stop();
});

async function page() {
  const context = await browser.newContext();
  contexts.push(context);
  return context.newPage();
}

/** Accepts the chat the router offered to this agent; returns the offer's preview text. */
async function acceptOffer(agent: AgentConsole): Promise<string> {
  const offer = agent.section('Queue').getByRole('listitem').filter({ hasText: 'Offered to you' }).first();
  await offer.waitFor({ state: 'visible', timeout: 10_000 });
  const text = await offer.innerText();
  await offer.getByRole('button', { name: 'Accept', exact: true }).click();
  return text;
}

describe('two agents, three visitors (Chromium)', () => {
  it('auto-assigns, updates queue positions in the widget, transfers, and keeps internal notes internal', async () => {
    const admin = new AgentConsole(await page());
    const bea = new AgentConsole(await page());
    await admin.signIn(ponte.url, 'admin@example.com', ADMIN_PASSWORD);
    await bea.signIn(ponte.url, 'bea@example.com', 'bea-password-1');
    await admin.section('Queue').waitFor();
    await bea.section('Queue').waitFor();

    const visitors: VisitorPage[] = [];
    for (const n of ['one', 'two', 'three']) {
      const visitor = new VisitorPage(await page());
      await visitor.goto(demo.url);
      await visitor.launcher().click();
      await visitor.say('I want to talk to a human');
      await visitor.sees('You’re in the queue');
      // Visitors can keep writing while they wait; the agent sees it all.
      await visitor.say(`Visitor ${n} here, still waiting`);
      visitors.push(visitor);
    }
    const [v1, v2, v3] = visitors as [VisitorPage, VisitorPage, VisitorPage];
    await v3.chat.getByRole('status').filter({ hasText: /number 3 in the queue/ }).waitFor({ timeout: 10_000 });

    // Each agent has room for one chat: the first two visitors are offered, one to each.
    const offers = await Promise.all([acceptOffer(admin), acceptOffer(bea)]);
    const adminGot = offers[0].includes('Visitor one') ? v1 : v2;
    const beaGot = adminGot === v1 ? v2 : v1;
    expect(offers.some((o) => o.includes('Visitor one'))).toBe(true);
    expect(offers.some((o) => o.includes('Visitor two'))).toBe(true);
    await adminGot.sees('Admin joined the chat');
    await beaGot.sees('Bea joined the chat');

    // The third visitor moves up as the queue drains.
    await v3.chat.getByRole('status').filter({ hasText: /You.re next/ }).waitFor({ timeout: 10_000 });

    // An internal note: the agent's team sees it, the visitor never does.
    const adminChat = admin.section('My chats').getByRole('button').first();
    await adminChat.click();
    await admin.page.getByRole('tab', { name: 'Note', exact: true }).click();
    await admin.page.getByRole('textbox', { name: 'Internal note', exact: true }).fill('VIP customer: refund already approved');
    await admin.page.getByRole('button', { name: 'Add note', exact: true }).click();
    await admin.sees('VIP customer: refund already approved');

    // Admin transfers the chat to Bea with a note for her.
    await admin.page.getByRole('tab', { name: 'Reply', exact: true }).click();
    await admin.reply('Let me pass you to my colleague Bea.');
    await adminGot.sees('Let me pass you to my colleague Bea.');
    await admin.page.getByRole('main').getByRole('button', { name: 'Transfer', exact: true }).click();
    const dialog = admin.page.getByRole('dialog');
    await dialog.getByRole('radio', { name: /Bea/ }).check();
    await dialog.getByRole('textbox', { name: /Note for them/ }).fill('Wants the refund confirmed by e-mail');
    await dialog.getByRole('button', { name: 'Transfer', exact: true }).click();
    await adminGot.sees('Bea joined the chat');

    // Bea now has both chats, with the whole transcript and the notes.
    await bea.section('My chats').getByRole('button').filter({ hasText: 'Let me pass you' }).click();
    await bea.sees('Visitor');
    await bea.sees('VIP customer: refund already approved');
    await bea.sees('Wants the refund confirmed by e-mail');
    await bea.reply('Hi, Bea here. Your refund is confirmed.');
    await adminGot.sees('Hi, Bea here. Your refund is confirmed.');

    for (const visitor of visitors) {
      const text = await visitor.chat.locator('body').innerText();
      expect(text).not.toContain('VIP customer');
      expect(text).not.toContain('Wants the refund');
    }
  });
});
