import { randomUUID } from 'node:crypto';
import type { Locale } from '../../protocol/codes';
import type { Db } from './db';

/** What the bot did with a question it could not answer. */
export const BotDid = { Fallback: 'fallback', Suggested: 'suggested', HandedOff: 'handed_off' } as const;
export type BotDid = (typeof BotDid)[keyof typeof BotDid];

/** How much of a question is kept: enough to read it, bounded whatever the visitor pasted. */
export const UNANSWERED_TEXT_MAX = 500;

export type UnansweredQuestion = {
  siteKey: string;
  conversationId: string;
  messageSeq: number;
  text: string;
  locale: Locale;
  botDid: BotDid;
  groupKey: string;
};

export type UnansweredRow = UnansweredQuestion & { id: string; askedForPerson: boolean; createdAt: string };

/** Stores one question; false when that message was already recorded (a turn run again after a crash). */
export async function insertUnanswered(db: Db, question: UnansweredQuestion, now: Date): Promise<boolean> {
  const result = await db
    .insertInto('unanswered_questions')
    .values({
      id: randomUUID(),
      site_key: question.siteKey,
      conversation_id: question.conversationId,
      message_seq: question.messageSeq,
      // By code points, so a cut never splits an emoji into half a surrogate pair.
      text: Array.from(question.text).slice(0, UNANSWERED_TEXT_MAX).join(''),
      locale: question.locale,
      bot_did: question.botDid,
      group_key: question.groupKey,
      created_at: now.toISOString(),
    })
    .onConflict((oc) => oc.columns(['conversation_id', 'message_seq']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** The conversation went on to a person: its questions since `since` not yet marked are. Returns how many. */
export async function markAskedForPerson(db: Db, conversationId: string, since: Date): Promise<number> {
  const result = await db
    .updateTable('unanswered_questions')
    .set({ asked_for_person: 1 })
    .where('conversation_id', '=', conversationId)
    .where('asked_for_person', '=', 0)
    .where('created_at', '>=', since.toISOString())
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/**
 * Keeps the site's newest `keep` questions and deletes the rest; returns how many went.
 * Two plain queries (find the first row past the cut, delete it and everything older) so the
 * same SQL runs on SQLite and PostgreSQL, and both walk the (site_key, created_at) index.
 */
export async function pruneUnanswered(db: Db, siteKey: string, keep: number): Promise<number> {
  const cut = await db
    .selectFrom('unanswered_questions')
    .select(['created_at', 'id'])
    .where('site_key', '=', siteKey)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .offset(keep)
    .limit(1)
    .executeTakeFirst();
  if (cut === undefined) return 0;
  const result = await db
    .deleteFrom('unanswered_questions')
    .where('site_key', '=', siteKey)
    .where((eb) =>
      eb.or([eb('created_at', '<', cut.created_at), eb.and([eb('created_at', '=', cut.created_at), eb('id', '<=', cut.id)])]),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** A site's questions asked in [since, until), newest first, at most `limit`. */
export async function listUnanswered(
  db: Db,
  query: { siteKey: string; since: Date; until: Date; locale?: Locale | undefined; limit: number },
): Promise<UnansweredRow[]> {
  let select = db
    .selectFrom('unanswered_questions')
    .selectAll()
    .where('site_key', '=', query.siteKey)
    .where('created_at', '>=', query.since.toISOString())
    .where('created_at', '<', query.until.toISOString());
  if (query.locale !== undefined) select = select.where('locale', '=', query.locale);
  const rows = await select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
  return rows.map((row) => ({
    id: row.id,
    siteKey: row.site_key,
    conversationId: row.conversation_id,
    messageSeq: row.message_seq,
    text: row.text,
    locale: row.locale as Locale,
    botDid: row.bot_did as BotDid,
    groupKey: row.group_key,
    askedForPerson: row.asked_for_person === 1,
    createdAt: row.created_at,
  }));
}
