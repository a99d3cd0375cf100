import type { Browser } from 'playwright-core';
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

beforeAll(async () => {
  stack = await startStack();
  ({ ponte, demo, browser } = stack);
});

afterAll(async () => {
  await stack?.stop();
});

describe('the widget keeps its promise on bad networks (Chromium)', () => {
  it('queues messages typed offline and delivers both once, in order, when the network is back', async () => {
    const visitorContext = await browser.newContext();
    const agentContext = await browser.newContext();
    const visitor = new VisitorPage(await visitorContext.newPage());
    const agent = new AgentConsole(await agentContext.newPage());

    await agent.signIn(ponte.url, 'admin@example.com', ADMIN_PASSWORD);
    await agent.section('Queue').waitFor();
    await visitor.goto(demo.url);
    await visitor.launcher().click();
    await visitor.say('I want to talk to a human');
    await visitor.sees('You’re in the queue');
    await (await agent.queued('passing you to a person')).click();
    await agent.accept();
    await visitor.sees('Admin joined the chat');

    await visitorContext.setOffline(true);
    await visitor.chat.getByText(/offline/i).first().waitFor({ state: 'visible', timeout: 10_000 });
    await visitor.say('first message while offline');
    await visitor.say('second message while offline');
    await visitor.sees('second message while offline');
    await visitorContext.setOffline(false);

    await agent.sees('second message while offline');
    const transcript = await agent.transcript().innerText();
    const first = transcript.indexOf('first message while offline');
    const second = transcript.indexOf('second message while offline');
    expect(first).toBeGreaterThan(-1);
    expect(second).toBeGreaterThan(first);
    expect(transcript.split('first message while offline')).toHaveLength(2);
    expect(transcript.split('second message while offline')).toHaveLength(2);
    const stored = await ponte.db.selectFrom('messages').select('text').where('text', 'like', '%while offline').execute();
    expect(stored.map((m) => m.text)).toEqual(['first message while offline', 'second message while offline']);

    await visitorContext.close();
    await agentContext.close();
  });

  it('falls back to SSE + POST when WebSockets are blocked, with the same conversation', async () => {
    const context = await browser.newContext();
    let blocked = 0;
    await context.routeWebSocket(/\/ws$/, (ws) => {
      blocked += 1;
      // Like a proxy that refuses the upgrade: never reach the server.
      void ws.close({ code: 1006, reason: 'blocked' }).catch(() => ws.close());
    });
    const visitor = new VisitorPage(await context.newPage());
    await visitor.goto(demo.url);
    await visitor.launcher().click();
    await visitor.say('what are your opening hours?');
    await visitor.sees('Lumen');
    expect(blocked).toBeGreaterThan(0);
    const stored = await ponte.db.selectFrom('messages').select('text').where('text', '=', 'what are your opening hours?').execute();
    expect(stored).toEqual([{ text: 'what are your opening hours?' }]);
    await context.close();
  });
});
