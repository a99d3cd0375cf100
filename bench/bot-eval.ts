import { join } from 'node:path';
import { CLINIC_EVAL } from '../bot/knowledge/clinic.eval';
import { DEMO_SHOP_EVAL, type EvalQuestion, type EvalSplit } from '../bot/knowledge/demo-shop.eval';
import { type KnowledgeBase, loadKnowledgeBaseFile } from '../bot/knowledge-base';
import { createScriptedBot } from '../bot/scripted-bot';
import type { BotAction } from '../bot/types';
import { Locales, type Locale } from '../protocol/codes';
import { round, table } from './table';

/**
 * The honest evaluation (issue 13): visitor questions written by someone who did not run the
 * bot, for two kinds of business, split once into a tuning half and a held-out half. Only the
 * tuning half's misses are printed: the held-out half is for counting, never for reading
 * while tuning the matcher.
 */
const SETS = [
  { name: 'demo shop', kb: join(import.meta.dirname, '../bot/knowledge/demo-shop.yaml'), questions: DEMO_SHOP_EVAL },
  { name: 'clinic', kb: join(import.meta.dirname, '../bot/knowledge/clinic.yaml'), questions: CLINIC_EVAL },
] as const;

/**
 * How one question came out. `right`: the expected entry answered, or for a question the site
 * cannot answer, no entry did (the fallback, small talk or a person). `wrong`: another entry
 * answered — the worst outcome, a confident wrong answer. `unanswered`: an answerable question
 * that got the fallback or a handoff, or a "Did you mean…?" list without the right entry.
 * `half`: a "Did you mean…?" list with the right entry, counted as half right (the visitor
 * still has to choose). For a question the site cannot answer, a list is `unanswered`: it did
 * not reach the fallback, though it answered nothing wrongly either.
 */
export type EvalOutcome = 'right' | 'half' | 'wrong' | 'unanswered';

export type EvalRow = {
  set: string;
  locale: Locale;
  split: EvalSplit;
  total: number;
  answerable: number;
  right: number;
  half: number;
  wrong: number;
  unanswered: number;
  /** Of the questions the site cannot answer: how many no entry answered. */
  offTopic: { right: number; total: number };
  /** (right + half / 2) / total, in percent. */
  accuracy: number;
};

export type EvalMiss = { set: string; locale: Locale; text: string; expected: string | null; got: string };
export type EvalReport = { measuredAt: string; rows: EvalRow[]; tuningMisses: EvalMiss[] };

/** What the visitor sees first: the entry id, or the "Did you mean" entries, or "fallback", "<kind>:<reason>", "other". */
type Outcome = { entryId: string | null; suggested: readonly string[] | null; label: string };
function firstOutcome(kb: KnowledgeBase, actions: readonly BotAction[]): Outcome {
  const [first] = actions;
  if (first === undefined) return { entryId: null, suggested: null, label: 'nothing' };
  if (first.kind !== 'reply') return { entryId: null, suggested: null, label: `${first.kind}:${first.reason}` };
  if (first.entryId !== undefined) return { entryId: first.entryId, suggested: null, label: first.entryId };
  if (first.suggestedEntryIds !== undefined) return { entryId: null, suggested: first.suggestedEntryIds, label: `did-you-mean:${first.suggestedEntryIds.join(',')}` };
  return { entryId: null, suggested: null, label: Object.values(kb.fallback).includes(first.text) ? 'fallback' : 'other' };
}

export function judge(expected: string | null, got: Pick<Outcome, 'entryId' | 'suggested'>): EvalOutcome {
  if (got.suggested !== null) return expected !== null && got.suggested.includes(expected) ? 'half' : 'unanswered';
  if (got.entryId === expected) return 'right';
  if (got.entryId === null) return expected === null ? 'right' : 'unanswered';
  return 'wrong';
}

/** `splits`: which halves to run; the tuning-half unit test (bot/knowledge/eval-tuning.test.ts) runs only 'tune'. */
export async function measureEval(splits: readonly EvalSplit[] = ['tune', 'heldout']): Promise<EvalReport> {
  const rows: EvalRow[] = [];
  const tuningMisses: EvalMiss[] = [];
  for (const set of SETS) {
    const kb = loadKnowledgeBaseFile(set.kb);
    const bot = createScriptedBot(kb);
    for (const locale of Locales) {
      for (const split of splits) {
        const questions: readonly EvalQuestion[] = set.questions[locale].filter((q) => q.split === split);
        const row: EvalRow = { set: set.name, locale, split, total: 0, answerable: 0, right: 0, half: 0, wrong: 0, unanswered: 0, offTopic: { right: 0, total: 0 }, accuracy: 0 };
        for (const question of questions) {
          // Each question as the first of a conversation, in the widget language of its set.
          const actions = await bot.handle({ text: question.text, locale, history: [], agentsAvailable: true });
          const got = firstOutcome(kb, actions);
          const verdict = judge(question.expected, got);
          row.total += 1;
          row[verdict] += 1;
          if (question.expected === null) {
            row.offTopic.total += 1;
            if (verdict === 'right') row.offTopic.right += 1;
          } else {
            row.answerable += 1;
          }
          if (verdict !== 'right' && split === 'tune') tuningMisses.push({ set: set.name, locale, text: question.text, expected: question.expected, got: got.label });
        }
        row.accuracy = row.total === 0 ? 0 : round((100 * (row.right + row.half / 2)) / row.total, 1);
        rows.push(row);
      }
    }
  }
  return { measuredAt: new Date().toISOString(), rows, tuningMisses };
}

const pct = (part: number, whole: number) => (whole === 0 ? '-' : `${round((100 * part) / whole, 1).toFixed(1)}`);

export function printEval(report: EvalReport): void {
  console.log(`Measured ${report.measuredAt.slice(0, 10)}. Goal (issue 13): held-out ≥ 90% right per language, wrong entries ≤ 2%, off-topic to the fallback ≥ 95%.\n`);
  console.log(
    table(
      ['set', 'lang', 'half', 'questions', 'right %', 'did you mean %', 'wrong entry %', 'unanswered %', 'off-topic ok %'],
      report.rows.map((row) => [
        row.set,
        row.locale,
        row.split === 'tune' ? 'tuning' : 'held-out',
        row.total,
        row.accuracy.toFixed(1),
        pct(row.half, row.total),
        pct(row.wrong, row.total),
        pct(row.unanswered, row.total),
        pct(row.offTopic.right, row.offTopic.total),
      ]),
    ),
  );
  console.log(`\ntuning-half misses (${report.tuningMisses.length}; the held-out half's are not shown):`);
  for (const miss of report.tuningMisses.slice(0, 40)) {
    console.log(`  [${miss.set}, ${miss.locale}] ${JSON.stringify(miss.text)}: expected ${miss.expected ?? 'no entry'}, got ${miss.got}`);
  }
  if (report.tuningMisses.length > 40) console.log(`  … and ${report.tuningMisses.length - 40} more (bench/results JSON has them all)`);
}
