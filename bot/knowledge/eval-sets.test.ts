import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Locales } from '../../protocol/codes';
import { loadKnowledgeBaseFile } from '../knowledge-base';
import { foldText } from '../normalize';
import { CLINIC_EVAL } from './clinic.eval';
import { DEMO_SHOP_EVAL, type EvalQuestion } from './demo-shop.eval';

// What makes the evaluation honest (issue 13), checked so that an edit cannot quietly break it.
const SETS = [
  { name: 'demo shop', kb: 'demo-shop.yaml', questions: DEMO_SHOP_EVAL },
  { name: 'clinic', kb: 'clinic.yaml', questions: CLINIC_EVAL },
] as const;

describe.each(SETS)('the $name evaluation set', ({ kb: file, questions }) => {
  const kb = loadKnowledgeBaseFile(join(import.meta.dirname, file));
  const ids = new Set(kb.entries.map((entry) => entry.id));

  it.each(Locales)('%s: at least 100 questions, a fifth the site cannot answer, every expected entry real', (locale) => {
    const rows: readonly EvalQuestion[] = questions[locale];
    expect(rows.length).toBeGreaterThanOrEqual(100);
    expect(rows.filter((q) => q.expected === null).length / rows.length).toBeGreaterThanOrEqual(0.2);
    expect(rows.filter((q) => q.expected !== null && !ids.has(q.expected)).map((q) => q.expected)).toEqual([]);
  });

  it.each(Locales)('%s: split once into two halves of the same make-up, no wording twice', (locale) => {
    const rows: readonly EvalQuestion[] = questions[locale];
    const tune = rows.filter((q) => q.split === 'tune');
    const heldout = rows.filter((q) => q.split === 'heldout');
    expect(Math.abs(tune.length - heldout.length)).toBeLessThanOrEqual(2);
    const nulls = (half: readonly EvalQuestion[]) => half.filter((q) => q.expected === null).length;
    expect(Math.abs(nulls(tune) - nulls(heldout))).toBeLessThanOrEqual(2);
    const folded = rows.map((q) => foldText(q.text).replace(/\s+/g, ' ').trim());
    expect(folded.filter((text, i) => folded.indexOf(text) !== i)).toEqual([]);
  });

  it('shares no wording with the knowledge base it is measured on', () => {
    const phrasings = new Set(kb.entries.flatMap((entry) => Object.values(entry.questions).flat()).map((text) => foldText(String(text)).trim()));
    const copied = Locales.flatMap((locale) => questions[locale].map((q) => q.text)).filter((text) => phrasings.has(foldText(text).trim()));
    expect(copied).toEqual([]);
  });
});
