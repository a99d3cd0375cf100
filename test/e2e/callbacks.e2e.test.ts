import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoServer } from '../../demo-site/server';
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
  stack = await startStack();
  ({ ponte, demo, browser } = stack);
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await stack?.stop();
});

describe('a callback booked outside business hours (Chromium)', () => {
  it('the visitor books a call in their own time zone; the agent sees it with the transcript and records the outcome', async () => {
    const agentContext = await browser.newContext({ timezoneId: 'Europe/Lisbon' });
    const visitorContext = await browser.newContext({ timezoneId: 'America/Sao_Paulo', acceptDownloads: true });
    contexts.push(agentContext, visitorContext);
    const agent = new AgentConsole(await agentContext.newPage());
    await agent.signIn(ponte.url, 'admin@example.com', ADMIN_PASSWORD);
    await agent.section('Queue').waitFor();

    // The admin closes today: a holiday in the site's zone (UTC, the default); every other day stays open.
    await agent.page.getByRole('button', { name: 'Business hours', exact: true }).click();
    const hours = agent.page.getByRole('dialog', { name: 'Business hours' });
    await hours.getByLabel('Time zone', { exact: true }).waitFor();
    expect(await hours.getByLabel('Time zone', { exact: true }).inputValue()).toBe('UTC');
    await hours.getByRole('button', { name: 'Add a holiday', exact: true }).click();
    await hours.getByLabel('Holiday 1', { exact: true }).fill(new Date().toISOString().slice(0, 10));
    await hours.getByRole('button', { name: 'Save hours', exact: true }).click();
    await hours.getByRole('status').filter({ hasText: 'Saved' }).waitFor({ timeout: 10_000 });
    expect((await ponte.availability.hoursFor('demo')).holidays).toEqual([new Date().toISOString().slice(0, 10)]);
    await hours.getByRole('button', { name: 'Close dialog', exact: true }).click();

    const visitor = new VisitorPage(await visitorContext.newPage());
    await visitor.goto(demo.url);
    await visitor.launcher().click();
    await visitor.say('My lamp arrived broken, I want to talk to a human');
    // Closed today: the bot says so in the site's words and offers the call back.
    await visitor.sees('Book a call back at a time that suits you');
    await visitor.chat.getByRole('button', { name: 'Book a call back' }).first().click();

    // Times are shown in the visitor's zone, and the zone is named.
    await visitor.chat.getByText(/Sao_Paulo|Brasília|Brasilia/).first().waitFor({ timeout: 10_000 });
    const firstTime = visitor.chat.getByRole('group', { name: 'Time' }).getByRole('radio').first();
    await firstTime.waitFor({ timeout: 10_000 });
    const chosenStart = await firstTime.getAttribute('value');
    await firstTime.check();
    await visitor.chat.getByLabel('Country').selectOption('PT');
    await visitor.chat.getByLabel('Phone number').fill('not a phone');
    await visitor.chat.getByRole('button', { name: 'Book call' }).click();
    // The server's check comes back next to the field; nothing is booked.
    await visitor.chat.getByRole('alert').filter({ hasText: /phone number/i }).first().waitFor({ timeout: 10_000 });
    expect(await ponte.db.selectFrom('callbacks').selectAll().execute()).toEqual([]);

    await visitor.chat.getByLabel('Phone number').fill('912 345 678');
    await visitor.chat.getByLabel('Note (optional)').fill('Mornings are best');
    await visitor.chat.getByRole('button', { name: 'Book call' }).click();
    await visitor.chat.getByText('Call booked').first().waitFor({ timeout: 10_000 });
    await visitor.chat.getByText('+351 912 345 678').first().waitFor();
    const calendar = visitor.chat.getByRole('link', { name: 'Add to calendar' });
    expect(await calendar.getAttribute('download')).toMatch(/\.ics$/);
    expect(await calendar.getAttribute('href')).toMatch(/^blob:/);

    const [stored] = await ponte.db.selectFrom('callbacks').selectAll().execute();
    expect(stored).toMatchObject({ state: 'booked', slot_start: chosenStart, phone_e164: '+351912345678', note: 'Mornings are best', time_zone: 'America/Sao_Paulo' });

    // The agent: Callbacks view, the booking (tomorrow or later), the whole transcript, claim, outcome.
    await agent.page.getByRole('tab', { name: 'Callbacks', exact: true }).click();
    const row = agent.page.getByRole('region', { name: 'Upcoming' }).getByRole('button', { name: /\+351 912 345 678/ });
    await row.waitFor({ timeout: 10_000 });
    await row.click();
    await agent.sees('My lamp arrived broken, I want to talk to a human');
    await agent.page.getByRole('button', { name: 'Claim call', exact: true }).click();
    await agent.page.getByLabel('Call note').fill('Sending a replacement lamp');
    await agent.page.getByRole('button', { name: 'Reached', exact: true }).click();

    await expect.poll(async () => (await ponte.db.selectFrom('callbacks').select(['state', 'outcome']).executeTakeFirst()) ?? null, { timeout: 10_000 }).toEqual({
      state: 'done',
      outcome: 'reached',
    });
    const note = await ponte.db.selectFrom('notes').select('text').where('conversation_id', '=', stored!.conversation_id).executeTakeFirst();
    expect(note?.text).toContain('Sending a replacement lamp');
    await visitor.sees('The call back is finished');
    // The conversation is closed, and the customer's record keeps the call beside it.
    const conversation = await ponte.db.selectFrom('conversations').select('status').where('id', '=', stored!.conversation_id).executeTakeFirstOrThrow();
    expect(conversation.status).toBe('closed');
  });
});
