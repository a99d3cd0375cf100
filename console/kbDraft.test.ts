import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseKnowledgeBase } from '../bot/knowledge-base';
import { draftFromYaml, draftToYaml, idFor, newEntry, placeProblems } from './kbDraft';

const DEMO = readFileSync(resolve(import.meta.dirname, '../bot/knowledge/demo-shop.yaml'), 'utf8');

describe('the editor draft', () => {
  it('round-trips the demo knowledge base: same knowledge base, comments kept', () => {
    const yaml = draftToYaml(draftFromYaml(DEMO));
    expect(parseKnowledgeBase(yaml)).toEqual(parseKnowledgeBase(DEMO));
    expect(yaml.split('\n')[0]).toBe(DEMO.split('\n')[0]);
  });

  it('writes an edited entry and a new one; empty languages are left out', () => {
    const draft = draftFromYaml(DEMO);
    const added = newEntry('gift-wrap', { text: 'Do you gift wrap?', locale: 'es' });
    added.answer.es = 'Sí.';
    const yaml = draftToYaml({ ...draft, entries: [...draft.entries, added] });
    const kb = parseKnowledgeBase(yaml);
    expect(kb.entries.at(-1)).toEqual({ id: 'gift-wrap', questions: { es: ['Do you gift wrap?'] }, answer: { es: 'Sí.' }, handoff: false });
  });

  it('refuses a file that is not a knowledge base', () => {
    expect(() => draftFromYaml('site: [')).toThrow(/not valid YAML/);
    expect(() => draftFromYaml('- a\n- b')).toThrow(/mapping/);
  });

  it('makes an unused id from a question', () => {
    expect(idFor('¿Envían a Canarias?', [])).toBe('envian-a-canarias');
    expect(idFor('Returns', ['returns'])).toBe('returns-2');
    expect(idFor('???', [])).toBe('new-entry');
  });

  it('places the server problems next to the entry and field they name', () => {
    const draft = draftFromYaml(DEMO);
    const placed = placeProblems(
      ['entry "returns": answer.es is required (questions has es)', 'entries[2] (no id) id is required', 'greeting needs at least one language', 'entry "returns": followUps[0] "x" is not the id of an entry'],
      draft.entries,
    );
    const returns = draft.entries.findIndex((e) => e.id === 'returns');
    expect(placed.map((p) => [p.entryIndex, p.field, p.locale])).toEqual([
      [returns, 'answer', 'es'],
      [2, 'id', null],
      [null, null, null],
      [returns, 'followUps', null],
    ]);
  });
});
