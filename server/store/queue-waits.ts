import type { Transaction } from 'kysely';
import type { Db } from './db';
import type { Database } from './schema';

/** Real waits (queued → accepted), kept for the wait estimate the queue line shows. */
export async function recordWaitIn(
  trx: Transaction<Database>,
  wait: { conversationId: string; siteKey: string; queuedAt: string },
  now: Date,
): Promise<void> {
  await trx
    .insertInto('queue_waits')
    .values({
      conversation_id: wait.conversationId,
      site_key: wait.siteKey,
      waited_ms: Math.max(0, now.getTime() - Date.parse(wait.queuedAt)),
      accepted_at: now.toISOString(),
    })
    .execute();
}

/** Recent real waits (ms) of a site, newest first. */
export async function recentWaits(db: Db, siteKey: string, since: Date, limit = 50): Promise<number[]> {
  const rows = await db
    .selectFrom('queue_waits')
    .select('waited_ms')
    .where('site_key', '=', siteKey)
    .where('accepted_at', '>=', since.toISOString())
    .orderBy('accepted_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.waited_ms);
}
