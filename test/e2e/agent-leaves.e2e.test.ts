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
  // A short grace, so "the console has been gone a while" takes half a second here.
  stack = await startStack({ presenceGraceMs: 500, offerTimeoutMs: 120_000 });
  ({ ponte, demo, browser } = stack);
  await createAgent(ponte.db, { email: 'ana@example.com', name: 'Ana', passwordHash: await hashPassword('ana-password-1', 1024), role: 'agent' }, new Date());
});

afterAll(async () => {
  for (const context of contexts) await context.close();
  await stack?.stop();
});

async function context() {
  const created = await browser.newContext();
  contexts.push(created);
  return created;
}

describe('an agent who closes the console mid-chat (Chromium)', () => {
  it('tells the visitor who stepped away and what comes next, and the next agent why', async () => {
    const anaContext = await context();
    const ana = new AgentConsole(await anaContext.newPage());
    await ana.signIn(ponte.url, 'ana@example.com', 'ana-password-1');
    await ana.section('Queue').waitFor();

    const visitor = new VisitorPage(await (await context()).newPage());
    await visitor.goto(demo.url);
    await visitor.launcher().click();
    await visitor.say('I want to talk to a human');
    await visitor.sees('You’re in the queue');
    await visitor.say('My order 1234 has not arrived');

    const offer = ana.section('Queue').getByRole('listitem').filter({ hasText: 'Offered to you' }).first();
    await offer.getByRole('button', { name: 'Accept', exact: true }).click({ timeout: 10_000 });
    await visitor.sees('Ana joined the chat');

    // Ana's console goes away (closed tab, lost laptop) for longer than the grace period.
    await anaContext.close();
    await visitor.sees('Ana had to step away. You’re back in the queue, and the next person will pick up right here — nothing you wrote is lost.');
    await visitor.chat.locator('header').getByText('Waiting for a person', { exact: true }).waitFor({ timeout: 5_000 });
    // What the visitor wrote is still there, and the plain queue line was not repeated.
    await visitor.sees('My order 1234 has not arrived');
    expect(await visitor.count('You’re in the queue — a person will reply here soon.')).toBe(1);

    const admin = new AgentConsole(await (await context()).newPage());
    await admin.signIn(ponte.url, 'admin@example.com', ADMIN_PASSWORD);
    await (await admin.queued('My order 1234')).click();
    await admin.sees('Ana went offline; back in the queue, at the front');
  });
});
