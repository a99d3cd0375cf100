import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient, messageFrom } from '../support/client';
import { DEMO_KB, demoAnswer } from '../support/demo-kb';
import { signIn } from '../support/ponte';
import { type Stack, startStack } from './stack';

// Issue 14: the knowledge-base editor and the unanswered questions view, as an admin reaches them:
// Sites → the site → its Knowledge base / Unanswered questions tab.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let stack: Stack;
let context: BrowserContext;
let page: Page;
let cookie: string;

async function ask(text: string): Promise<string> {
  const { client } = await TestClient.visitor(stack.ponte.url, { hostOrigin: new URL(stack.demo.url).origin });
  client.send({ type: 'message.send', clientMsgId: `e2e-${Math.random()}`, text });
  const reply = (await client.next(messageFrom('bot'))).message.text;
  await client.close();
  return reply;
}

async function seriousViolations(): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[]; html?: string }[] }[] }> } }).axe;
    return axe.run(document);
  });
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${JSON.stringify(node.target)} ${node.html ?? ''}`));
}

/** Opens the console fresh, then Sites → Lumen & Co. → the tab. */
async function openSiteTab(tab: 'Knowledge base' | 'Unanswered questions'): Promise<void> {
  await page.goto(`${stack.ponte.url}/console/`);
  await page.getByRole('button', { name: 'Sites', exact: true }).click();
  await page.getByRole('main', { name: 'Sites' }).getByRole('button', { name: 'Lumen & Co.', exact: true }).click();
  await page.getByRole('tab', { name: tab, exact: true }).click();
}

async function fitsWidth(): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

beforeAll(async () => {
  stack = await startStack();
  // Real history: what visitors asked the published bot.
  expect(await ask('do you repair old radios?')).toBe(DEMO_KB.fallback.en);
  expect(await ask('do you sell gift cards?')).toBe(DEMO_KB.fallback.en);
  expect(await ask('what are your opening hours?')).toBe(demoAnswer('opening-hours', 'en'));
  cookie = await signIn(stack.ponte.url);
  const [name = '', value = ''] = cookie.split('=');
  context = await stack.browser.newContext({ viewport: { width: 320, height: 800 } });
  await context.addCookies([{ name, value, url: stack.ponte.url }]);
  page = await context.newPage();
});

afterAll(async () => {
  await context?.close();
  await stack?.stop();
});

describe('knowledge base editor and unanswered questions (Chromium, 320 px)', () => {
  it('takes an unanswered question to the draft, tries it, replays, publishes; a stale publish is refused and offers a reload', async () => {
    await openSiteTab('Unanswered questions');
    const view = page.getByRole('region', { name: 'Unanswered questions' });
    await view.getByText('“do you repair old radios?”').waitFor();
    await view.getByText('“do you sell gift cards?”').waitFor();
    expect(await seriousViolations()).toEqual([]);
    await fitsWidth();

    // "Add as a phrasing of" an entry: the editor opens with it in that entry's questions.
    const giftRow = view.getByRole('listitem').filter({ hasText: 'do you sell gift cards?' });
    await giftRow.getByLabel('Add as a phrasing of').selectOption('discount-codes');
    await giftRow.getByRole('button', { name: /^Add “do you sell gift cards\?”/ }).click();
    const editor = page.getByRole('region', { name: 'Knowledge base' });
    await editor.getByText('as a phrasing of discount-codes').waitFor();
    expect(await editor.getByLabel('Questions and phrasings (English)').inputValue()).toMatch(/\ndo you sell gift cards\?$/);

    // "New entry": a new entry with the question; the server's message shows at the answer field.
    await page.getByRole('tab', { name: 'Unanswered questions', exact: true }).click();
    await view.getByRole('button', { name: 'New entry for “do you repair old radios?”' }).click();
    await editor.getByText('Started a new entry').waitFor();
    expect(await editor.getByLabel('Entry id').inputValue()).toBe('do-you-repair-old-radios');
    await editor.getByText('entry "do-you-repair-old-radios": answer is required (or set handoff: true)').first().waitFor();
    expect(await seriousViolations()).toEqual([]);
    await editor.getByLabel('Answer (English)').fill('No, **only lamps**.');
    await editor.getByRole('group', { name: 'Answer preview (English)' }).locator('strong', { hasText: 'only lamps' }).waitFor();
    await editor.getByText(/draft is valid/).waitFor();

    // Break an answered one: delete opening-hours.
    await editor.getByLabel('Search entries').fill('opening');
    await editor.getByRole('navigation', { name: 'Entries' }).getByRole('button', { name: /opening-hours/ }).click();
    await editor.getByRole('button', { name: 'Delete entry' }).click();
    await editor.getByText('Deleted opening-hours from the draft.').waitFor();
    await editor.getByLabel('Search entries').fill('');

    // Try it talks to the draft.
    await editor.getByLabel('Question to the draft').fill('do you repair old radios?');
    await editor.getByRole('button', { name: 'Ask', exact: true }).click();
    await editor.getByText('Answered from entry do-you-repair-old-radios').waitFor();
    await editor.locator('.kb-bubble strong', { hasText: 'only lamps' }).waitFor();

    // Publish: the replay first.
    await editor.getByText(/draft is valid/).waitFor();
    await editor.getByRole('button', { name: 'Publish…' }).click();
    const replay = page.getByRole('region', { name: /^Before you publish/ });
    await replay.waitFor();
    const newly = replay.getByRole('list', { name: 'Newly answered' });
    await newly.getByText('“do you repair old radios?”').waitFor();
    await newly.getByText('“do you sell gift cards?”').waitFor();
    await replay.getByRole('list', { name: 'No longer answered' }).getByText('“what are your opening hours?”').waitFor();
    expect(await replay.getByRole('listitem').filter({ hasText: /^Newly answered:/ }).innerText()).toMatch(/2$/);
    expect(await replay.getByRole('listitem').filter({ hasText: /^No longer answered:/ }).innerText()).toMatch(/1$/);
    expect(await seriousViolations()).toEqual([]);
    await fitsWidth();
    await replay.getByRole('button', { name: 'Publish now' }).click();
    await editor.getByText(/^Published version 2: 2 entries added|^Published version 2: 1 entry added/).waitFor();
    expect(await ask('do you repair old radios?')).toBe('No, **only lamps**.');

    // Someone else publishes meanwhile: this editor's next publish is refused, saying who.
    const live = await (await fetch(`${stack.ponte.url}/api/sites/demo/knowledge-base`, { headers: { cookie } })).text();
    const other = await fetch(`${stack.ponte.url}/api/sites/demo/knowledge-base`, { method: 'PUT', headers: { cookie, 'content-type': 'text/yaml', 'if-match': '"v2"' }, body: live.replace('No, **only lamps**.', 'We do not repair radios.') });
    expect(other.status).toBe(200);
    await editor.getByLabel('Answer (English)').fill('No, only lamps and bulbs.');
    await editor.getByText(/draft is valid/).waitFor();
    await editor.getByRole('button', { name: 'Publish…' }).click();
    await replay.getByRole('button', { name: 'Publish now' }).click();
    const stale = editor.getByRole('alert').filter({ hasText: 'Not published.' });
    await stale.getByText(/Admin published version 3 at .* since you opened version 2/).waitFor();
    await stale.getByRole('button', { name: 'Reload the published version' }).click();
    await editor.getByText('Published version 3').waitFor();
    expect(await (await fetch(`${stack.ponte.url}/api/sites/demo/knowledge-base`, { headers: { cookie } })).text()).toContain('We do not repair radios.');
  });

  it('shows history with who and what changed, views a version and rolls back', async () => {
    await openSiteTab('Knowledge base');
    const editor = page.getByRole('region', { name: 'Knowledge base' });
    await editor.getByText('Published version 3').waitFor();
    expect(await seriousViolations()).toEqual([]);
    await fitsWidth();
    await editor.getByRole('button', { name: 'History' }).click();
    const history = page.getByRole('region', { name: 'History' });
    await history.getByText('Version 3').waitFor();
    await history.getByText(/1 entry changed \(do-you-repair-old-radios\)/).waitFor();
    await history.getByRole('button', { name: 'View version 1' }).click();
    expect(await history.getByLabel('Version 1 as YAML').innerText()).toContain('opening-hours');
    expect(await seriousViolations()).toEqual([]);
    await history.getByRole('button', { name: 'Roll back to version 1' }).click();
    await history.getByRole('button', { name: 'Confirm roll back to version 1' }).click();
    await editor.getByText('Rolled back: version 4 is published.').waitFor();
    await editor.getByText('Published version 4').waitFor();
    expect(await ask('what are your opening hours?')).toBe(demoAnswer('opening-hours', 'en'));
  });

  it('exports the draft as YAML and imports a file into the draft (nothing published until Publish)', async () => {
    await openSiteTab('Knowledge base');
    const editor = page.getByRole('region', { name: 'Knowledge base' });
    await editor.getByText(/draft is valid/).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), editor.getByRole('button', { name: 'Export YAML' }).click()]);
    expect(download.suggestedFilename()).toBe('knowledge-base-demo.yaml');
    const exported = readFileSync(await download.path(), 'utf8');
    expect(exported).toContain('id: opening-hours');

    const imported = exported.replace(/- id: opening-hours/, '- id: support-hours');
    await editor.getByLabel('Import YAML').setInputFiles({ name: 'mine.yaml', mimeType: 'text/yaml', buffer: Buffer.from(imported) });
    await editor.getByText(/^Imported mine.yaml into the draft/).waitFor();
    await editor.getByRole('navigation', { name: 'Entries' }).getByRole('button', { name: /support-hours/ }).waitFor();
    expect(await (await fetch(`${stack.ponte.url}/api/sites/demo/knowledge-base`, { headers: { cookie } })).text()).toContain('id: opening-hours');

    await editor.getByLabel('Import YAML').setInputFiles({ name: 'broken.yaml', mimeType: 'text/yaml', buffer: Buffer.from('site: [') });
    await editor.getByRole('alert').filter({ hasText: 'Could not import broken.yaml: The file is not valid YAML' }).waitFor();
  });
});
