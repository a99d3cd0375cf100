import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoServer, startDemoServer } from '../../demo-site/server';
import { signIn } from '../support/ponte';
import { VisitorPage } from './pages/visitor';
import { type Stack, startStack } from './stack';

// Issue 14: a site's appearance, applied without a rebuild and right at first paint.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const BRAND = '#b91c1c';
const BRAND_RGB = 'rgb(185, 28, 28)';
const GREETING = 'Welcome to Acme! Ask us anything about your order.';

let stack: Stack;
let browser: Browser;
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
  browser = stack.browser;
  admin = await signIn(stack.ponte.url);
  const created = await api('POST', '/api/sites', { name: 'Acme', allowedOrigins: ['http://placeholder.test'] });
  siteKey = String(created.key);
  // A third origin: the shop pages again, embedding the new site's snippet.
  acme = await startDemoServer({ port: 0, relayUrl: stack.ponte.url, siteKey });
  await api('PATCH', `/api/sites/${siteKey}`, {
    allowedOrigins: [new URL(acme.url).origin],
    appearance: { brandColour: BRAND, position: 'left', greeting: { en: GREETING }, teamName: 'Acme Support' },
  });
});

afterAll(async () => {
  await acme?.close();
  await stack?.stop();
});

/**
 * Records, on every animation frame from the very first, the launcher's background and left edge
 * whenever it is displayed at all. Installed before any page script runs.
 */
async function watchLauncher(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const samples: { background: string; left: number; right: number }[] = [];
    (window as unknown as { __launcher: typeof samples }).__launcher = samples;
    const tick = () => {
      const host = document.querySelector('ponte-widget');
      const button = host?.shadowRoot?.querySelector('button');
      if (host && button && getComputedStyle(host).display !== 'none') {
        const box = button.getBoundingClientRect();
        if (box.width > 0 && box.height > 0) {
          samples.push({ background: getComputedStyle(button).backgroundColor, left: box.left, right: innerWidth - box.right });
        }
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

const samplesOf = (page: Page) => page.evaluate(() => (window as unknown as { __launcher: { background: string; left: number; right: number }[] }).__launcher);

describe('site appearance in the widget (Chromium)', () => {
  it('shows the launcher in the brand colour on the left from its first displayed frame, even with a slow stylesheet', async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1024, height: 768 } });
    const page = await context.newPage();
    // Slow the site's stylesheet down: if the launcher were shown before it, it would be seen unstyled.
    await page.route('**/widget/site/*.css', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 600));
      await route.continue();
    });
    await watchLauncher(page);
    const visitor = new VisitorPage(page);
    await visitor.goto(acme.url);
    await visitor.launcher().waitFor({ state: 'visible' });
    await page.waitForFunction(() => (window as unknown as { __launcher: unknown[] }).__launcher.length > 5);
    const samples = await samplesOf(page);
    expect(samples.length).toBeGreaterThan(5);
    expect(new Set(samples.map((s) => s.background))).toEqual(new Set([BRAND_RGB]));
    expect(samples.every((s) => Math.round(s.left) === 20)).toBe(true);

    await visitor.launcher().click();
    await visitor.sees(GREETING);
    const frameBox = await page.locator('iframe[title="Chat"]').boundingBox();
    expect(Math.round(frameBox?.x ?? -1)).toBe(20);
    await expect
      .poll(() => visitor.chat.locator('header').evaluate((el) => getComputedStyle(el).backgroundColor))
      .toBe(BRAND_RGB);
    expect(await visitor.chat.getByRole('heading', { level: 1 }).textContent()).toBe('Acme Support');
    await context.close();
  });

  it('keeps the demo site in its default colours on the right', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await watchLauncher(page);
    await page.goto(stack.demo.url);
    await page.getByRole('button', { name: 'Open chat', exact: true }).waitFor({ state: 'visible' });
    await page.waitForFunction(() => (window as unknown as { __launcher: unknown[] }).__launcher.length > 2);
    const samples = await samplesOf(page);
    expect(new Set(samples.map((s) => s.background))).toEqual(new Set(['rgb(79, 70, 229)']));
    expect(samples.every((s) => Math.round(s.right) === 20)).toBe(true);
    await context.close();
  });

  it('shows the launcher label in the visitor\'s language, and names the button with it', async () => {
    await api('PATCH', `/api/sites/${siteKey}`, { appearance: { launcherLabel: { en: 'Chat with us', 'pt-BR': 'Fale conosco' } } });
    try {
      // The shop's page language (`<html lang>`, from ?lang=) decides the widget's.
      for (const { locale, label } of [
        { locale: 'en', label: 'Chat with us' },
        { locale: 'pt-BR', label: 'Fale conosco' },
      ]) {
        const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
        const page = await context.newPage();
        await page.goto(`${acme.url}/?lang=${locale}`);
        const launcher = page.getByRole('button', { name: label, exact: true });
        await launcher.waitFor({ state: 'visible' });
        const shown = await launcher.evaluate((el) => getComputedStyle(el, '::after').content);
        expect(shown).toBe(`"${label}"`);
        const box = await launcher.boundingBox();
        // A pill wider than the round icon button, inside a 320 px phone.
        expect(box?.width ?? 0).toBeGreaterThan(80);
        expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(320);
        await launcher.click();
        // Open: the cross alone, named as the contract says.
        await page.getByRole('button', { name: locale === 'pt-BR' ? 'Fechar chat' : 'Close chat', exact: true }).waitFor();
        await context.close();
      }
      // Spanish has no label: the round icon button with its usual name.
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${acme.url}/?lang=es`);
      await page.getByRole('button', { name: 'Abrir chat', exact: true }).waitFor({ state: 'visible' });
      await context.close();
    } finally {
      await api('PATCH', `/api/sites/${siteKey}`, { appearance: { launcherLabel: {} } });
    }
  });

  it('shows no launcher for a disabled site', async () => {
    await api('PATCH', `/api/sites/${siteKey}`, { disabled: true });
    try {
      const context = await browser.newContext({ locale: 'en-US' });
      const page = await context.newPage();
      await watchLauncher(page);
      const css = page.waitForResponse((res) => res.url().includes('/widget/site/'));
      await page.goto(acme.url);
      await css;
      // A few frames after the sheet arrived: still nothing displayed.
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 300)));
      expect(await samplesOf(page)).toEqual([]);
      await context.close();
    } finally {
      await api('PATCH', `/api/sites/${siteKey}`, { disabled: false });
    }
  });

  it('previews the panel with a sample conversation, applies posted appearances, and passes axe', async () => {
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
      'base64',
    );
    const upload = await fetch(`${stack.ponte.url}/api/sites/${siteKey}/avatar`, {
      method: 'PUT',
      headers: { cookie: admin, 'content-type': 'image/png' },
      body: new Blob([new Uint8Array(png)]),
    });
    expect(upload.status).toBe(200);
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    // The console's origin is the relay's: a same-origin parent page framing the preview.
    await page.goto(`${stack.ponte.url}/console/`);
    await page.evaluate((src) => {
      const iframe = document.createElement('iframe');
      iframe.title = 'Widget preview';
      iframe.src = src;
      iframe.style.cssText = 'width:380px;height:600px';
      document.body.append(iframe);
    }, `/widget/frame?site=${siteKey}&preview=1`);
    const frameHandle = await page.waitForSelector('iframe[title="Widget preview"]');
    const frame = (await frameHandle.contentFrame()) as Frame;
    await frame.getByText(GREETING).waitFor();
    await frame.getByText('Do you ship abroad?').waitFor();
    expect(await frame.getByRole('heading', { level: 1 }).textContent()).toBe('Acme Support');
    const avatar = frame.getByRole('img', { name: 'Acme Support' });
    await avatar.waitFor();
    expect(await avatar.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);

    await page.evaluate(() => {
      const iframe = document.querySelector('iframe[title="Widget preview"]') as HTMLIFrameElement;
      iframe.contentWindow?.postMessage(
        { ponte: 1, type: 'preview', appearance: { brandColour: '#fde047', teamName: 'Yellow Team', greeting: { en: 'Hello in yellow' } } },
        location.origin,
      );
    });
    await frame.getByText('Hello in yellow').waitFor();
    expect(await frame.getByRole('heading', { level: 1 }).textContent()).toBe('Yellow Team');
    // The greeting and the sample bot answer carry the same name.
    expect(await frame.getByRole('log').locator('.author').allTextContents()).toEqual(['Yellow Team', 'Yellow Team']);
    const header = await frame.locator('header').evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color]);
    expect(header).toEqual(['rgb(253, 224, 71)', 'rgb(17, 24, 39)']);

    // A message from another window (not the parent) is ignored.
    await frame.evaluate(() => window.postMessage({ ponte: 1, type: 'preview', appearance: { teamName: 'Forged' } }, location.origin));
    await page.waitForTimeout(200);
    expect(await frame.getByRole('heading', { level: 1 }).textContent()).toBe('Yellow Team');

    await frame.evaluate(AXE_SOURCE);
    const results = await frame.evaluate(async () => {
      const axe = (globalThis as unknown as { axe: { run(context: unknown): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe;
      return axe.run(document);
    });
    const serious = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .flatMap((v) => v.nodes.map((n) => `${v.id}: ${JSON.stringify(n.target)}`));
    expect(serious).toEqual([]);
    await context.close();
  });
});
