import { describe, expect, it } from 'vitest';
import { measureEval } from '../../bench/bot-eval';

/**
 * The tuning half of the honest evaluation (issue 13), as a table that a change to the
 * matcher, the lexicon or a knowledge base must not fall below. Only the tuning half runs here:
 * the held-out half is counted by `npm run bench` (bench/bot-eval.ts) and never tuned on.
 *
 * Floors are the figures of 2026-12-04 (matcher with answers, Snowball stems, the
 * built-in lexicon, titles, trigrams, names as details and "Did you mean…?" from 0.55), rounded
 * down; raise them when the bot gets better.
 * right %: (right + "Did you mean" with the right entry / 2) / questions.
 */
const FLOORS: readonly { set: string; locale: string; right: number; maxWrong: number; minOffTopic: number }[] = [
  { set: 'demo shop', locale: 'en', right: 64, maxWrong: 1, minOffTopic: 15 },
  { set: 'demo shop', locale: 'pt-BR', right: 80, maxWrong: 0, minOffTopic: 16 },
  { set: 'demo shop', locale: 'es', right: 76, maxWrong: 3, minOffTopic: 14 },
  { set: 'clinic', locale: 'en', right: 66, maxWrong: 1, minOffTopic: 13 },
  { set: 'clinic', locale: 'pt-BR', right: 68, maxWrong: 1, minOffTopic: 13 },
  { set: 'clinic', locale: 'es', right: 66, maxWrong: 2, minOffTopic: 13 },
];

describe('the evaluation sets, tuning half', async () => {
  const report = await measureEval(['tune']);

  it('runs only the tuning half', () => {
    expect(report.rows.map((row) => row.split)).toEqual(FLOORS.map(() => 'tune'));
  });

  it.each(FLOORS)('$set, $locale: right ≥ $right%, wrong entries ≤ $maxWrong, off-topic to the fallback ≥ $minOffTopic', (floor) => {
    const row = report.rows.find((candidate) => candidate.set === floor.set && candidate.locale === floor.locale);
    expect(row).toBeDefined();
    expect(row?.accuracy ?? 0).toBeGreaterThanOrEqual(floor.right);
    expect(row?.wrong ?? Number.POSITIVE_INFINITY).toBeLessThanOrEqual(floor.maxWrong);
    expect(row?.offTopic.right ?? 0).toBeGreaterThanOrEqual(floor.minOffTopic);
  });
});
