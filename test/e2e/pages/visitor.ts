import type { FrameLocator, Locator, Page } from 'playwright-core';

/** A visitor on the demo shop, using the chat as a person would: by role and accessible name. */
export class VisitorPage {
  readonly chat: FrameLocator;

  constructor(readonly page: Page) {
    this.chat = page.frameLocator('iframe[title="Chat"]');
  }

  async goto(url: string): Promise<void> {
    await this.page.goto(url);
  }

  launcher(name = 'Open chat'): Locator {
    return this.page.getByRole('button', { name, exact: true });
  }

  messageBox(name = 'Message'): Locator {
    return this.chat.getByRole('textbox', { name, exact: true });
  }

  async say(text: string, sendName = 'Send'): Promise<void> {
    await this.messageBox().fill(text);
    await this.chat.getByRole('button', { name: sendName, exact: true }).click();
  }

  /** Resolves when `text` is visible in the chat log. */
  async sees(text: string, timeout = 10_000): Promise<void> {
    await this.chat.getByRole('log').getByText(text, { exact: false }).last().waitFor({ state: 'visible', timeout });
  }

  async count(text: string): Promise<number> {
    return this.chat.getByRole('log').getByText(text, { exact: true }).count();
  }
}
