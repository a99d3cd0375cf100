import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Locales, type Locale } from '../protocol/codes';
import { DEMO_SHOP_OFF_TOPIC, DEMO_SHOP_QUESTIONS } from './knowledge/demo-shop.questions';
import { loadKnowledgeBaseFile } from './knowledge-base';
import { createScriptedBot } from './scripted-bot';
import type { BotAction } from './types';

/**
 * The demo knowledge base as visitors meet it: ordinary wording (with typos and missing
 * accents) must reach the right entry, and no button may lead back to the answer it sits
 * under. Entry ids and fallback texts are compared, not confidences, so retuning the
 * matcher only breaks these tests when a visitor would notice.
 */

const kb = loadKnowledgeBaseFile(join(import.meta.dirname, 'knowledge', 'demo-shop.yaml'));
const bot = createScriptedBot(kb);

function ask(text: string, locale: Locale): Promise<BotAction[]> {
  return bot.handle({ text, locale, history: [], agentsAvailable: true });
}

/** What the visitor sees first, as one comparable line: the entry id, "fallback" or "handoff:<reason>". */
function outcome(actions: readonly BotAction[]): string {
  const [first] = actions;
  if (first === undefined) return 'nothing';
  if (first.kind !== 'reply') return `${first.kind}:${first.reason}`;
  if (first.unanswered !== undefined) return first.unanswered;
  return first.entryId ?? `other:${first.text}`;
}

describe('demo knowledge base: quick replies', () => {
  const buttons = kb.entries.flatMap((entry) =>
    Locales.flatMap((locale) =>
      (entry.quickReplies?.[locale] ?? []).map((label) => ({ entryId: entry.id, locale, label })),
    ),
  );

  it('has quick replies to check, the same ones in every language', () => {
    const entriesWithButtons = (locale: Locale) => buttons.filter((button) => button.locale === locale).map((button) => button.entryId);
    expect(entriesWithButtons('en')).not.toEqual([]);
    for (const locale of Locales) expect(entriesWithButtons(locale), locale).toEqual(entriesWithButtons('en'));
  });

  it.each(buttons)('$entryId ($locale): button $label leads somewhere else', async ({ entryId, locale, label }) => {
    const actions = await ask(label, locale);
    const [first] = actions;
    if (first?.kind === 'handoff') {
      // A "talk to a person" style button.
      expect(first.reason).toBe('visitor_asked');
      return;
    }
    expect(first).toMatchObject({ kind: 'reply', locale });
    const reached = outcome(actions);
    expect(reached).not.toBe(entryId);
    expect(reached).not.toBe('fallback');
    expect(kb.entries.map((entry) => entry.id)).toContain(reached);
  });
});

describe('demo knowledge base: follow-ups', () => {
  const followUps = kb.entries.flatMap((entry) =>
    (entry.followUps ?? []).flatMap((target) =>
      Locales.map((locale) => ({ entryId: entry.id, target, locale })),
    ),
  );

  it('has follow-ups to check, each to another entry that exists', () => {
    expect(followUps).not.toEqual([]);
    const ids = kb.entries.map((entry) => entry.id);
    for (const { entryId, target } of followUps) {
      expect(ids).toContain(target);
      expect(target).not.toBe(entryId);
    }
  });

  it.each(followUps)('$entryId ($locale): follow-up $target is offered and leads there', async ({ entryId, target, locale }) => {
    const question = kb.entries.find((entry) => entry.id === entryId)?.questions[locale]?.[0] ?? '';
    const [answer] = await ask(question, locale);
    const label = kb.entries.find((entry) => entry.id === target)?.questions[locale]?.[0];
    expect(answer?.kind === 'reply' ? answer.quickReplies : undefined).toContain(label);
    expect(outcome(await ask(label ?? '', locale))).toBe(target);
  });
});

describe('demo knowledge base: realistic questions', () => {
  for (const locale of Locales) {
    it.each(DEMO_SHOP_QUESTIONS[locale])(`${locale}: %j → %s`, async (text, entryId) => {
      const actions = await ask(text, locale);
      expect(outcome(actions)).toBe(entryId);
      expect(actions[0]).toMatchObject({ locale });
    });
  }

  // "Do you sell bicycles?" may get "Did you mean: What products do you sell?"; it must not get an answer.
  it.each(DEMO_SHOP_OFF_TOPIC)('off-topic %j (%s) → no answer (the fallback or "Did you mean")', async (text, locale) => {
    expect(['fallback', 'suggested']).toContain(outcome(await ask(text, locale)));
  });
});
