import { type GroupingVocabulary, groupQuestions, questionKey, vocabularyOf } from '../../bot/question-groups';
import { foldText } from '../../bot/normalize';
import type { BotAction } from '../../bot/types';
import { type Locale, Locales } from '../../protocol/codes';
import type { Db } from '../store/db';
import type { Site } from '../store/sites';
import {
  BotDid,
  insertUnanswered,
  listUnanswered,
  markAskedForPerson,
  pruneUnanswered,
  type UnansweredRow,
} from '../store/unanswered';
import type { BotRegistry } from './bots';
import type { DomainEvents } from './events';

/** Questions a site keeps at most; the oldest go first. A flood of questions cannot fill the disk. */
export const UNANSWERED_PER_SITE = 10_000;
/** How many of the newest questions of the period are grouped: a bounded read, whatever the period. */
export const UNANSWERED_WINDOW = 2_000;
/**
 * A conversation that goes on to a person marks its questions of this long before as "then asked
 * for a person". Its unmarked questions are all of its present time with the bot anyway (every
 * earlier stretch with the bot ended with a person, which marked them); the window keeps a
 * question of days ago from counting when the visitor comes back and asks for someone.
 */
export const ASKED_FOR_PERSON_WINDOW_MS = 60 * 60 * 1000;
const EXAMPLES = 5;

export type UnansweredQuery = { since: Date; until: Date; locale?: Locale | undefined; limit: number };

export type UnansweredGroup = {
  /** Stable for the same questions; for the console's lists, not to be parsed. */
  key: string;
  /** The group's most frequent wording (the newest of those, on a tie). */
  text: string;
  count: number;
  locales: Locale[];
  lastAt: string;
  botDid: { fallback: number; suggested: number; handedOff: number };
  /** How many of these conversations then went on to a person. */
  askedForPerson: number;
  /** Up to five different wordings, newest first. */
  examples: string[];
};

export type UnansweredReport = {
  since: string;
  until: string;
  /** Questions grouped: the newest UNANSWERED_WINDOW of the period at most. */
  scanned: number;
  /** True when the period had more questions than were grouped (counts are of the newest). */
  truncated: boolean;
  groups: UnansweredGroup[];
};

export type UnansweredLog = ReturnType<typeof createUnansweredLog>;

/**
 * The per-site record of questions the bot did not answer, for the site owner (issue 13): the
 * bot's turn hands each of its decisions over (`record`), a conversation going on to a person
 * marks its questions (from the domain event), and admins read them grouped by similarity.
 *
 * NOTE: recording never delays or breaks a bot turn: `record` returns at once, its write runs
 * beside the turn, and a failed write is logged and dropped. A conversation's writes run one
 * after another (record, then the mark when it goes to a person), so a mark never overtakes the
 * question it is about.
 */
export function createUnansweredLog(deps: {
  db: Db;
  bots: BotRegistry;
  events: DomainEvents;
  now: () => Date;
  keepPerSite?: number;
  /** Prune a site after this many new questions (and at its first in this process). */
  pruneEvery?: number;
  /** How many of a period's newest questions are grouped. */
  groupWindow?: number;
}) {
  const { db, bots, events, now } = deps;
  const keepPerSite = deps.keepPerSite ?? UNANSWERED_PER_SITE;
  const pruneEvery = deps.pruneEvery ?? 100;
  const groupWindow = deps.groupWindow ?? UNANSWERED_WINDOW;
  const pending = new Map<string, Promise<void>>();
  /** New questions per site since its last prune; no entry = not pruned yet by this process. */
  const sincePrune = new Map<string, number>();
  let closed = false;

  /** Runs `work` after the conversation's earlier writes; a failure is logged, never thrown. */
  function chain(conversationId: string, what: string, work: () => Promise<void>): void {
    const previous = pending.get(conversationId) ?? Promise.resolve();
    const next = previous.then(work).catch((error: unknown) => {
      // The question is lost to the report, not to the visitor: their chat carries on.
      console.error(`[unanswered] could not ${what} in conversation ${conversationId}`, error);
    });
    pending.set(conversationId, next);
    void next.then(() => {
      if (pending.get(conversationId) === next) pending.delete(conversationId);
    });
  }

  async function prune(siteKey: string): Promise<void> {
    const count = sincePrune.get(siteKey);
    if (count !== undefined && count + 1 < pruneEvery) {
      sincePrune.set(siteKey, count + 1);
      return;
    }
    sincePrune.set(siteKey, 0);
    await pruneUnanswered(db, siteKey, keepPerSite);
  }

  const offMoved = events.on('conversation.moved', (moved) => {
    // Leaving the bot for anything but the bot is going to a person: the queue, a live agent, a call back.
    if (moved.from !== 'bot' || moved.to === 'bot' || moved.to === 'closed' || closed) return;
    const since = new Date(now().getTime() - ASKED_FOR_PERSON_WINDOW_MS);
    chain(moved.conversationId, 'mark the questions asked for a person', async () => {
      await markAskedForPerson(db, moved.conversationId, since);
    });
  });

  function vocabularyFor(site: Site): GroupingVocabulary {
    try {
      return vocabularyOf(bots.knowledgeBase(site));
    } catch (error) {
      // A stored knowledge base that no longer parses must not hide the questions: group them plainly.
      console.error(`[unanswered] the knowledge base of site ${site.key} did not load; grouping without it`, error);
      return { synonyms: [] };
    }
  }

  return {
    /**
     * The bot decided `actions` for the visitor's message `question`: when they say it did not
     * answer it, the question is kept. Returns at once; see the NOTE above.
     */
    record(conversation: { id: string; siteKey: string }, question: { text: string; seq: number }, actions: readonly BotAction[]): void {
      const outcome = unansweredOutcome(actions);
      if (outcome === null || closed) return;
      const at = now();
      // The rest beside the turn, where a surprise is logged rather than thrown at the bot.
      chain(conversation.id, 'record a question', async () => {
        const groupKey = questionKey(question.text);
        // Emoji, "?" or "what?": nothing a knowledge-base entry could be written for.
        if (groupKey === '') return;
        const row = { siteKey: conversation.siteKey, conversationId: conversation.id, messageSeq: question.seq, text: question.text, groupKey, ...outcome };
        if (await insertUnanswered(db, row, at)) await prune(conversation.siteKey);
      });
    },

    /** The site's questions of the period, grouped by similarity, largest groups first. */
    async groups(site: Site, query: UnansweredQuery): Promise<UnansweredReport> {
      // What this process already decided is in the report (its writes take a moment).
      await Promise.all([...pending.values()]);
      const rows = await listUnanswered(db, { siteKey: site.key, since: query.since, until: query.until, locale: query.locale, limit: groupWindow + 1 });
      const truncated = rows.length > groupWindow;
      const scanned = rows.slice(0, groupWindow);
      const grouped = groupQuestions(
        scanned.map((row) => ({ ...row, key: row.groupKey, at: row.createdAt })),
        vocabularyFor(site),
      );
      const groups = grouped
        .map(({ key, items }) => summarize(key, items))
        .sort((a, b) => b.count - a.count || (a.lastAt < b.lastAt ? 1 : a.lastAt > b.lastAt ? -1 : 0))
        .slice(0, query.limit);
      return { since: query.since.toISOString(), until: query.until.toISOString(), scanned: scanned.length, truncated, groups };
    },

    /** Resolves when every write started so far is done (tests, shutdown). */
    async idle(): Promise<void> {
      while (pending.size > 0) await Promise.all([...pending.values()]);
    },

    /** Stops listening and recording, and waits for the writes in flight. Idempotent. */
    async close(): Promise<void> {
      closed = true;
      offMoved();
      while (pending.size > 0) await Promise.all([...pending.values()]);
    },
  };
}

/**
 * Whether the bot's actions left the visitor's question unanswered, how, and in which language
 * it replied: it gave up after its second miss (a handoff for low confidence), or it said "I'm
 * not sure" or offered "Did you mean…?" (the reply says so). Null when it answered, or handed
 * over for another reason.
 */
export function unansweredOutcome(actions: readonly BotAction[]): { botDid: BotDid; locale: Locale } | null {
  const gaveUp = actions.find((action) => action.kind !== 'reply' && action.reason === 'low_confidence');
  if (gaveUp !== undefined) return { botDid: BotDid.HandedOff, locale: gaveUp.locale };
  for (const action of actions) {
    if (action.kind === 'reply' && action.unanswered !== undefined) return { botDid: action.unanswered, locale: action.locale };
  }
  return null;
}

type Item = UnansweredRow & { key: string; at: string };

function summarize(key: string, items: readonly Item[]): UnansweredGroup {
  // Items come newest first: the first of each wording is its newest.
  const wordings = new Map<string, { text: string; count: number }>();
  const locales = new Set<Locale>();
  const botDid = { fallback: 0, suggested: 0, handedOff: 0 };
  let askedForPerson = 0;
  for (const item of items) {
    const wording = foldText(item.text).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
    const seen = wordings.get(wording);
    if (seen === undefined) wordings.set(wording, { text: item.text.trim(), count: 1 });
    else seen.count += 1;
    locales.add(item.locale);
    if (item.botDid === BotDid.HandedOff) botDid.handedOff += 1;
    else botDid[item.botDid] += 1;
    if (item.askedForPerson) askedForPerson += 1;
  }
  const distinct = [...wordings.values()];
  const representative = distinct.reduce((best, wording) => (wording.count > best.count ? wording : best), distinct[0] ?? { text: '', count: 0 });
  return {
    key,
    text: representative.text,
    count: items.length,
    locales: Locales.filter((locale) => locales.has(locale)),
    lastAt: items[0]?.at ?? '',
    botDid,
    askedForPerson,
    examples: distinct.slice(0, EXAMPLES).map((wording) => wording.text),
  };
}
