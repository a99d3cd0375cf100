import { join } from 'node:path';
import { Locales, type Locale } from '../protocol/codes';
import { DEMO_SHOP_OFF_TOPIC, DEMO_SHOP_QUESTIONS } from '../bot/knowledge/demo-shop.questions';
import { loadKnowledgeBaseFile, type KnowledgeBase } from '../bot/knowledge-base';
import { createMatcher, MIN_CONFIDENCE, type Matcher, type Phrasing } from '../bot/matcher';
import { allStopWords } from '../bot/normalize';
import { createScriptedBot } from '../bot/scripted-bot';
import { lcg, syntheticKnowledgeBase } from '../bot/testing/synthetic-kb';
import type { BotAction } from '../bot/types';
import { percentile, round, table } from './table';

/**
 * The bot benchmarks: how often the scripted bot answers the demo shop's realistic questions
 * with the right entry, and how long one `match` takes as a knowledge base grows.
 */

const DEMO_KB = join(import.meta.dirname, '../bot/knowledge/demo-shop.yaml');

/** The row group for off-topic questions, which must all reach the fallback text. */
export const OFF_TOPIC = 'off-topic';

export type Miss = { group: string; text: string; locale: Locale; expected: string; got: string };
export type AccuracyRow = { group: string; correct: number; total: number; percent: number };
export type AccuracyReport = { rows: AccuracyRow[]; overall: AccuracyRow; misses: Miss[] };

export async function measureAccuracy(): Promise<AccuracyReport> {
  const kb = loadKnowledgeBaseFile(DEMO_KB);
  const bot = createScriptedBot(kb);
  const cases: { group: string; text: string; locale: Locale; expected: string }[] = [
    ...Locales.flatMap((locale) =>
      DEMO_SHOP_QUESTIONS[locale].map(([text, expected]) => ({ group: locale, text, locale, expected })),
    ),
    ...DEMO_SHOP_OFF_TOPIC.map(([text, locale]) => ({ group: OFF_TOPIC, text, locale, expected: 'fallback' })),
  ];
  const tally = new Map<string, { correct: number; total: number }>();
  const misses: Miss[] = [];
  for (const question of cases) {
    const got = outcome(kb, await bot.handle({ text: question.text, locale: question.locale, history: [], agentsAvailable: true }));
    const counts = tally.get(question.group) ?? { correct: 0, total: 0 };
    counts.total += 1;
    if (got === question.expected) counts.correct += 1;
    else misses.push({ ...question, got });
    tally.set(question.group, counts);
  }
  const rows = [...tally].map(([group, { correct, total }]) => accuracyRow(group, correct, total));
  const overall = accuracyRow(
    'overall',
    rows.reduce((sum, row) => sum + row.correct, 0),
    rows.reduce((sum, row) => sum + row.total, 0),
  );
  return { rows, overall, misses };
}

/** What the visitor sees first: the entry id, "fallback", "<kind>:<reason>" or "other:<text>". */
function outcome(kb: KnowledgeBase, actions: readonly BotAction[]): string {
  const [first] = actions;
  if (first === undefined) return 'nothing';
  if (first.kind !== 'reply') return `${first.kind}:${first.reason}`;
  return first.entryId ?? (Object.values(kb.fallback).includes(first.text) ? 'fallback' : `other:${first.text}`);
}

function accuracyRow(group: string, correct: number, total: number): AccuracyRow {
  return { group, correct, total, percent: total === 0 ? 0 : round((100 * correct) / total, 1) };
}

export function printAccuracy(report: AccuracyReport): void {
  console.log(table(['questions', 'correct', 'total', '%'], [...report.rows, report.overall].map((row) => [row.group, row.correct, row.total, row.percent.toFixed(1)])));
  if (report.misses.length === 0) {
    console.log('misses: none');
    return;
  }
  console.log('misses:');
  for (const miss of report.misses) {
    console.log(`  [${miss.locale}] ${JSON.stringify(miss.text)}: expected ${miss.expected}, got ${miss.got}`);
  }
}

export const QueryKind = { Exact: 'exact', Typo: 'typo', Garbage: 'garbage' } as const;
export type QueryKind = (typeof QueryKind)[keyof typeof QueryKind];

export type LatencyRow = {
  entries: number;
  phrasings: number;
  /** 'all' or one QueryKind. */
  kind: string;
  queries: number;
  /** Exact/typo: the source entry came back at or above MIN_CONFIDENCE; garbage: nothing did. */
  expected: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /**
   * Each query is timed `passes` times and its fastest time kept: what the matching itself
   * costs, without the GC pauses and the other processes that land on a single call.
   */
  bestP50Ms: number;
  bestP99Ms: number;
};
export type LatencyReport = { sizes: { entries: number; phrasings: number; buildMs: number }[]; rows: LatencyRow[] };

export type LatencyOptions = { sizes?: readonly number[]; queries?: number; warmup?: number; passes?: number };

type Query = { kind: QueryKind; text: string; locale: Locale; entryId: string };

export function measureLatency(options: LatencyOptions = {}): LatencyReport {
  const { sizes = [100, 1_000, 10_000], queries = 2_000, warmup = 300, passes = 3 } = options;
  const report: LatencyReport = { sizes: [], rows: [] };
  for (const entries of sizes) {
    const phrasings = syntheticKnowledgeBase(entries);
    const started = performance.now();
    const matcher = createMatcher(phrasings);
    const buildMs = performance.now() - started;
    report.sizes.push({ entries, phrasings: phrasings.length, buildMs: round(buildMs, 1) });

    // Different seeds, so the warm-up does not pre-run the timed queries.
    for (const query of queryMix(phrasings, warmup, 7)) matcher.match(query.text, query.locale);
    const mix = queryMix(phrasings, queries, 1234);
    const timed = mix.map((query) => time(matcher, query));
    // Later passes over the same queries, for each query's best time (see LatencyRow.bestP99Ms).
    for (let pass = 1; pass < passes; pass++) {
      mix.forEach((query, index) => {
        const result = timed[index];
        if (result !== undefined) result.bestMs = Math.min(result.bestMs, time(matcher, query).ms);
      });
    }
    const byKind = (kind: string) => (kind === 'all' ? timed : timed.filter((result) => result.query.kind === kind));
    for (const kind of ['all', ...Object.values(QueryKind)]) {
      const results = byKind(kind);
      const ms = results.map((result) => result.ms).sort((a, b) => a - b);
      const best = results.map((result) => result.bestMs).sort((a, b) => a - b);
      report.rows.push({
        entries,
        phrasings: phrasings.length,
        kind,
        queries: results.length,
        expected: results.filter((result) => result.expected).length,
        p50Ms: round(percentile(ms, 50), 3),
        p99Ms: round(percentile(ms, 99), 3),
        maxMs: round(ms.at(-1) ?? 0, 3),
        bestP50Ms: round(percentile(best, 50), 3),
        bestP99Ms: round(percentile(best, 99), 3),
      });
    }
  }
  return report;
}

function time(matcher: Matcher, query: Query): { query: Query; ms: number; bestMs: number; expected: boolean } {
  const started = performance.now();
  const match = matcher.match(query.text, query.locale);
  const ms = performance.now() - started;
  const confident = match !== null && match.confidence >= MIN_CONFIDENCE;
  const expected = query.kind === QueryKind.Garbage ? !confident : confident && match.entryId === query.entryId;
  return { query, ms, bestMs: ms, expected };
}

/** 40% phrasings as written, 40% with one typo in a topic word, 20% invented words. */
function queryMix(phrasings: readonly Phrasing[], count: number, seed: number): Query[] {
  const random = lcg(seed);
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(random() * items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  };
  return Array.from({ length: count }, (_, index): Query => {
    const phrasing = pick(phrasings);
    const base = { locale: phrasing.locale, entryId: phrasing.entryId };
    switch (index % 5) {
      case 0:
      case 1:
        return { ...base, kind: QueryKind.Exact, text: phrasing.text };
      case 2:
      case 3:
        return { ...base, kind: QueryKind.Typo, text: withTypo(phrasing.text, random) };
      default:
        return { ...base, kind: QueryKind.Garbage, text: garbage(random) };
    }
  });
}

/**
 * One swapped, dropped or replaced letter in one topic word (synthetic phrasings read
 * `what is the <words>?`, and a typo in "what" would test nothing).
 */
function withTypo(text: string, random: () => number): string {
  const words = text.replace(/\?$/, '').split(' ');
  const topic = 3 + Math.floor(random() * (words.length - 3));
  const word = words[topic] ?? '';
  const at = 1 + Math.floor(random() * (word.length - 2));
  const edit = Math.floor(random() * 3);
  const typo =
    edit === 0
      ? word.slice(0, at) + (word[at + 1] ?? '') + (word[at] ?? '') + word.slice(at + 2)
      : edit === 1
        ? word.slice(0, at) + word.slice(at + 1)
        : word.slice(0, at) + String.fromCharCode(97 + Math.floor(random() * 26)) + word.slice(at + 1);
  words[topic] = typo;
  return `${words.join(' ')}?`;
}

function garbage(random: () => number): string {
  const word = () => Array.from({ length: 4 + Math.floor(random() * 5) }, () => String.fromCharCode(97 + Math.floor(random() * 26))).join('');
  return Array.from({ length: 2 + Math.floor(random() * 4) }, word).join(' ');
}

export function printLatency(report: LatencyReport): void {
  console.log(
    table(
      ['entries', 'phrasings', 'index build ms'],
      report.sizes.map((size) => [size.entries, size.phrasings, size.buildMs.toFixed(1)]),
    ),
  );
  console.log();
  console.log(
    table(
      ['entries', 'queries', 'count', 'as expected', 'p50 ms', 'p99 ms', 'max ms', 'best-of-3 p50', 'best-of-3 p99'],
      report.rows.map((row) => [
        row.entries,
        row.kind,
        row.queries,
        row.expected,
        row.p50Ms.toFixed(3),
        row.p99Ms.toFixed(3),
        row.maxMs.toFixed(3),
        row.bestP50Ms.toFixed(3),
        row.bestP99Ms.toFixed(3),
      ]),
    ),
  );
}

/**
 * Worst-case visitor messages (4,000 characters, the frame limit) through the whole scripted
 * bot on the demo knowledge base: each is timed `passes` times and its slowest and fastest time
 * kept. A turn runs on the event loop, so a slow one delays every other visitor.
 */
export type HostileRow = { message: string; chars: number; slowestMs: number; fastestMs: number };

export async function measureHostile(passes = 5): Promise<HostileRow[]> {
  const bot = createScriptedBot(loadKnowledgeBaseFile(join(import.meta.dirname, '../bot/knowledge/demo-shop.yaml')));
  const cases: Record<string, string> = {
    'spaces around two letters': `a${' '.repeat(3998)}B`,
    'one 4000-letter word': 'a'.repeat(4000),
    '1,333 capitalised words': `x ${'Ab '.repeat(1333)}`,
    '4000 digits': '1'.repeat(4000),
    '570 e-mail addresses': 'a@b.co '.repeat(570),
    '120 questions': 'Shipping to Italy? And how much? '.repeat(120),
    'place names only': 'sao paulo rio de janeiro '.repeat(160),
    'near-misses of a long word': 'reschedulingxx '.repeat(260),
    'one-letter typos of filler words': fillerTypos(),
  };
  await bot.handle({ text: 'warm up: where is my order?', locale: 'en', history: [], agentsAvailable: true });
  const rows: HostileRow[] = [];
  for (const [message, raw] of Object.entries(cases)) {
    const text = raw.slice(0, 4000);
    let slowest = 0;
    let fastest = Number.POSITIVE_INFINITY;
    for (let pass = 0; pass < passes; pass++) {
      const started = performance.now();
      await bot.handle({ text, locale: 'en', history: [], agentsAvailable: true });
      const ms = performance.now() - started;
      slowest = Math.max(slowest, ms);
      fastest = Math.min(fastest, ms);
    }
    rows.push({ message, chars: text.length, slowestMs: round(slowest, 2), fastestMs: round(fastest, 2) });
  }
  return rows;
}

/** Hundreds of different words, each one letter off a stop word ("wheke thaz …"): none is known, each is compared. */
function fillerTypos(): string {
  const stops = [...allStopWords()].filter((word) => word.length >= 4);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  let text = '';
  for (let i = 0; text.length < 4000; i++) {
    const word = stops[(i * 7) % stops.length] ?? 'what';
    const at = i % word.length;
    text += `${word.slice(0, at)}${letters[(i * 3) % 26]}${word.slice(at + 1)} `;
  }
  return text;
}

export function printHostile(rows: readonly HostileRow[]): void {
  console.log('\nWorst-case messages through the scripted bot (demo shop; a turn blocks the event loop):\n');
  console.log(table(['message', 'chars', 'slowest ms', 'fastest ms'], rows.map((row) => [row.message, row.chars, row.slowestMs.toFixed(2), row.fastestMs.toFixed(2)])));
}
