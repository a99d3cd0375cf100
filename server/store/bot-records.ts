import type { Transaction } from 'kysely';
import type { HandoffInfo } from '../../protocol/frames';
import type { Db } from './db';
import type { Database } from './schema';

/**
 * What the bot leaves behind: the handoff (summary and facts, written with the move to the queue)
 * and the visitors' "did that help?" on its answers.
 */
export async function setHandoffIn(trx: Transaction<Database>, conversationId: string, handoff: HandoffInfo): Promise<void> {
  await trx.updateTable('conversations').set({ handoff: JSON.stringify(handoff) }).where('id', '=', conversationId).execute();
}

export async function getHandoff(db: Db, conversationId: string): Promise<HandoffInfo | null> {
  const row = await db.selectFrom('conversations').select('handoff').where('id', '=', conversationId).executeTakeFirst();
  return row?.handoff == null ? null : (JSON.parse(row.handoff) as HandoffInfo);
}

/** Records "did that help?"; the first answer per message counts. Returns false if already given. */
export async function recordFeedback(db: Db, conversationId: string, messageId: string, helpful: boolean, now: Date): Promise<boolean> {
  const result = await db
    .insertInto('message_feedback')
    .values({ message_id: messageId, conversation_id: conversationId, helpful: helpful ? 1 : 0, created_at: now.toISOString() })
    .onConflict((oc) => oc.column('message_id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}
