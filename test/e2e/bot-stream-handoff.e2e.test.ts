import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LLM_DEFAULTS } from '../../bot/llm/config';
import { type FakeOpenAI, startFakeOpenAI } from '../../bot/llm/fake-openai';
import type { DemoServer } from '../../demo-site/server';
import { ADMIN_PASSWORD, type TestPonte } from '../support/ponte';
import { AgentConsole } from './pages/agent';
import { VisitorPage } from './pages/visitor';
import { type Stack, startStack } from './stack';

// Several held-back windows long (bot/llm/stream-window.ts HOLD_BACK_CHARS), so the first words
// show while a good part of the answer (and its last words) is still to come.
const PIECES = [
  'We open ',
  'Monday to Saturday, ',
  'from 9:00 ',
  'to 18:00, ',
  'showroom and chat alike. ',
  'Outside those hours ',
  'you can leave us a message here ',
  'and we answer it ',
  'the next working day, ',
  'Lisbon time.',
];
const ANSWER = PIECES.join('');
const SUMMARY = 'Ana asked about opening hours, got them, then asked for a person.';

let llm: FakeOpenAI;
let stack: Stack;
let ponte: TestPonte;
let demo: DemoServer;
let browser: Browser;

beforeAll(async () => {
  // Streamed answers come slowly enough to be seen in pieces; the summary request is plain JSON.
  llm = await startFakeOpenAI((body) =>
    body.stream === true
      ? { kind: 'text', pieces: PIECES, gapMs: 400 }
      : { kind: 'text', pieces: [JSON.stringify({ summary: SUMMARY, facts: { name: 'Ana' } })] },
  );
  stack = await startStack({
    llm: { ...LLM_DEFAULTS, apiKey: 'test-key', baseURL: llm.url, timeoutMs: 5000, totalTimeoutMs: 10000, summaryTimeoutMs: 5000 },
  });
  ({ ponte, demo, browser } = stack);
});

afterAll(async () => {
  await stack?.stop();
  await llm?.close();
});

describe('LLM mode in the browser (OpenAI-compatible server on loopback)', () => {
  it('streams an answer into the widget, then hands off with a summary the agent sees', async () => {
    const agentContext = await browser.newContext();
    const visitorContext = await browser.newContext();
    const agent = new AgentConsole(await agentContext.newPage());
    const visitor = new VisitorPage(await visitorContext.newPage());
    await agent.signIn(ponte.url, 'admin@example.com', ADMIN_PASSWORD);
    await agent.section('Queue').waitFor();

    await visitor.goto(demo.url);
    await visitor.launcher().click();
    await visitor.say('Hi, my name is Ana. What are your opening hours?');
    // The first words are on screen while the rest is still being written.
    await visitor.sees('We open Monday to Saturday');
    const partial = await visitor.chat.getByRole('log').innerText();
    expect(partial).not.toContain('Lisbon time');
    await visitor.sees('the next working day, Lisbon time.');
    expect(await visitor.count(ANSWER)).toBe(1);

    await visitor.say('I want to talk to a human');
    await visitor.sees('You’re in the queue');
    await (await agent.queued('passing you to a person')).click();
    await agent.sees(SUMMARY);
    await agent.sees('Ana');
    await agent.seesDetail('Name', 'Ana');
    await agent.sees('asked for a person');

    await visitorContext.close();
    await agentContext.close();
  });
});
