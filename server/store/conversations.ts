import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { ConversationStatus, Locale } from '../../protocol/codes';
import type { ConversationSummary, HandoffInfo, Message, Note, StatusEvent, VisitorContextInfo } from '../../protocol/frames';
import { AppError } from '../errors';
import type { Db } from './db';
import { listForContact, publicCallback } from './callbacks';
import type { Database, MessagesTable } from './schema';

export type NewMessage = {
  author: Message['author'];
  authorName: string | null;
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

function toMessage(row: MessagesTable): Message {
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
  if (row.quick_replies !== null) message.quickReplies = JSON.parse(row.quick_replies) as string[];
  if (row.event !== null) message.event = JSON.parse(row.event) as StatusEvent;
  if (row.ask_feedback === 1) message.askFeedback = true;
  if (row.draft_id !== null) message.draftId = row.draft_id;
  if (row.offer_callback === 1) message.offerCallback = true;
  return message;
}

export async function createConversation(
  db: Db,
  input: {
    siteKey: string;
    contactId: string;
    locale: Locale;
    page: { url: string; title?: string | undefined } | null;
    timeZone: string | null;
    userAgent: string | null;
  },
  now: Date,
): Promise<string> {
  const id = randomUUID();
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('conversations')
      .values({
        id,
        site_key: input.siteKey,
        contact_id: input.contactId,
        status: 'bot',
        assigned_agent_id: null,
        locale: input.locale,
        page_url: input.page?.url ?? null,
        page_title: input.page?.title ?? null,
        last_seq: 0,
        last_message: null,
        handoff: null,
        offered_to: null,
        offer_expires_at: null,
        queued_at: null,
        time_zone: input.timeZone,
        user_agent: input.userAgent,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await insertMessage(trx, id, {
      author: 'system',
      authorName: null,
      text: '',
      clientMsgId: null,
      event: { kind: 'status', from: null, to: 'bot', reason: 'Conversation started' },
    }, now);
  });
  return id;
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
  return { message: await insertMessage(trx, conversationId, input, now), duplicate: false };
}

export type TransitionChange = {
  from: readonly ConversationStatus[];
  to: ConversationStatus;
  reason: string;
  assignedAgentId: string | null;
  requireAgentId?: string;
  /** Who made the change (the agent's name), shown with the event; null for the bot or system. */
  actorName?: string;
  /** Entering the queue: when it counts as queued (earlier than others = front). Default now. */
  queuedAt?: string;
  /** Machine-readable reason for clients (see StatusEvent.code). */
  code?: string;
  };

/**
 * Moves a conversation from one of `from` to `to`, writing the change into the transcript. The
 * conditional update makes concurrent transitions safe: only one of two racing accepts wins.
 */
export async function transition(db: Db, conversationId: string, change: TransitionChange, now: Date): Promise<Message> {
  return db.transaction().execute((trx) => transitionIn(trx, conversationId, change, now));
}

/** `transition` inside a transaction the caller holds (a callback step and its transcript line commit together). */
export async function transitionIn(trx: Transaction<Database>, conversationId: string, change: TransitionChange, now: Date): Promise<Message> {
  const current = await trx
    .selectFrom('conversations')
    .select(['status', 'assigned_agent_id', 'queued_at', 'site_key'])
    .where('id', '=', conversationId)
    .executeTakeFirst();
  if (current === undefined) throw new AppError('not_found', 404, 'No such conversation.');
  const at = now.toISOString();
  let update = trx
    .updateTable('conversations')
    .set({
      status: change.to,
      assigned_agent_id: change.assignedAgentId,
      // Any transition ends an offer; entering the queue stamps the queue time.
      offered_to: null,
      offer_expires_at: null,
      queued_at: change.to === 'queued' ? (change.queuedAt ?? at) : null,
    })
    .where('id', '=', conversationId)
    .where('status', 'in', [...change.from]);
  if (change.requireAgentId !== undefined) update = update.where('assigned_agent_id', '=', change.requireAgentId);
  const result = await update.executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) {
    throw new AppError(
      'invalid_state',
      409,
      `The conversation is ${current.status}${current.assigned_agent_id !== null ? ' with another agent' : ''}; it cannot become ${change.to}.`,
    );
  }
  if (current.status === 'queued' && change.to === 'live' && current.queued_at !== null) {
    await trx
      .insertInto('queue_waits')
      .values({
        conversation_id: conversationId,
        site_key: current.site_key,
        waited_ms: Math.max(0, now.getTime() - Date.parse(current.queued_at)),
        accepted_at: at,
      })
      .execute();
  }
  return insertMessage(trx, conversationId, {
    author: 'system',
    authorName: change.actorName ?? null,
    text: '',
    clientMsgId: null,
    event: {
      kind: 'status',
      from: current.status as ConversationStatus,
      to: change.to,
      reason: change.reason,
      ...(change.code === undefined ? {} : { code: change.code }),
    },
  }, now);
}

async function insertMessage(trx: Transaction<Database>, conversationId: string, input: NewMessage, now: Date): Promise<Message> {
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

const summaryColumns = [
  'conversations.id',
  'conversations.site_key',
  'conversations.status',
  'conversations.contact_id',
  'contacts.name as contact_name',
  'conversations.assigned_agent_id',
  'agents.name as agent_name',
  'conversations.locale',
  'conversations.last_seq',
  'conversations.last_message',
  'conversations.page_url',
  'conversations.page_title',
  'conversations.created_at',
  'conversations.updated_at',
  'conversations.offered_to',
  'conversations.offer_expires_at',
  'conversations.queued_at',
] as const;

function summaries(db: Db) {
  return db
    .selectFrom('conversations')
    .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
    .leftJoin('agents', 'agents.id', 'conversations.assigned_agent_id')
    .select(summaryColumns);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof summaries>['executeTakeFirstOrThrow']>>;

function toSummary(row: SummaryRow): ConversationSummary {
  return {
    id: row.id,
    siteKey: row.site_key,
    status: row.status as ConversationStatus,
    contactId: row.contact_id,
    contactName: row.contact_name,
    assignedAgentId: row.assigned_agent_id,
    assignedAgentName: row.agent_name ?? null,
    locale: row.locale as Locale,
    lastSeq: row.last_seq,
    lastMessage: row.last_message,
    page: row.page_url === null ? null : { url: row.page_url, ...(row.page_title === null ? {} : { title: row.page_title }) },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    offeredToAgentId: row.offered_to,
    offerExpiresAt: row.offer_expires_at,
    queuedAt: row.queued_at,
  };
}

/** Queued conversations, oldest in the queue first. */
export async function listQueued(db: Db): Promise<ConversationSummary[]> {
  const rows = await summaries(db)
    .where('conversations.status', '=', 'queued')
    .orderBy('conversations.queued_at', 'asc')
    .orderBy('conversations.id', 'asc')
    .execute();
  return rows.map(toSummary);
}

/** Live conversations per agent, for capacity. */
export async function liveCounts(db: Db): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('conversations')
    .select(['assigned_agent_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'live')
    .where('assigned_agent_id', 'is not', null)
    .groupBy('assigned_agent_id')
    .execute();
  return new Map(rows.map((r) => [r.assigned_agent_id ?? '', Number(r.n)]));
}

export async function liveFor(db: Db, agentId: string): Promise<ConversationSummary[]> {
  const rows = await summaries(db)
    .where('conversations.status', '=', 'live')
    .where('conversations.assigned_agent_id', '=', agentId)
    .orderBy('conversations.updated_at', 'asc')
    .execute();
  return rows.map(toSummary);
}

/**
 * Offers a queued conversation to an agent, unless it is already under a live offer. Returns
 * whether this call made the offer (a conditional update: safe against concurrent routers).
 */
export async function offer(db: Db, conversationId: string, agentId: string, expiresAt: Date, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('conversations')
    .set({ offered_to: agentId, offer_expires_at: expiresAt.toISOString() })
    .where('id', '=', conversationId)
    .where('status', '=', 'queued')
    .where((eb) => eb.or([eb('offered_to', 'is', null), eb('offer_expires_at', '<=', now.toISOString())]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Withdraws an offer that is still the given agent's. */
export async function withdrawOffer(db: Db, conversationId: string, agentId: string): Promise<boolean> {
  const result = await db
    .updateTable('conversations')
    .set({ offered_to: null, offer_expires_at: null })
    .where('id', '=', conversationId)
    .where('offered_to', '=', agentId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
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

export async function getSummary(db: Db, conversationId: string): Promise<ConversationSummary> {
  const row = await summaries(db).where('conversations.id', '=', conversationId).executeTakeFirst();
  if (row === undefined) throw new AppError('not_found', 404, 'No such conversation.');
  return toSummary(row);
}

/** The contact's most recent conversation (open or closed): what the widget shows. */
export async function latestForContact(db: Db, contactId: string): Promise<ConversationSummary | undefined> {
  const row = await summaries(db)
    .where('conversations.contact_id', '=', contactId)
    .orderBy('conversations.updated_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? undefined : toSummary(row);
}

/** What the console lists: everything waiting or live, plus the most recent bot and closed chats. */
export async function listForAgents(db: Db, recentLimit = 50): Promise<ConversationSummary[]> {
  const active = await summaries(db)
    .where('conversations.status', 'in', ['queued', 'live', 'callback'])
    .orderBy('conversations.updated_at', 'asc')
    .execute();
  const recent = await summaries(db)
    .where('conversations.status', 'in', ['bot', 'closed'])
    .orderBy('conversations.updated_at', 'desc')
    .limit(recentLimit)
    .execute();
  return [...active, ...recent].map(toSummary);
}

export async function setHandoff(db: Db, conversationId: string, handoff: HandoffInfo): Promise<void> {
  await db.updateTable('conversations').set({ handoff: JSON.stringify(handoff) }).where('id', '=', conversationId).execute();
}

export async function getHandoff(db: Db, conversationId: string): Promise<HandoffInfo | null> {
  const row = await db.selectFrom('conversations').select('handoff').where('id', '=', conversationId).executeTakeFirst();
  return row?.handoff == null ? null : (JSON.parse(row.handoff) as HandoffInfo);
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

/** Records "did that help?"; the first answer per message counts. Returns false if already given. */
export async function recordFeedback(db: Db, conversationId: string, messageId: string, helpful: boolean, now: Date): Promise<boolean> {
  const result = await db
    .insertInto('message_feedback')
    .values({ message_id: messageId, conversation_id: conversationId, helpful: helpful ? 1 : 0, created_at: now.toISOString() })
    .onConflict((oc) => oc.column('message_id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
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

/** The visitor came back (another page, another visit): what the agent's side panel shows. */
export async function updateVisitorInfo(
  db: Db,
  conversationId: string,
  info: { page: { url: string; title?: string | undefined } | null; timeZone: string | null; userAgent: string | null; locale: Locale },
): Promise<void> {
  await db
    .updateTable('conversations')
    .set({
      locale: info.locale,
      ...(info.page === null ? {} : { page_url: info.page.url, page_title: info.page.title ?? null }),
      ...(info.timeZone === null ? {} : { time_zone: info.timeZone }),
      ...(info.userAgent === null ? {} : { user_agent: info.userAgent }),
    })
    .where('id', '=', conversationId)
    .execute();
}

export async function visitorContextInfo(db: Db, conversationId: string): Promise<VisitorContextInfo> {
  const row = await db
    .selectFrom('conversations')
    .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
    .select([
      'conversations.contact_id',
      'contacts.name',
      'contacts.email',
      'conversations.page_url',
      'conversations.page_title',
      'conversations.locale',
      'conversations.time_zone',
      'conversations.user_agent',
    ])
    .where('conversations.id', '=', conversationId)
    .executeTakeFirst();
  if (row === undefined) throw new AppError('not_found', 404, 'No such conversation.');
  const past = await db
    .selectFrom('conversations')
    .select(['id', 'status', 'created_at', 'updated_at', 'last_message'])
    .where('contact_id', '=', row.contact_id)
    .where('id', '!=', conversationId)
    .orderBy('updated_at', 'desc')
    .limit(20)
    .execute();
  return {
    contact: { id: row.contact_id, name: row.name, email: row.email },
    page: row.page_url === null ? null : { url: row.page_url, ...(row.page_title === null ? {} : { title: row.page_title }) },
    locale: row.locale as Locale,
    timeZone: row.time_zone,
    userAgent: row.user_agent,
    past: past.map((c) => ({
      id: c.id,
      status: c.status as ConversationStatus,
      createdAt: c.created_at,
      updatedAt: c.updated_at,
      lastMessage: c.last_message,
    })),
    callbacks: (await listForContact(db, row.contact_id)).map(publicCallback),
  };
}

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

/**
 * Conversations with the bot whose last line is the visitor's: a bot turn was lost (the process
 * died mid-turn). Returned with what is needed to run that turn again.
 */
export async function pendingBotTurns(db: Db): Promise<
  Array<{ conversation: ConversationSummary; text: string; seq: number; timeZone: string | null; userAgent: string | null }>
> {
  const rows = await db
    .selectFrom('conversations')
    .innerJoin('messages', (join) =>
      join.onRef('messages.conversation_id', '=', 'conversations.id').onRef('messages.seq', '=', 'conversations.last_seq'),
    )
    .select(['conversations.id', 'messages.text', 'messages.seq', 'conversations.time_zone', 'conversations.user_agent'])
    .where('conversations.status', '=', 'bot')
    .where('messages.author', '=', 'visitor')
    .execute();
  const result = [];
  for (const row of rows) {
    result.push({ conversation: await getSummary(db, row.id), text: row.text, seq: row.seq, timeZone: row.time_zone, userAgent: row.user_agent });
  }
  return result;
}
