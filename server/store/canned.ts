import { randomUUID } from 'node:crypto';
import { isUniqueViolation } from './agents';
import type { Db } from './db';

/** A saved reply the agent inserts by typing `/shortcut`. The text is plain text, stored as given. */
export type CannedReply = { id: string; shortcut: string; text: string };

export async function listCanned(db: Db): Promise<CannedReply[]> {
  return db.selectFrom('canned_replies').select(['id', 'shortcut', 'text']).orderBy('shortcut').execute();
}

/** Saves a reply; undefined when the shortcut is already taken. */
export async function createCanned(
  db: Db,
  input: { shortcut: string; text: string; createdBy: string },
  now: Date,
): Promise<CannedReply | undefined> {
  const reply: CannedReply = { id: randomUUID(), shortcut: input.shortcut, text: input.text };
  try {
    await db
      .insertInto('canned_replies')
      .values({ ...reply, created_by: input.createdBy, created_at: now.toISOString() })
      .execute();
  } catch (error) {
    if (isUniqueViolation(error)) return undefined;
    throw error;
  }
  return reply;
}

/** False when there was no such reply. */
export async function deleteCanned(db: Db, id: string): Promise<boolean> {
  const result = await db.deleteFrom('canned_replies').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
