import type { Locator, Page } from 'playwright-core';

/** An agent in the console, driven by role and accessible name. */
export class AgentConsole {
  constructor(readonly page: Page) {}

  async signIn(baseUrl: string, email: string, password: string): Promise<void> {
    await this.page.goto(`${baseUrl}/console/`);
    await this.page.getByLabel('Email', { exact: true }).fill(email);
    await this.page.getByLabel('Password', { exact: true }).fill(password);
    await this.page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  section(name: string): Locator {
    return this.page.getByRole('region', { name: new RegExp(`^${name}`) });
  }

  /** The queue entry whose preview shows `text`; waits for it to appear live. */
  async queued(text: string): Promise<Locator> {
    const item = this.section('Queue').getByRole('button').filter({ hasText: text });
    await item.waitFor({ state: 'visible', timeout: 10_000 });
    return item;
  }

  transcript(): Locator {
    return this.page.getByRole('main');
  }

  async sees(text: string): Promise<void> {
    await this.transcript().getByText(text, { exact: false }).last().waitFor({ state: 'visible', timeout: 10_000 });
  }

  /** Waits until the side panel's visitor details show `value` for `label` (Name, Email, Phone, Order number). */
  async seesDetail(label: string, value: string): Promise<void> {
    const details = this.page.getByRole('complementary', { name: 'Visitor information', exact: true }).getByRole('region', { name: 'Visitor details', exact: true });
    const term = details.getByRole('term').filter({ hasText: new RegExp(`^${label}$`) });
    await term.locator('xpath=following-sibling::dd[1]').filter({ hasText: value }).waitFor({ state: 'visible', timeout: 10_000 });
  }

  async accept(): Promise<void> {
    await this.page.getByRole('main').getByRole('button', { name: 'Accept', exact: true }).click();
  }

  async reply(text: string): Promise<void> {
    await this.page.getByRole('textbox', { name: 'Reply', exact: true }).fill(text);
    await this.page.getByRole('main').getByRole('button', { name: 'Send', exact: true }).click();
  }

  async close(): Promise<void> {
    await this.page.getByRole('button', { name: 'Close conversation', exact: true }).click();
  }
}
