import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoServer } from '../../demo-site/server';
import { signIn } from '../support/ponte';
import { VisitorPage } from './pages/visitor';
import { type Stack, startStack } from './stack';

// Issue 14: an admin turns a site off while its visitor waits for a person. The open widget ends
// calmly: what was said stays readable, nothing says "waiting", and nothing can be typed or sent.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let stack: Stack;
let demo: DemoServer;
let browser: Browser;

beforeAll(async () => {
  stack = await startStack();
  ({ demo, browser } = stack);
});

afterAll(async () => {
  await stack?.stop();
});

async function chatFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('iframe[title="Chat"]');
  const frame = await handle.contentFrame();
  if (frame === null) throw new Error('the chat iframe has no frame');
  return frame;
}

async function seriousViolations(frame: Frame): Promise<string[]> {
  await frame.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((animation) => animation.effect?.getTiming().iterations !== Number.POSITIVE_INFINITY)
        .map((animation) => animation.finished),
    ),
  );
  await frame.evaluate(AXE_SOURCE);
  const results = await frame.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe;
    return axe.run(document);
  });
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${JSON.stringify(node.target)}`));
}

describe('a site turned off while its widget is open (Chromium)', () => {
  it('shows a calm end: the transcript read-only, the reason, no "waiting", no message box', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 360, height: 640 } });
    const page = await context.newPage();
    const visitor = new VisitorPage(page);
    await visitor.goto(demo.url);
    await visitor.launcher().click();
    await visitor.say('what are your opening hours?');
    await visitor.sees('what are your opening hours?');
    await visitor.chat.getByRole('button', { name: 'Talk to a person', exact: true }).click();
    await visitor.chat.getByText('Waiting for a person').waitFor();

    const admin = await signIn(stack.ponte.url);
    const res = await fetch(`${stack.ponte.url}/api/sites/demo`, {
      method: 'PATCH',
      headers: { cookie: admin, 'content-type': 'application/json' },
      body: JSON.stringify({ disabled: true }),
    });
    expect(res.status).toBe(200);

    await visitor.chat.getByRole('alert').filter({ hasText: 'The chat is turned off for this site.' }).waitFor();
    // What was said stays readable.
    await visitor.sees('what are your opening hours?');
    const header = visitor.chat.locator('header');
    await expect.poll(() => header.innerText()).not.toMatch(/waiting|next/i);
    expect(await visitor.chat.getByRole('status').allInnerTexts()).not.toContainEqual(expect.stringMatching(/next|waiting/i));
    expect(await visitor.messageBox().count()).toBe(0);
    expect(await visitor.chat.getByRole('button', { name: 'Send', exact: true }).count()).toBe(0);
    expect(await visitor.chat.getByRole('button', { name: 'Talk to a person', exact: true }).count()).toBe(0);
    // Quick replies (and any other button in the transcript) are gone.
    expect(await visitor.chat.getByRole('log').getByRole('button').count()).toBe(0);

    const closed = await stack.ponte.db.selectFrom('conversations').select('status').where('site_key', '=', 'demo').execute();
    expect(closed.map((c) => c.status)).toEqual(['closed']);
    expect(await seriousViolations(await chatFrame(page))).toEqual([]);
    await context.close();
  });
});
