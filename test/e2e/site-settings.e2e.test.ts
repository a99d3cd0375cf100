import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, signIn } from '../support/ponte';
import { AgentConsole } from './pages/agent';
import { type Stack, startStack } from './stack';

// An admin's routing choice per site (Settings tab) and a new agent for some sites only (Team dialog).

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let stack: Stack;
let cookie: string;
let context: BrowserContext;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  stack = await startStack();
  cookie = await signIn(stack.ponte.url);
});

afterAll(async () => {
  for (const each of contexts) await each.close();
  await stack?.stop();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies, asserted field by field
async function api(method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${stack.ponte.url}${path}`, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(res.status).toBeLessThan(300);
  return res.json();
}

async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[] }> } }).axe;
    return axe.run(document, { iframes: false });
  });
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${JSON.stringify(node.target)}`));
}

async function adminConsole(): Promise<AgentConsole> {
  context = await stack.browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(context);
  const agent = new AgentConsole(await context.newPage());
  await agent.signIn(stack.ponte.url, 'admin@example.com', ADMIN_PASSWORD);
  await agent.section('Queue').waitFor();
  return agent;
}

describe('site settings and the team (Chromium)', () => {
  it('sets a site to manual routing, saved with its revision; a save by someone else in between is caught and reloaded', async () => {
    const acme = await api('POST', '/api/sites', { name: 'Acme', allowedOrigins: ['http://acme.test'] });
    const { page } = await adminConsole();
    await page.getByRole('button', { name: 'Sites', exact: true }).click();
    await page.getByRole('main', { name: 'Sites' }).getByRole('button', { name: 'Acme', exact: true }).click();
    await page.getByRole('tab', { name: 'Settings', exact: true }).click();

    const routing = page.getByRole('radiogroup', { name: 'Routing' });
    const auto = routing.getByRole('radio', { name: 'Offer chats to agents automatically' });
    const manual = routing.getByRole('radio', { name: 'Agents pick chats from the queue' });
    expect(await auto.isChecked()).toBe(true);
    await manual.check();
    await page.getByRole('status').filter({ hasText: 'Changed: save to apply' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Save routing', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Routing saved' }).waitFor();
    expect(await api('GET', `/api/sites/${acme.key}`)).toMatchObject({ routing: 'manual', revision: acme.revision + 1 });

    // Another admin renames the site meanwhile: this form's revision is behind, so its save is refused, not applied.
    await api('PATCH', `/api/sites/${acme.key}`, { name: 'Acme Anvils' });
    await auto.check();
    await page.getByRole('button', { name: 'Save routing', exact: true }).click();
    const stale = page.getByRole('alert').filter({ hasText: 'Reload' });
    await stale.waitFor();
    expect((await api('GET', `/api/sites/${acme.key}`)).routing).toBe('manual');
    await stale.getByRole('button', { name: 'Reload', exact: true }).click();
    await expect.poll(() => manual.isChecked()).toBe(true);
    await page.getByRole('heading', { name: 'Acme Anvils', exact: true, level: 1 }).waitFor();
    await auto.check();
    await page.getByRole('button', { name: 'Save routing', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Routing saved' }).waitFor();
    expect((await api('GET', `/api/sites/${acme.key}`)).routing).toBe('auto');
  });

  it('creates an agent for the ticked sites only; every site is ticked to begin with', async () => {
    const sites: Array<{ key: string; name: string }> = (await api('GET', '/api/sites')).sites;
    expect(sites.length).toBeGreaterThan(1);
    const { page } = await adminConsole();
    await page.getByRole('button', { name: 'Team', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Team' });
    const worksOn = dialog.getByRole('group', { name: 'Works on' });
    await worksOn.waitFor();
    for (const site of sites) expect(await worksOn.getByRole('checkbox', { name: site.name, exact: true }).isChecked()).toBe(true);

    // None ticked: refused in the form, nothing sent.
    for (const site of sites) await worksOn.getByRole('checkbox', { name: site.name, exact: true }).uncheck();
    await dialog.getByLabel('Name', { exact: true }).fill('Bea Lopes');
    await dialog.getByLabel('Email', { exact: true }).fill('bea@example.com');
    await dialog.getByLabel('Initial password', { exact: true }).fill('a-long-enough-password');
    await dialog.getByRole('button', { name: 'Add agent', exact: true }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Choose at least one site for this agent.' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    const demo = sites.find((site) => site.key === 'demo');
    if (demo === undefined) throw new Error('the demo site is seeded');
    await worksOn.getByRole('checkbox', { name: demo.name, exact: true }).check();
    await dialog.getByRole('button', { name: 'Add agent', exact: true }).click();
    await dialog.getByRole('status').filter({ hasText: `Bea Lopes can now sign in, working on ${demo.name}.` }).waitFor();
    const team: Array<{ email: string; sites: string[] }> = (await api('GET', '/api/agents')).agents;
    expect(team.find((agent) => agent.email === 'bea@example.com')?.sites).toEqual(['demo']);

    // An admin works on every site: no picker to fill in.
    // (The form's select is named "Role" and its value; the table's are "Role of …".)
    await dialog.getByRole('combobox', { name: /^Role(?! of)/ }).selectOption('admin');
    await worksOn.waitFor({ state: 'detached' });
    await dialog.getByText('Admins work on every site.').waitFor();
  });
});
