import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKnowledgeBase } from '../../bot/knowledge-base';
import type { DemoServer } from '../../demo-site/server';
import { VisitorPage } from './pages/visitor';
import { DEMO_KB_TEXT, type Stack, startStack } from './stack';

// Issue 13: when the bot is unsure which entry a question means, it asks instead of guessing,
// and pressing one of the offered questions answers it.
const kb = parseKnowledgeBase(DEMO_KB_TEXT);
const entry = (id: string) => {
  const found = kb.entries.find((e) => e.id === id);
  if (found === undefined) throw new Error(`demo KB has no entry ${id}`);
  return found;
};
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

/** axe-core's serious and critical violations in the chat, as "rule: target" lines. */
async function seriousViolations(frame: Frame): Promise<string[]> {
  // Judge the settled screen: a message still fading in has, for that moment, too little contrast.
  // (Endless ones, a spinner or the typing dots, never finish: left out.)
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

describe('"Did you mean…?" in the widget (Chromium)', () => {
  it.each([
    { locale: 'en' as const, browserLocale: 'en-US', question: 'shipping to france, price and time?', pick: 'shipping-cost' },
    { locale: 'pt-BR' as const, browserLocale: 'pt-BR', question: 'frete pra frança, preço e prazo?', pick: 'shipping-cost' },
    { locale: 'es' as const, browserLocale: 'es-ES', question: 'envío a Francia, precio y plazo?', pick: 'shipping-cost' },
  ])('$locale: offers the closest questions as buttons; pressing one by keyboard answers it', async ({ locale, browserLocale, question, pick }) => {
    const context = await browser.newContext({ locale: browserLocale, viewport: { width: 320, height: 640 } });
    const page = await context.newPage();
    const visitor = new VisitorPage(page);
    await visitor.goto(demo.url);
    await page.getByRole('button').first().click();
    await visitor.chat.getByRole('textbox').first().waitFor();

    await visitor.chat.getByRole('textbox').first().fill(question);
    await visitor.chat.getByRole('textbox').first().press('Enter');
    await visitor.sees(kb.suggest[locale] ?? '');

    const label = entry(pick).questions[locale]?.[0] ?? '';
    const button = visitor.chat.getByRole('button', { name: label, exact: true });
    await button.waitFor({ state: 'visible' });
    // The list holds two or three questions and, last, a person.
    const chips = visitor.chat.locator('.quick-replies button');
    const count = await chips.count();
    expect(count).toBeGreaterThanOrEqual(3);
    expect(count).toBeLessThanOrEqual(4);

    expect(await seriousViolations(await chatFrame(page))).toEqual([]);

    await button.focus();
    await page.keyboard.press('Enter');
    const answer = entry(pick).answer?.[locale] ?? '';
    await visitor.sees(answer.split('\n')[0]?.slice(0, 60) ?? answer);
    // Answered: the list is gone, replaced by the answer's own buttons.
    await expect.poll(() => visitor.chat.getByRole('button', { name: label, exact: true }).count()).toBe(0);
    await context.close();
  });
});
