import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BotAction } from '../../bot/types';
import type { Locale } from '../../protocol/codes';
import { createContactWithToken } from '../store/contacts';
import { createConversation } from '../store/conversations';
import { type Db, openSqlite } from '../store/db';
import { type Site, siteWithDefaults, upsertSite } from '../store/sites';
import { createBotRegistry } from './bots';
import { createDomainEvents, type DomainEvents } from './events';
import { ASKED_FOR_PERSON_WINDOW_MS, createUnansweredLog, type UnansweredLog, unansweredOutcome } from './unanswered';

const DEMO_KB = readFileSync(resolve(import.meta.dirname, '../../bot/knowledge/demo-shop.yaml'), 'utf8');
const fallback = (locale: Locale = 'en'): BotAction => ({ kind: 'reply', text: "I'm not sure", locale, unanswered: 'fallback' });
const suggested: BotAction = { kind: 'reply', text: 'Did you mean…?', locale: 'en', quickReplies: ['Where is my order?'], unanswered: 'suggested' };
const answered: BotAction = { kind: 'reply', text: 'We ship to…', locale: 'en', entryId: 'shipping-destinations', confidence: 0.9 };
const gaveUp: BotAction = { kind: 'handoff', reason: 'low_confidence', text: 'Passing you to a person', locale: 'es' };

describe('unansweredOutcome', () => {
  it('says what the bot did with a question it did not answer, and in which language', () => {
    expect(unansweredOutcome([fallback('pt-BR')])).toEqual({ botDid: 'fallback', locale: 'pt-BR' });
    expect(unansweredOutcome([suggested])).toEqual({ botDid: 'suggested', locale: 'en' });
    expect(unansweredOutcome([gaveUp])).toEqual({ botDid: 'handed_off', locale: 'es' });
    expect(unansweredOutcome([{ ...gaveUp, kind: 'offer_callback' }])).toEqual({ botDid: 'handed_off', locale: 'es' });
    expect(unansweredOutcome([answered])).toBeNull();
    expect(unansweredOutcome([{ ...gaveUp, reason: 'visitor_asked' }])).toBeNull();
    expect(unansweredOutcome([answered, { ...gaveUp, reason: 'flagged_topic' }])).toBeNull();
  });
});

describe('the unanswered-questions log (real SQLite)', () => {
  let dataDir: string;
  let db: Db;
  let events: DomainEvents;
  let clock: number;
  let log: UnansweredLog;
  const now = () => new Date(clock);
  const site: Site = siteWithDefaults({ key: 'demo', name: 'Demo', allowedOrigins: [], knowledgeBase: DEMO_KB });
  const other: Site = siteWithDefaults({ key: 'other', name: 'Other', allowedOrigins: [], knowledgeBase: DEMO_KB });
  const period = () => ({ since: new Date(clock - 86_400_000), until: new Date(clock + 1), limit: 50 });

  function start(options: Partial<Parameters<typeof createUnansweredLog>[0]> = {}): UnansweredLog {
    log = createUnansweredLog({ db, bots: createBotRegistry({ llm: null }), events, now, ...options });
    return log;
  }

  async function conversation(siteKey = 'demo'): Promise<{ id: string; siteKey: string }> {
    const { contactId } = await createContactWithToken(db, siteKey, now());
    const id = await createConversation(db, { siteKey, contactId, locale: 'en', page: null, timeZone: null, userAgent: null }, now());
    return { id, siteKey };
  }

  const rows = (siteKey = 'demo') => db.selectFrom('unanswered_questions').selectAll().where('site_key', '=', siteKey).orderBy('message_seq').execute();

  beforeEach(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ponte-unanswered-'));
    db = await openSqlite(dataDir);
    events = createDomainEvents();
    clock = Date.parse('2025-03-01T12:00:00Z');
    await upsertSite(db, site, now());
    await upsertSite(db, other, now());
  });
  afterEach(async () => {
    await log.close();
    await db.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps the questions the bot did not answer, once each, and nothing else', async () => {
    start();
    const chat = await conversation();
    log.record(chat, { text: 'do you sell bicycles?', seq: 2 }, [fallback()]);
    log.record(chat, { text: 'do you sell bicycles?', seq: 2 }, [fallback()]);
    log.record(chat, { text: 'where is my order?', seq: 4 }, [answered]);
    log.record(chat, { text: 'bitcoin??', seq: 6 }, [suggested]);
    log.record(chat, { text: '👍', seq: 8 }, [fallback()]);
    log.record(chat, { text: 'e para a Itália?', seq: 10 }, [{ ...gaveUp, locale: 'pt-BR' }]);
    log.record(chat, { text: 'x'.repeat(2000), seq: 12 }, [fallback()]);
    await log.idle();
    expect((await rows()).map((row) => [row.message_seq, row.text.length > 40 ? row.text.length : row.text, row.bot_did, row.locale, row.group_key])).toEqual([
      [2, 'do you sell bicycles?', 'fallback', 'en', 'bicycl sell'],
      [6, 'bitcoin??', 'suggested', 'en', 'bitcoin'],
      [10, 'e para a Itália?', 'handed_off', 'pt-BR', 'italia'],
      [12, 500, 'fallback', 'en', 'x'.repeat(2000)],
    ]);
  });

  it("marks a conversation's recent questions when it goes on to a person, and only those", async () => {
    start();
    const [a, b] = [await conversation(), await conversation()];
    log.record(a, { text: 'do you ship to italy?', seq: 2 }, [fallback()]);
    await log.idle();
    clock += ASKED_FOR_PERSON_WINDOW_MS + 1;
    log.record(a, { text: 'do you sell bicycles?', seq: 4 }, [fallback()]);
    log.record(b, { text: 'do you accept bitcoin', seq: 2 }, [fallback()]);
    // Announced before the question's write is done: the mark waits for it.
    events.emit({ type: 'conversation.moved', conversationId: a.id, siteKey: 'demo', from: 'bot', to: 'queued' });
    events.emit({ type: 'conversation.moved', conversationId: b.id, siteKey: 'demo', from: 'callback', to: 'bot' });
    await log.idle();
    const marked = (await rows()).map((row) => [row.text, row.asked_for_person]);
    expect(marked).toEqual(
      expect.arrayContaining([
        ['do you ship to italy?', 0],
        ['do you sell bicycles?', 1],
        ['do you accept bitcoin', 0],
      ]),
    );
    events.emit({ type: 'conversation.moved', conversationId: b.id, siteKey: 'demo', from: 'bot', to: 'callback' });
    await log.idle();
    expect((await rows()).find((row) => row.conversation_id === b.id)?.asked_for_person).toBe(1);
  });

  it('keeps at most its share of questions per site, the newest, and leaves other sites alone', async () => {
    start({ keepPerSite: 10, pruneEvery: 5 });
    const chat = await conversation();
    const elsewhere = await conversation('other');
    for (let seq = 1; seq <= 3; seq++) log.record(elsewhere, { text: `gift card ${seq}?`, seq }, [fallback()]);
    for (let seq = 1; seq <= 40; seq++) {
      clock += 1000;
      log.record(chat, { text: `question number ${seq} about bicycles`, seq }, [fallback()]);
    }
    await log.idle();
    const kept = (await rows()).map((row) => row.message_seq);
    // Pruned at the first question and then every fifth: never more than keep + pruneEvery - 1.
    expect(kept.length).toBeGreaterThanOrEqual(10);
    expect(kept.length).toBeLessThan(15);
    expect(kept.at(-1)).toBe(40);
    expect(kept).toEqual([...kept].sort((x, y) => x - y));
    expect(kept[0]).toBe(41 - kept.length);
    expect(await rows('other')).toHaveLength(3);
  });

  it('logs a write that fails and carries on: the next questions are kept', async () => {
    start();
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const chat = await conversation();
      log.record({ id: 'no-such-conversation', siteKey: 'demo' }, { text: 'do you sell bicycles?', seq: 2 }, [fallback()]);
      log.record(chat, { text: 'do you sell bicycles?', seq: 2 }, [fallback()]);
      await log.idle();
      expect(errors).toHaveBeenCalledWith(expect.stringContaining('could not record a question in conversation no-such-conversation'), expect.anything());
      expect(await rows()).toHaveLength(1);
    } finally {
      errors.mockRestore();
    }
  });

  it('reports groups with counts, what the bot did, the handoffs and examples, largest first', async () => {
    start();
    const asks: Array<[string, BotAction, boolean]> = [
      ['do you ship to italy?', fallback(), false],
      ['shipping to italy??', fallback(), true],
      ['Do you ship to Italy?', suggested, false],
      ['do u deliver to Italy', gaveUp, true],
      ['do you sell bicycles', fallback(), false],
      ['vocês vendem bicicletas?', fallback('pt-BR'), false],
    ];
    for (const [text, action, toPerson] of asks) {
      clock += 60_000;
      const chat = await conversation();
      log.record(chat, { text, seq: 2 }, [action]);
      if (toPerson) events.emit({ type: 'conversation.moved', conversationId: chat.id, siteKey: 'demo', from: 'bot', to: 'queued' });
    }
    const report = await log.groups(site, period());
    expect(report).toMatchObject({ scanned: 6, truncated: false });
    expect(report.groups).toEqual([
      {
        key: 'italy ship',
        text: 'Do you ship to Italy?',
        count: 4,
        locales: ['en', 'es'],
        lastAt: new Date(clock - 2 * 60_000).toISOString(),
        botDid: { fallback: 2, suggested: 1, handedOff: 1 },
        askedForPerson: 2,
        examples: ['do u deliver to Italy', 'Do you ship to Italy?', 'shipping to italy??'],
      },
      expect.objectContaining({ text: 'vocês vendem bicicletas?', count: 1, locales: ['pt-BR'] }),
      expect.objectContaining({ text: 'do you sell bicycles', count: 1, locales: ['en'] }),
    ]);

    expect((await log.groups(site, { ...period(), locale: 'pt-BR' })).groups.map((group) => group.text)).toEqual(['vocês vendem bicicletas?']);
    expect((await log.groups(site, { ...period(), limit: 1 })).groups).toHaveLength(1);
    expect((await log.groups(site, { ...period(), until: new Date(clock - 60_000) })).scanned).toBe(4);
    expect((await log.groups(other, period())).groups).toEqual([]);
  });

  it('groups only the newest questions of a long period, and says so', async () => {
    start({ groupWindow: 3 });
    for (let seq = 1; seq <= 5; seq++) {
      clock += 1000;
      log.record(await conversation(), { text: 'gift card?', seq }, [fallback()]);
    }
    const report = await log.groups(site, period());
    expect(report).toMatchObject({ scanned: 3, truncated: true, groups: [expect.objectContaining({ count: 3 })] });
  });
});
