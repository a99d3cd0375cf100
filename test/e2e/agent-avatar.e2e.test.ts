import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DemoServer } from '../../demo-site/server';
import { ADMIN_PASSWORD, type TestPonte } from '../support/ponte';
import { AgentConsole } from './pages/agent';
import { VisitorPage } from './pages/visitor';
import { type Stack, startStack } from './stack';

// Issue 14, part 6: the agent picks their avatar in Account; visitors see it beside the agent's name.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

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

async function chatFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('iframe[title="Chat"]');
  const frame = await handle.contentFrame();
  if (frame === null) throw new Error('the chat iframe has no frame');
  return frame;
}

/** axe-core's serious and critical violations in this frame (its own document only), as "rule: target" lines. */
async function seriousViolations(frame: Frame): Promise<string[]> {
  // Judge the settled screen: a message still fading in has, for that moment, too little contrast.
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
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe;
    return axe.run(document, { iframes: false });
  });
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${JSON.stringify(node.target)}`));
}

describe("the agent's avatar (Chromium)", () => {
  it('is uploaded in Account and shown to the visitor beside the agent’s name, at 320 px, without axe violations', async () => {
    const agentContext = await browser.newContext();
    const visitorContext = await browser.newContext({ locale: 'en-US', viewport: { width: 320, height: 640 } });
    try {
      const agent = new AgentConsole(await agentContext.newPage());
      const consolePage = agent.page;
      await agent.signIn(ponte.url, 'admin@example.com', ADMIN_PASSWORD);
      await agent.section('Queue').waitFor();

      // Account: a refused file says why, inline; a PNG is saved and previewed.
      await consolePage.getByRole('button', { name: 'Account', exact: true }).click();
      const account = consolePage.getByRole('dialog', { name: 'My account' });
      const picker = account.getByLabel('Your avatar', { exact: true });
      await picker.setInputFiles({ name: 'me.svg', mimeType: 'image/svg+xml', buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') });
      await account.getByText(/SVG and other files are not accepted/).waitFor();
      expect(await picker.getAttribute('aria-invalid')).toBe('true');
      await picker.setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: PNG });
      await account.getByText('Saved. Visitors see it beside your next message.').waitFor();
      const preview = account.getByRole('img', { name: 'Your current avatar', exact: true });
      await preview.waitFor();
      const avatar = await preview.getAttribute('src');
      expect(avatar).toMatch(/^\/avatars\/[0-9a-f]{64}\.png$/);
      await account.getByRole('button', { name: 'Remove avatar', exact: true }).waitFor();
      expect(await seriousViolations(consolePage.mainFrame())).toEqual([]);
      await consolePage.keyboard.press('Escape');

      const visitorPage = await visitorContext.newPage();
      const visitor = new VisitorPage(visitorPage);
      await visitor.goto(demo.url);
      await visitor.launcher().click();
      await visitor.say('I want to talk to a human');
      await visitor.sees('You’re in the queue');

      const item = await agent.queued('Visitor #');
      await item.click();
      await agent.accept();
      await visitor.sees('Admin joined the chat');
      await agent.reply('Hello, Admin here.');
      await visitor.sees('Hello, Admin here.');

      // Beside the name: the uploaded picture, loaded, 24 px, on the name's line; decorative (the name is the text).
      const row = visitor.chat.locator('.row.from-agent').filter({ hasText: 'Hello, Admin here.' });
      const author = row.locator('.author');
      const image = author.locator('img');
      await image.waitFor();
      expect(await author.textContent()).toBe('Admin');
      expect(await image.getAttribute('alt')).toBe('');
      expect(await image.getAttribute('src')).toBe(avatar);
      await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
      // Measured in one go, once the message has finished rising in.
      const frame = await chatFrame(visitorPage);
      await frame.evaluate(() => Promise.all(document.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Number.POSITIVE_INFINITY).map((a) => a.finished)));
      const layout = await author.evaluate((line) => {
        const img = line.querySelector('img')?.getBoundingClientRect();
        const box = line.getBoundingClientRect();
        const log = line.closest('[role="log"]');
        return {
          width: img?.width,
          height: img?.height,
          onTheLine: img !== undefined && img.top >= box.top && img.bottom <= box.bottom,
          // Holds at 320 px: nothing in the log is wider than the log.
          fits: log !== null && log.scrollWidth <= log.clientWidth,
        };
      });
      expect(layout).toEqual({ width: 24, height: 24, onTheLine: true, fits: true });
      expect(await seriousViolations(frame)).toEqual([]);
    } finally {
      await Promise.all([agentContext.close(), visitorContext.close()]);
    }
  });
});
