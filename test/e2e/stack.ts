import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { type DemoServer, startDemoServer } from '../../demo-site/server';
import type { Config } from '../../server/config';
import { upsertSite } from '../../server/store/sites';
import { startTestPonte, type TestPonte } from '../support/ponte';
import { launchChromium } from './browser';

export const DEMO_KB_TEXT = readFileSync(resolve(import.meta.dirname, '../../bot/knowledge/demo-shop.yaml'), 'utf8');

export type Stack = { ponte: TestPonte; demo: DemoServer; browser: Browser; stop(): Promise<void> };

/**
 * What every browser test needs: the relay on a random port, the demo shop on another origin
 * embedding it (allowed once its port is known, as a marketer would in settings), and Chromium.
 */
export async function startStack(overrides: Partial<Config> = {}): Promise<Stack> {
  const ponte = await startTestPonte({ demoOrigins: [], ...overrides });
  const demo = await startDemoServer({ port: 0, relayUrl: ponte.url, siteKey: 'demo' });
  await upsertSite(
    ponte.db,
    { key: 'demo', name: 'Lumen & Co.', allowedOrigins: [new URL(demo.url).origin], knowledgeBase: DEMO_KB_TEXT },
    new Date(),
  );
  const browser = await launchChromium();
  return {
    ponte,
    demo,
    browser,
    async stop() {
      await browser.close();
      await demo.close();
      await ponte.stop();
    },
  };
}
