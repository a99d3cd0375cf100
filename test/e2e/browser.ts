import { type Browser, chromium } from 'playwright-core';
import { requireChromium } from './find-browser';

/** A local Chrome or Chromium (see find-browser.ts), headless, with the flags a sandboxed, offline machine needs. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: requireChromium(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
