import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locale } from '../../protocol/codes';
import { type DemoServer, startDemoServer } from '../../demo-site/server';
import { signIn } from '../support/ponte';
import { type Stack, startStack } from './stack';

// The header on a 320 px phone (the frame is full screen there), with an avatar and the longest team
// name a site may set: nothing the visitor needs is cut, squeezed or pushed off-screen.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TEAM_NAME = 'Acme Customer Happiness and Returns Department of Lisbon Ltd'; // 60 characters, the maximum
const WIDTH = 320;
// A 1×1 PNG: what a marketer uploads as the team's avatar.
const AVATAR_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);

const WORDS: Record<Locale, { handoff: string; close: string; queued: string }> = {
  en: { handoff: 'Talk to a person', close: 'Close chat', queued: 'Waiting for a person' },
  'pt-BR': { handoff: 'Falar com uma pessoa', close: 'Fechar chat', queued: 'Aguardando uma pessoa' },
  es: { handoff: 'Hablar con una persona', close: 'Cerrar chat', queued: 'Esperando a una persona' },
};

let stack: Stack;
let acme: DemoServer;
let siteKey: string;
let admin: string;

async function api(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${stack.ponte.url}${path}`, {
    method,
    headers: { cookie: admin, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

beforeAll(async () => {
  stack = await startStack();
  admin = await signIn(stack.ponte.url);
  const created = await api('POST', '/api/sites', { name: 'Acme', allowedOrigins: ['http://placeholder.test'] });
  siteKey = String(created.key);
  acme = await startDemoServer({ port: 0, relayUrl: stack.ponte.url, siteKey });
  await api('PATCH', `/api/sites/${siteKey}`, {
    allowedOrigins: [new URL(acme.url).origin],
    appearance: { teamName: TEAM_NAME, languages: ['en', 'pt-BR', 'es'] },
  });
  const upload = await fetch(`${stack.ponte.url}/api/sites/${siteKey}/avatar`, {
    method: 'PUT',
    headers: { cookie: admin, 'content-type': 'image/png' },
    body: new Blob([new Uint8Array(AVATAR_PNG)]),
  });
  expect(upload.status).toBe(200);
});

afterAll(async () => {
  await acme?.close();
  await stack?.stop();
});

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What a person at 320 px meets in the header, measured in the frame (which fills the viewport). */
async function measure(chat: FrameLocator, words: (typeof WORDS)[Locale], withHandoff: boolean) {
  const close = await chat.getByRole('button', { name: words.close, exact: true }).boundingBox();
  const title = chat.getByRole('heading', { level: 1 });
  const handoff = withHandoff ? chat.getByRole('button', { name: words.handoff, exact: true }) : null;
  const handoffBox = handoff ? await handoff.boundingBox() : null;
  // Fully visible: its text is not clipped, and nothing lies on top of it (hit-tested at its centre).
  const handoffClear = handoff
    ? await handoff.evaluate((el) => {
        const r = el.getBoundingClientRect();
        const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return el.scrollWidth <= el.clientWidth && !!top && el.contains(top);
      })
    : true;
  const header = await chat.locator('header').evaluate((el) => {
    const status = el.querySelector('.header-status') as HTMLElement;
    const lineHeight = parseFloat(getComputedStyle(status).lineHeight);
    const dot = (el.querySelector('.dot') as HTMLElement).getBoundingClientRect();
    const avatar = (el.querySelector('img') as HTMLElement).getBoundingClientRect();
    const doc = document.documentElement;
    return {
      statusLines: Math.round(status.getBoundingClientRect().height / lineHeight),
      dot: { width: dot.width, height: dot.height },
      avatar: { width: avatar.width, height: avatar.height },
      overflow: doc.scrollWidth - doc.clientWidth + Math.max(0, el.scrollWidth - el.clientWidth),
    };
  });
  return {
    close: close as Box,
    handoff: handoffBox,
    handoffClear,
    titleWidth: (await title.boundingBox())?.width ?? 0,
    titleName: await title.getAttribute('title'),
    titleText: await title.textContent(),
    ...header,
  };
}

function expectInside(box: Box | null, what: string): void {
  expect(box, what).not.toBeNull();
  const b = box as Box;
  expect(b.x, `${what} left edge`).toBeGreaterThanOrEqual(0);
  expect(b.y, `${what} top edge`).toBeGreaterThanOrEqual(0);
  expect(b.x + b.width, `${what} right edge`).toBeLessThanOrEqual(WIDTH + 0.5);
}

function expectHolds(m: Awaited<ReturnType<typeof measure>>, label: string, withHandoff: boolean): void {
  expectInside(m.close, `${label}: close button`);
  expect(m.close.width, `${label}: close width`).toBeGreaterThanOrEqual(44);
  expect(m.close.height, `${label}: close height`).toBeGreaterThanOrEqual(44);
  if (withHandoff) {
    expectInside(m.handoff, `${label}: handoff button`);
    expect(m.handoffClear, `${label}: handoff text clipped or covered`).toBe(true);
  }
  expect(m.titleWidth, `${label}: team name width`).toBeGreaterThanOrEqual(80);
  expect(m.titleText).toBe(TEAM_NAME);
  expect(m.titleName, `${label}: team name in full as the title`).toBe(TEAM_NAME);
  expect(m.statusLines, `${label}: status lines`).toBeLessThanOrEqual(2);
  expect(m.dot.width, `${label}: dot stays round`).toBe(m.dot.height);
  expect(m.avatar, `${label}: avatar not squashed`).toEqual({ width: 36, height: 36 });
  expect(m.overflow, `${label}: horizontal overflow`).toBeLessThanOrEqual(0);
}

async function axeSerious(page: Page): Promise<string[]> {
  const frame = page.frames().find((f) => f.url().includes('/widget/frame'));
  if (!frame) throw new Error('no chat frame');
  // A message fading in is not yet its colour: axe judges the settled page.
  await frame.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished)));
  await frame.evaluate(AXE_SOURCE);
  const results = await frame.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe;
    return axe.run(document);
  });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${JSON.stringify(n.target)}`));
}

describe('the widget header at 320 px with an avatar and a long team name (Chromium)', () => {
  for (const locale of ['en', 'pt-BR', 'es'] as const) {
    it(`keeps close, "${WORDS[locale].handoff}", the team name and the status readable in ${locale}, bot and queued`, async () => {
      const words = WORDS[locale];
      const context = await stack.browser.newContext({ viewport: { width: WIDTH, height: 640 } });
      const page = await context.newPage();
      await page.goto(`${acme.url}/?lang=${locale}`);
      await page.locator('ponte-widget').getByRole('button').click();
      const chat = page.frameLocator('iframe[title="Chat"]');
      const handoff = chat.getByRole('button', { name: words.handoff, exact: true });
      await handoff.waitFor();
      await chat.getByRole('img', { name: TEAM_NAME }).waitFor();
      const bot = await measure(chat, words, true);
      console.info(`[header ${locale} 320 bot]`, JSON.stringify(bot));
      expectHolds(bot, `${locale} bot`, true);
      expect(await axeSerious(page)).toEqual([]);

      // Nobody online: the visitor waits in the queue, the header says so.
      await handoff.click();
      await chat.locator('header').getByText(words.queued).waitFor();
      const queued = await measure(chat, words, false);
      console.info(`[header ${locale} 320 queued]`, JSON.stringify(queued));
      expectHolds(queued, `${locale} queued`, false);
      expect(await axeSerious(page)).toEqual([]);
      await context.close();
    });
  }
});
