import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { startStack } from '../test/e2e/stack';
import { type ScriptWork, traceScript } from './page-trace';
import { round, table } from './table';

/**
 * Host-page cost: the demo shop in headless Chromium, with and without the snippet, as a
 * first-time visitor (fresh context, empty cache). The host page's main thread is slowed 4×
 * (Lighthouse's mobile setting) so long tasks show as they would on a mid-range phone.
 *
 * Before the visitor touches the launcher: extra requests and bytes, main-thread time and long
 * tasks, layout shift, and the loader's own main-thread work from a Chromium trace. Then the
 * visitor opens the chat: from the click to the composer having focus (typing works from then
 * on, sent or queued), and to the relay's `welcome`, cold (no hover) and after 300 ms of
 * hovering (the loader preloads the frame on intent).
 */

export type LoadSample = {
  requests: number;
  bytes: number;
  /** Chromium's main-thread totals for the host page (CDP Performance.getMetrics), ms. */
  scriptMs: number;
  taskMs: number;
  longTasks: number;
  longTaskMs: number;
  cls: number;
  urls: string[];
  /** The loader's own work on the host page's main thread (zero without the snippet). */
  ponte: ScriptWork;
};

export type OpenSample = {
  requests: number;
  bytes: number;
  urls: string[];
  clickToComposerMs: number;
  clickToWelcomeMs: number;
  longTasks: number;
  cls: number;
  /** The loader's work on the host page while the chat opens (click handler, frame messages). */
  ponte: ScriptWork;
};

export type PageReport = {
  runs: number;
  cpuSlowdown: number;
  without: LoadSample;
  with: LoadSample;
  /** Requests the snippet adds before any interaction (paths on the relay). */
  extraUrls: string[];
  openCold: OpenSample;
  openHover: OpenSample;
};

const CPU_SLOWDOWN = 4;
const LOADER_PATH = '/widget.js';
const SNIPPET = /<script[^>]*widget\.js[^>]*><\/script>/;

// Runs in every frame before its scripts: long tasks and layout shifts of that frame, the
// launcher click on the host page, and the moment the chat's message box gets focus.
const OBSERVE = `(() => {
  const w = window;
  w.__bench = { longTasks: [], shifts: [], clickAt: 0, composerAt: 0 };
  const now = () => performance.timeOrigin + performance.now();
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) w.__bench.longTasks.push({ at: performance.timeOrigin + e.startTime, ms: e.duration }); }).observe({ type: 'longtask', buffered: true });
    new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) w.__bench.shifts.push({ at: performance.timeOrigin + e.startTime, value: e.value }); }).observe({ type: 'layout-shift', buffered: true });
  } catch (error) { console.warn('bench observers unavailable', error); }
  addEventListener('click', () => { if (!w.__bench.clickAt) w.__bench.clickAt = now(); }, true);
  addEventListener('focusin', (event) => { if (event.target && event.target.tagName === 'TEXTAREA' && !w.__bench.composerAt) w.__bench.composerAt = now(); }, true);
})();`;

type Observed = { longTasks: { at: number; ms: number }[]; shifts: { at: number; value: number }[]; clickAt: number; composerAt: number };

/** What OBSERVE recorded in a frame; checked, since it comes from the page. */
async function observed(frame: Page | Frame): Promise<Observed> {
  const value: unknown = await frame.evaluate(() => (window as { __bench?: unknown }).__bench);
  const entries = (list: unknown, field: 'ms' | 'value') =>
    Array.isArray(list)
      ? list.flatMap((item: unknown) => {
          if (typeof item !== 'object' || item === null) return [];
          const { at, [field]: amount } = item as Record<string, unknown>;
          return typeof at === 'number' && typeof amount === 'number' ? [{ at, amount }] : [];
        })
      : [];
  if (typeof value !== 'object' || value === null) throw new Error('the bench observer did not run in this frame');
  const record = value as Record<string, unknown>;
  return {
    longTasks: entries(record.longTasks, 'ms').map(({ at, amount }) => ({ at, ms: amount })),
    shifts: entries(record.shifts, 'value').map(({ at, amount }) => ({ at, value: amount })),
    clickAt: typeof record.clickAt === 'number' ? record.clickAt : 0,
    composerAt: typeof record.composerAt === 'number' ? record.composerAt : 0,
  };
}

type Traffic = { requests: number; bytes: number; urls: string[] };

/** Counts finished requests (and their bytes on the wire) from now on. */
function countTraffic(context: BrowserContext): { read(): Traffic; reset(): void; settled: Promise<void>[] } {
  let traffic: Traffic = { requests: 0, bytes: 0, urls: [] };
  const settled: Promise<void>[] = [];
  context.on('requestfinished', (request) => {
    traffic.requests += 1;
    traffic.urls.push(new URL(request.url()).pathname);
    settled.push(
      request.sizes().then(
        (sizes) => {
          traffic.bytes += sizes.responseBodySize + sizes.responseHeadersSize;
        },
        // The bytes of this one request are then missing from the total; say so.
        (error: unknown) => console.warn(`[bench/page] no sizes for ${request.url()}:`, error),
      ),
    );
  });
  return {
    read: () => traffic,
    reset: () => {
      traffic = { requests: 0, bytes: 0, urls: [] };
    },
    settled,
  };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function measureHostPage(options: { runs: number }): Promise<PageReport> {
  const stack = await startStack();
  try {
    const loads: { without: LoadSample[]; with: LoadSample[] } = { without: [], with: [] };
    const opens: { cold: OpenSample[]; hover: OpenSample[] } = { cold: [], hover: [] };
    let extraUrls: string[] = [];
    // One visit first, not counted: the browser's own first-page costs would land on one variant.
    await (await visit(stack.browser, stack.demo.url, true)).close();
    for (let run = 0; run < options.runs; run++) {
      const without = await visit(stack.browser, stack.demo.url, false);
      loads.without.push(without.load);
      await without.close();
      for (const hover of [false, true]) {
        const visited = await visit(stack.browser, stack.demo.url, true);
        loads.with.push(visited.load);
        extraUrls = visited.load.urls.filter((url) => !without.load.urls.includes(url));
        (hover ? opens.hover : opens.cold).push(await open(stack.browser, visited, hover));
        await visited.close();
      }
    }
    return {
      runs: options.runs,
      cpuSlowdown: CPU_SLOWDOWN,
      without: medianLoad(loads.without),
      with: medianLoad(loads.with),
      extraUrls,
      openCold: medianOpen(opens.cold),
      openHover: medianOpen(opens.hover),
    };
  } finally {
    await stack.stop();
  }
}

type Visit = { page: Page; context: BrowserContext; traffic: ReturnType<typeof countTraffic>; welcomeAt: () => number; load: LoadSample; close(): Promise<void> };

async function visit(browser: Browser, url: string, withSnippet: boolean): Promise<Visit> {
  const context = await browser.newContext();
  await context.addInitScript(OBSERVE);
  // NOTE: only the page without the snippet is rewritten: Chromium treats an intercepted
  // document as public, and would then refuse the loopback relay's widget.js (Private Network
  // Access). Counts, main-thread time and layout shift do not depend on how the HTML arrived.
  if (!withSnippet) {
    await context.route(`${url}/**`, async (route) => {
      if (route.request().resourceType() !== 'document') return route.continue();
      const response = await route.fetch();
      const body = await response.text();
      if (!SNIPPET.test(body)) throw new Error('the demo page has no snippet to remove');
      return route.fulfill({ response, body: body.replace(SNIPPET, '') });
    });
  }
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  const traffic = countTraffic(context);
  let welcomeAt = 0;
  page.on('websocket', (ws) => ws.on('framereceived', ({ payload }) => {
    if (welcomeAt === 0 && String(payload).startsWith('{"type":"welcome"')) welcomeAt = Date.now();
  }));
  const { work: ponte } = await traceScript(browser, page, LOADER_PATH, async () => {
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForLoadState('networkidle');
    await sleep(500);
  });
  await Promise.all(traffic.settled);
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
  const seen = await observed(page);
  const { requests, bytes, urls } = traffic.read();
  const load: LoadSample = {
    requests,
    bytes,
    scriptMs: round(metric('ScriptDuration'), 1),
    taskMs: round(metric('TaskDuration'), 1),
    longTasks: seen.longTasks.length,
    longTaskMs: round(seen.longTasks.reduce((sum, task) => sum + task.ms, 0), 1),
    cls: round(seen.shifts.reduce((sum, shift) => sum + shift.value, 0), 4),
    urls,
    ponte,
  };
  return { page, context, traffic, welcomeAt: () => welcomeAt, load, close: () => context.close() };
}

async function open(browser: Browser, visited: Visit, hover: boolean): Promise<OpenSample> {
  const { page, traffic } = visited;
  traffic.reset();
  const launcher = page.getByRole('button', { name: 'Open chat', exact: true });
  const before = await observed(page);
  const { result: opened, work: ponte } = await traceScript(browser, page, LOADER_PATH, async () => {
    if (hover) {
      await launcher.hover();
      await sleep(300);
    }
    const clickedAt = Date.now();
    // Hover or not, the click itself is a real pointer click on the launcher.
    await launcher.click();
    const frame = page.frameLocator('iframe[title="Chat"]');
    await frame.getByRole('textbox', { name: 'Message', exact: true }).waitFor({ state: 'visible', timeout: 20_000 });
    const chat = page.frames().find((f) => f !== page.mainFrame());
    if (chat === undefined) throw new Error('the chat frame did not appear');
    let composerAt = 0;
    for (let tries = 0; tries < 200 && composerAt === 0; tries++) {
      composerAt = (await observed(chat)).composerAt;
      if (composerAt === 0) await sleep(25);
    }
    for (let tries = 0; tries < 400 && visited.welcomeAt() === 0; tries++) await sleep(25);
    await sleep(500);
    return { clickedAt, composerAt };
  });
  const { clickedAt, composerAt } = opened;
  await Promise.all(traffic.settled);
  const after = await observed(page);
  const { requests, bytes, urls } = traffic.read();
  return {
    requests,
    bytes,
    urls,
    clickToComposerMs: composerAt === 0 ? Number.NaN : round(composerAt - after.clickAt, 1),
    clickToWelcomeMs: visited.welcomeAt() === 0 ? Number.NaN : visited.welcomeAt() - clickedAt,
    longTasks: after.longTasks.length - before.longTasks.length,
    cls: round(after.shifts.slice(before.shifts.length).reduce((sum, shift) => sum + shift.value, 0), 4),
    ponte,
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
}

function medianWork(samples: readonly ScriptWork[]): ScriptWork {
  return {
    ms: median(samples.map((s) => s.ms)),
    longestTaskMs: median(samples.map((s) => s.longestTaskMs)),
    longTasks: median(samples.map((s) => s.longTasks)),
  };
}

function medianLoad(samples: readonly LoadSample[]): LoadSample {
  const of = (key: Exclude<keyof LoadSample, 'urls' | 'ponte'>) => median(samples.map((s) => s[key]));
  return {
    requests: of('requests'),
    bytes: of('bytes'),
    scriptMs: of('scriptMs'),
    taskMs: of('taskMs'),
    longTasks: of('longTasks'),
    longTaskMs: of('longTaskMs'),
    cls: of('cls'),
    urls: samples[0]?.urls ?? [],
    ponte: medianWork(samples.map((s) => s.ponte)),
  };
}

function medianOpen(samples: readonly OpenSample[]): OpenSample {
  const of = (key: Exclude<keyof OpenSample, 'urls' | 'ponte'>) => median(samples.map((s) => s[key]));
  return {
    requests: of('requests'),
    bytes: of('bytes'),
    urls: samples[0]?.urls ?? [],
    clickToComposerMs: of('clickToComposerMs'),
    clickToWelcomeMs: of('clickToWelcomeMs'),
    longTasks: of('longTasks'),
    cls: of('cls'),
    ponte: medianWork(samples.map((s) => s.ponte)),
  };
}

export function printHostPage(report: PageReport): void {
  const { without, with: withSnippet } = report;
  console.log(`Demo shop home page, first visit, host main thread slowed ${report.cpuSlowdown}×; medians of ${report.runs} run(s).\n`);
  console.log(
    table(
      ['before any interaction', 'requests', 'bytes', 'script ms', 'main-thread ms', 'long tasks', 'long-task ms', 'CLS'],
      [
        ['without snippet', without.requests, without.bytes, without.scriptMs, without.taskMs, without.longTasks, without.longTaskMs, without.cls],
        ['with snippet', withSnippet.requests, withSnippet.bytes, withSnippet.scriptMs, withSnippet.taskMs, withSnippet.longTasks, withSnippet.longTaskMs, withSnippet.cls],
        [
          'Ponte adds',
          withSnippet.requests - without.requests,
          withSnippet.bytes - without.bytes,
          round(withSnippet.scriptMs - without.scriptMs, 1),
          round(withSnippet.taskMs - without.taskMs, 1),
          withSnippet.longTasks - without.longTasks,
          round(withSnippet.longTaskMs - without.longTaskMs, 1),
          round(withSnippet.cls - without.cls, 4),
        ],
      ],
    ),
  );
  console.log(`extra requests: ${report.extraUrls.join(', ') || 'none'}\n`);
  console.log(
    table(
      ["the loader's own main-thread work (trace)", 'ms', 'longest task ms', 'long tasks'],
      [
        ['page load', withSnippet.ponte.ms, withSnippet.ponte.longestTaskMs, withSnippet.ponte.longTasks],
        ['opening, cold', report.openCold.ponte.ms, report.openCold.ponte.longestTaskMs, report.openCold.ponte.longTasks],
        ['opening, after hover', report.openHover.ponte.ms, report.openHover.ponte.longestTaskMs, report.openHover.ponte.longTasks],
      ],
    ),
  );
  console.log('');
  console.log(
    table(
      ['opening the chat', 'click → composer ms', 'click → welcome ms', 'requests', 'bytes', 'host long tasks', 'CLS'],
      [
        ['cold (no hover)', report.openCold.clickToComposerMs, report.openCold.clickToWelcomeMs, report.openCold.requests, report.openCold.bytes, report.openCold.longTasks, report.openCold.cls],
        ['after 300 ms hover', report.openHover.clickToComposerMs, report.openHover.clickToWelcomeMs, report.openHover.requests, report.openHover.bytes, report.openHover.longTasks, report.openHover.cls],
      ],
    ),
  );
  console.log(`opening downloads: ${report.openCold.urls.join(', ')}`);
}
