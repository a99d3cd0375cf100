import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Message, StatusEvent } from '../../protocol/frames';
import { AppError } from '../errors';
import type { Db } from './db';
import type { Database, MessagesTable } from './schema';

/**
 * The transcript: lines appended with the conversation's next `seq`, durable before they are
 * acknowledged (group commit), idempotent on the sender's `clientMsgId`.
 */
export type NewMessage = {
  author: Message['author'];
  authorName: string | null;
  /** The agent's avatar URL path (agents' messages and their status lines); omitted: none. */
  authorAvatar?: string | null;
  text: string;
  clientMsgId: string | null;
  quickReplies?: string[];
  event?: StatusEvent;
  askFeedback?: boolean;
  draftId?: string;
  offerCallback?: boolean;
};

export type Appended = { message: Message; duplicate: boolean };

const PREVIEW_CHARS = 140;

export function toMessage(row: MessagesTable): Message {
  const message: Message = {
    id: row.id,
    conversationId: row.conversation_id,
    seq: row.seq,
    author: row.author as Message['author'],
    authorName: row.author_name,
    text: row.text,
    createdAt: row.created_at,
    clientMsgId: row.client_msg_id,
  };
  if (row.author_avatar !== null) message.authorAvatar = row.author_avatar;
  if (row.quick_replies !== null) message.quickReplies = JSON.parse(row.quick_replies) as string[];
  if (row.event !== null) message.event = JSON.parse(row.event) as StatusEvent;
  if (row.ask_feedback === 1) message.askFeedback = true;
  if (row.draft_id !== null) message.draftId = row.draft_id;
  if (row.offer_callback === 1) message.offerCallback = true;
  return message;
}

/**
 * Appends one message with the conversation's next `seq`, committed (with the others of this turn
 * of the event loop, see `commitBatch`) before the promise settles. Idempotent on
 * `clientMsgId`: the same id again returns the stored message (`duplicate: true`); the same id
 * with different text is a conflict and changes nothing.
 */
export async function appendMessage(db: Db, conversationId: string, input: NewMessage, now: Date): Promise<Appended> {
  return new Promise((resolve, reject) => {
    let batch = pendingAppends.get(db);
    if (batch === undefined) {
      batch = [];
      pendingAppends.set(db, batch);
      setImmediate(() => commitBatch(db));
    }
    batch.push({ conversationId, input, now, resolve, reject });
  });
}

type PendingAppend = { conversationId: string; input: NewMessage; now: Date; resolve: (a: Appended) => void; reject: (e: unknown) => void };
const pendingAppends = new WeakMap<Db, PendingAppend[]>();

/**
 * Group commit: the appends that arrived in the same turn of the event loop share one transaction
 * and so one fsync (`synchronous=FULL` stays). One fsync per message was the relay's ceiling
 * (bench/README.md). Each append keeps its own duplicate check and its own answer; a refused one
 * (conflict, unknown conversation) writes nothing and does not hold back the others. Every promise
 * settles only after the commit: an acknowledged message is on disk.
 */
function commitBatch(db: Db): void {
  const batch = pendingAppends.get(db) ?? [];
  pendingAppends.delete(db);
  const settle: Array<() => void> = [];
  db.transaction()
    .execute(async (trx) => {
      for (const item of batch) {
        try {
          const result = await appendIn(trx, item.conversationId, item.input, item.now);
          settle.push(() => item.resolve(result));
        } catch (error) {
          // NOTE: appendIn throws only before it writes (the checks come first), so the rest of
          // the batch commits without a trace of the refused one.
          settle.push(() => item.reject(error));
        }
      }
    })
    .then(
      () => {
        for (const done of settle) done();
      },
      (error: unknown) => {
        for (const item of batch) item.reject(error);
      },
    );
}

async function appendIn(trx: Transaction<Database>, conversationId: string, input: NewMessage, now: Date): Promise<Appended> {
  if (input.clientMsgId !== null) {
    const existing = await trx
      .selectFrom('messages')
      .selectAll()
      .where('conversation_id', '=', conversationId)
      .where('client_msg_id', '=', input.clientMsgId)
      .executeTakeFirst();
    if (existing !== undefined) {
      if (existing.text !== input.text || existing.author !== input.author) {
        throw new AppError('conflict', 409, 'This clientMsgId was already used for a different message.');
      }
      return { message: toMessage(existing), duplicate: true };
    }
  }
  if (input.author === 'bot') {
    // NOTE: the bot speaks only while the conversation is with it. A turn that was still running
    // when the visitor was handed to a person (a slow answer, a second process) writes nothing.
    const row = await trx.selectFrom('conversations').select('status').where('id', '=', conversationId).executeTakeFirst();
    if (row !== undefined && row.status !== 'bot') {
      throw new AppError('invalid_state', 409, `The conversation is ${row.status}; the bot no longer answers in it.`);
    }
  }
  return { message: await insertMessage(trx, conversationId, input, now), duplicate: false };
}

/** Writes one line with the next `seq`, inside a transaction the caller holds (a move and its status line commit together). */
export async function insertMessage(trx: Transaction<Database>, conversationId: string, input: NewMessage, now: Date): Promise<Message> {
  const conversation = await trx
    .selectFrom('conversations')
    .select(['last_seq'])
    .where('id', '=', conversationId)
    .executeTakeFirst();
  if (conversation === undefined) throw new AppError('not_found', 404, 'No such conversation.');
  const at = now.toISOString();
  const row: MessagesTable = {
    id: randomUUID(),
    conversation_id: conversationId,
    seq: conversation.last_seq + 1,
    author: input.author,
    author_name: input.authorName,
    author_avatar: input.authorAvatar ?? null,
    text: input.text,
    client_msg_id: input.clientMsgId,
    quick_replies: input.quickReplies === undefined ? null : JSON.stringify(input.quickReplies),
    event: input.event === undefined ? null : JSON.stringify(input.event),
    ask_feedback: input.askFeedback === true ? 1 : null,
    draft_id: input.draftId ?? null,
    offer_callback: input.offerCallback === true ? 1 : null,
    created_at: at,
  };
  await trx.insertInto('messages').values(row).execute();
  await trx
    .updateTable('conversations')
    .set({
      last_seq: row.seq,
      updated_at: at,
      ...(input.event === undefined ? { last_message: input.text.slice(0, PREVIEW_CHARS) } : {}),
    })
    .where('id', '=', conversationId)
    .execute();
  return toMessage(row);
}

/** Messages after `afterSeq`, in order; the last `limit` of them. */
export async function listMessages(db: Db, conversationId: string, afterSeq = 0, limit = 500): Promise<Message[]> {
  const rows = await db
    .selectFrom('messages')
    .selectAll()
    .where('conversation_id', '=', conversationId)
    .where('seq', '>', afterSeq)
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse().map(toMessage);
}

/** A bot answer of this conversation that asked "did that help?", for feedback on it. */
export async function findBotMessage(db: Db, conversationId: string, messageId: string): Promise<Message | undefined> {
  const row = await db
    .selectFrom('messages')
    .selectAll()
    .where('id', '=', messageId)
    .where('conversation_id', '=', conversationId)
    .where('author', '=', 'bot')
    .where('ask_feedback', '=', 1)
    .executeTakeFirst();
  return row === undefined ? undefined : toMessage(row);
}

