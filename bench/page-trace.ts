import type { Browser, Page } from 'playwright-core';

/**
 * What a script costs the page's main thread, from a Chromium trace rather than from the
 * page-wide totals (which move by more than a small script's cost from one load to the next):
 * the evaluation of the script and every call into it (event handlers, timers, message
 * listeners), and the tasks those ran in.
 */
export type ScriptWork = {
  /** Time in the script's own evaluation and calls (outermost events only), ms. */
  ms: number;
  /** The longest main-thread task that ran any of it, ms. */
  longestTaskMs: number;
  /** Such tasks over 50 ms: long tasks the script is part of. */
  longTasks: number;
};

type TraceEvent = { name: string; ph: string; ts: number; dur: number; pid: number; tid: number; url: string | undefined };

const SCRIPT_EVENTS = new Set(['EvaluateScript', 'FunctionCall']);
const TASK_EVENTS = new Set(['RunTask', 'ThreadControllerImpl::RunTask']);
const LONG_TASK_MS = 50;

/** Runs `work` with a trace of `page`, and returns the main-thread work of the script at `scriptPath`. */
export async function traceScript<T>(browser: Browser, page: Page, scriptPath: string, work: () => Promise<T>): Promise<{ result: T; work: ScriptWork }> {
  await browser.startTracing(page, { categories: ['devtools.timeline', 'toplevel'] });
  let result: T;
  try {
    result = await work();
  } catch (error) {
    // Stop even so: the browser allows one trace at a time.
    await browser.stopTracing();
    throw error;
  }
  const buffer = await browser.stopTracing();
  return { result, work: scriptWork(JSON.parse(buffer.toString('utf8')), scriptPath) };
}

export function scriptWork(trace: unknown, scriptPath: string): ScriptWork {
  const events = parseEvents(trace);
  const mine = events
    .filter((event) => SCRIPT_EVENTS.has(event.name) && event.url !== undefined && URL.canParse(event.url) && new URL(event.url).pathname === scriptPath)
    .sort((a, b) => a.ts - b.ts);
  const tasks = events.filter((event) => TASK_EVENTS.has(event.name));
  let ms = 0;
  let last: TraceEvent | undefined;
  const taskDurations = new Map<TraceEvent, number>();
  for (const event of mine) {
    // A call inside an evaluation (or a nested call) is already counted in its outer event.
    const nested = last !== undefined && last.tid === event.tid && event.ts + event.dur <= last.ts + last.dur;
    if (!nested) {
      ms += event.dur / 1000;
      last = event;
    }
    const task = tasks.find((t) => t.pid === event.pid && t.tid === event.tid && t.ts <= event.ts && t.ts + t.dur >= event.ts + event.dur);
    if (task !== undefined) taskDurations.set(task, task.dur / 1000);
  }
  const durations = [...taskDurations.values()];
  return {
    ms: Math.round(ms * 10) / 10,
    longestTaskMs: Math.round(Math.max(0, ...durations) * 10) / 10,
    longTasks: durations.filter((duration) => duration > LONG_TASK_MS).length,
  };
}

function parseEvents(trace: unknown): TraceEvent[] {
  const list = Array.isArray(trace) ? trace : typeof trace === 'object' && trace !== null ? (trace as { traceEvents?: unknown }).traceEvents : undefined;
  if (!Array.isArray(list)) throw new Error('not a Chromium trace');
  const events: TraceEvent[] = [];
  for (const item of list as unknown[]) {
    if (typeof item !== 'object' || item === null) continue;
    const { name, ph, ts, dur, pid, tid, args } = item as Record<string, unknown>;
    if (ph !== 'X' || typeof name !== 'string' || typeof ts !== 'number' || typeof dur !== 'number') continue;
    if (typeof pid !== 'number' || typeof tid !== 'number') continue;
    const data = typeof args === 'object' && args !== null ? (args as { data?: unknown }).data : undefined;
    const url = typeof data === 'object' && data !== null ? (data as { url?: unknown }).url : undefined;
    events.push({ name, ph, ts, dur, pid, tid, url: typeof url === 'string' && url !== '' ? url : undefined });
  }
  return events;
}
