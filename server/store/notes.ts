import { randomUUID } from 'node:crypto';
import type { Note } from '../../protocol/frames';
import type { Db } from './db';

/** Internal notes on a conversation: agents only, never sent to the visitor. */
/** Adds an internal note; the same clientMsgId again returns the stored note. */
export async function addNote(
  db: Db,
  input: { conversationId: string; authorId: string; text: string; clientMsgId: string },
  now: Date,
): Promise<Note> {
  await db
    .insertInto('notes')
    .values({
      id: randomUUID(),
      conversation_id: input.conversationId,
      author_id: input.authorId,
      text: input.text,
      client_msg_id: input.clientMsgId,
      created_at: now.toISOString(),
    })
    .onConflict((oc) => oc.columns(['conversation_id', 'client_msg_id']).doNothing())
    .execute();
  const [note] = (await listNotes(db, input.conversationId)).filter((n) => n.clientMsgId === input.clientMsgId);
  if (note === undefined) throw new Error('note vanished after insert');
  return note;
}

export async function listNotes(db: Db, conversationId: string): Promise<Note[]> {
  const rows = await db
    .selectFrom('notes')
    .innerJoin('agents', 'agents.id', 'notes.author_id')
    .select(['notes.id', 'notes.conversation_id', 'notes.author_id', 'agents.name', 'notes.text', 'notes.client_msg_id', 'notes.created_at'])
    .where('notes.conversation_id', '=', conversationId)
    .orderBy('notes.created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    conversationId: r.conversation_id,
    authorId: r.author_id,
    authorName: r.name,
    text: r.text,
    clientMsgId: r.client_msg_id,
    createdAt: r.created_at,
  }));
}

