import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { ConversationStatus, Locale } from '../../protocol/codes';
import type { ConversationSummary, VisitorContextInfo } from '../../protocol/frames';
import { AppError } from '../errors';
import { listForContact, publicCallback } from './callbacks';
import type { Db } from './db';
import type { SiteScope } from './site-members';
import { insertMessage } from './messages';
import type { Database } from './schema';

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

const summaryColumns = [
  'conversations.id',
  'conversations.site_key',
  'conversations.status',
  'conversations.contact_id',
  'contacts.name as contact_name',
  'contacts.email as contact_email',
  'contacts.phone as contact_phone',
  'contacts.order_number as contact_order_number',
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
    contactEmail: row.contact_email,
    contactPhone: row.contact_phone,
    contactOrderNumber: row.contact_order_number,
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

/**
 * One page of a site's open conversations (bot, queued, live), by id after `afterId`: a keyset
 * page, so a caller walking them all ends even if some refuse to move.
 */
export async function openIdsOfSite(db: Db, siteKey: string, afterId: string, limit: number): Promise<string[]> {
  const rows = await db
    .selectFrom('conversations')
    .select('id')
    .where('site_key', '=', siteKey)
    .where('status', 'in', ['bot', 'queued', 'live'])
    .where('id', '>', afterId)
    .orderBy('id', 'asc')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
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
export async function listForAgents(db: Db, scope: SiteScope, recentLimit = 50): Promise<ConversationSummary[]> {
  if (!scope.all && scope.keys.size === 0) return [];
  const scoped = () => (scope.all ? summaries(db) : summaries(db).where('conversations.site_key', 'in', [...scope.keys]));
  const active = await scoped()
    .where('conversations.status', 'in', ['queued', 'live', 'callback'])
    .orderBy('conversations.updated_at', 'asc')
    .execute();
  const recent = await scoped()
    .where('conversations.status', 'in', ['bot', 'closed'])
    .orderBy('conversations.updated_at', 'desc')
    .limit(recentLimit)
    .execute();
  return [...active, ...recent].map(toSummary);
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
      'contacts.phone',
      'contacts.order_number',
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
    contact: { id: row.contact_id, name: row.name, email: row.email, phone: row.phone, orderNumber: row.order_number },
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


/** A conversation's state as the life cycle sees it, read inside the move's transaction. */
export async function readStateIn(
  trx: Transaction<Database>,
  conversationId: string,
): Promise<{ status: ConversationStatus; assignedAgentId: string | null; queuedAt: string | null; siteKey: string; contactId: string }> {
  const row = await trx
    .selectFrom('conversations')
    .select(['status', 'assigned_agent_id', 'queued_at', 'site_key', 'contact_id'])
    .where('id', '=', conversationId)
    .executeTakeFirst();
  if (row === undefined) throw new AppError('not_found', 404, 'No such conversation.');
  return {
    status: row.status as ConversationStatus,
    assignedAgentId: row.assigned_agent_id,
    queuedAt: row.queued_at,
    siteKey: row.site_key,
    contactId: row.contact_id,
  };
}

/**
 * Writes a move the life cycle decided, only if the conversation is still in the state it was
 * decided from (status and assignee): of two racing moves, even in two processes, one wins.
 * Every move ends an offer; `queuedAt` is set entering the queue and cleared leaving it.
 */
export async function writeStateIn(
  trx: Transaction<Database>,
  conversationId: string,
  expected: { status: ConversationStatus; assignedAgentId: string | null },
  change: { status: ConversationStatus; assignedAgentId: string | null; queuedAt: string | null },
): Promise<boolean> {
  const result = await trx
    .updateTable('conversations')
    .set({
      status: change.status,
      assigned_agent_id: change.assignedAgentId,
      offered_to: null,
      offer_expires_at: null,
      queued_at: change.queuedAt,
    })
    .where('id', '=', conversationId)
    .where('status', '=', expected.status)
    .where('assigned_agent_id', expected.assignedAgentId === null ? 'is' : '=', expected.assignedAgentId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
