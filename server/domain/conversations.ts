import type { ConversationSummary, HandoffInfo, Message, Note, VisitorContextInfo } from '../../protocol/frames';
import { type Bus, Topic } from '../bus/bus';
import { AppError } from '../errors';
import { type Agent, findActiveAgent } from '../store/agents';
import { getHandoff, recordFeedback } from '../store/bot-records';
import * as store from '../store/conversations';
import type { Db } from '../store/db';
import { appendMessage, findBotMessage, listMessages } from '../store/messages';
import { addNote, listNotes } from '../store/notes';
import type { SiteScope } from '../store/site-members';
import type { BotTurns } from './bot-turns';
import type { ContactFacts } from './contact-facts';
import type { Moves } from './moves';
import type { VisitorContext } from './visitor-context';

export type { VisitorContext } from './visitor-context';

export type SendResult = { message: Message; duplicate: boolean };

export type ResumeCursor = { conversationId: string; afterSeq: number };

/** A transcript for a client: whole, or the tail after its cursor (`resumed`). */
export type View<C> = { conversation: C; messages: Message[]; resumed: boolean; futureSeq: boolean };
export type AgentView = View<ConversationSummary> & { handoff: HandoffInfo | null; notes: Note[]; context: VisitorContextInfo };

/**
 * What visitors and agents do in a conversation: messages, notes, signals, and the moves they
 * ask for. Moves go through `moves` (the life cycle decides them); the bot's side is `botTurns`.
 */
export type ConversationService = ReturnType<typeof createConversationService>;

export function createConversationService(deps: {
  db: Db;
  bus: Bus;
  moves: Moves;
  botTurns: BotTurns;
  contactFacts: ContactFacts;
  /** Site scoping (site-access.ts): a chat is only ever transferred to someone who works on its site. */
  mayWorkOn: (agentId: string, siteKey: string) => Promise<boolean>;
  now: () => Date;
}) {
  const { db, bus, moves, botTurns, contactFacts, now } = deps;
  const { publishMessage, publishSummary } = moves;

  async function openConversationFor(visitor: VisitorContext): Promise<ConversationSummary> {
    const latest = await store.latestForContact(db, visitor.contactId);
    if (latest !== undefined && latest.status !== 'closed') return latest;
    if (latest !== undefined) return (await moves.move(latest.id, { kind: 'visitor.returned' })).summary;
    const id = await store.createConversation(
      db,
      {
        siteKey: visitor.site.key,
        contactId: visitor.contactId,
        locale: visitor.locale,
        page: visitor.page,
        timeZone: visitor.timeZone,
        userAgent: visitor.userAgent,
      },
      now(),
    );
    const [started] = await listMessages(db, id);
    if (started !== undefined) publishMessage(started, visitor.contactId);
    return publishSummary(id);
  }

  async function view<C extends ConversationSummary>(conversation: C, afterSeq: number | undefined): Promise<View<C>> {
    const futureSeq = afterSeq !== undefined && afterSeq > conversation.lastSeq;
    const resumed = afterSeq !== undefined && !futureSeq;
    const messages = await listMessages(db, conversation.id, resumed ? afterSeq : 0);
    return { conversation, messages, resumed, futureSeq };
  }

  return {
    latestFor(contactId: string): Promise<ConversationSummary | undefined> {
      return store.latestForContact(db, contactId);
    },

    /** What the console lists on the sites in `scope`: everything waiting or live, plus the most recent bot and closed chats. */
    listForAgents(scope: SiteScope): Promise<ConversationSummary[]> {
      return store.listForAgents(db, scope);
    },

    /**
     * The visitor's latest conversation for the widget's welcome: the whole transcript, or with a
     * cursor on that same conversation only what came after it.
     */
    async visitorView(contactId: string, cursor?: ResumeCursor): Promise<View<ConversationSummary | null>> {
      const conversation = await store.latestForContact(db, contactId);
      if (conversation === undefined) return { conversation: null, messages: [], resumed: false, futureSeq: false };
      return view(conversation, cursor?.conversationId === conversation.id ? cursor.afterSeq : undefined);
    },

    /**
     * Stores a visitor message (idempotent on clientMsgId) and lets the bot answer while the
     * conversation is with the bot. `onStored` runs once the message is durable, before the
     * bot's turn, so the sender's ack never waits on the bot. What the message tells about the
     * visitor (name, e-mail, phone, order number) goes on their contact before the summary is
     * published, so agents see it with the message, in any state of the conversation.
     */
    async visitorMessage(
      visitor: VisitorContext,
      input: { clientMsgId: string; text: string },
      onStored: (result: SendResult) => void,
    ): Promise<void> {
      const text = input.text.trim();
      if (text === '') throw new AppError('invalid_frame', 400, 'A message cannot be empty.');
      const conversation = await openConversationFor(visitor);
      const result = await appendMessage(db, conversation.id, { author: 'visitor', authorName: null, text, clientMsgId: input.clientMsgId }, now());
      onStored(result);
      if (result.duplicate) return;
      publishMessage(result.message, visitor.contactId);
      await contactFacts.fromVisitorMessage(conversation, text);
      await publishSummary(conversation.id);
      if (conversation.status === 'bot') botTurns.answer(conversation.id, visitor, text, result.message.seq);
    },

    /** The visitor pressed "Talk to a person". */
    async visitorRequestsHandoff(visitor: VisitorContext): Promise<void> {
      const conversation = await openConversationFor(visitor);
      if (conversation.status === 'bot') botTurns.requestHandoff(conversation.id, visitor);
    },

    /** "Did that help?" on a bot answer: stored once; a "no" while with the bot lets it act. */
    async visitorFeedback(visitor: VisitorContext, input: { messageId: string; helpful: boolean }): Promise<void> {
      const conversation = await store.latestForContact(db, visitor.contactId);
      const message = conversation === undefined ? undefined : await findBotMessage(db, conversation.id, input.messageId);
      if (conversation === undefined || message === undefined) {
        throw new AppError('not_found', 404, 'No such bot answer in your conversation.');
      }
      const recorded = await recordFeedback(db, conversation.id, message.id, input.helpful, now());
      // NOTE: the bot acts in the conversation's turn, beside the visitor's frames: a slow answer
      // ahead of it must not hold back the ack of the visitor's next message.
      if (recorded && conversation.status === 'bot') botTurns.feedback(conversation.id, visitor, input.helpful);
    },

    /** The visitor's open conversation, started (or reopened) if there is none. */
    ensureConversation: openConversationFor,

    /** The visitor said hello again (new page, new visit): keep the agent's side panel current. */
    async visitorSeen(visitor: VisitorContext): Promise<void> {
      const latest = await store.latestForContact(db, visitor.contactId);
      if (latest === undefined || latest.status === 'closed') return;
      await store.updateVisitorInfo(db, latest.id, visitor);
      if (latest.page?.url !== visitor.page?.url) await publishSummary(latest.id);
    },

    /** An internal note: stored, shown to agents who opened the conversation, never to the visitor. */
    async addNote(agent: Agent, input: { conversationId: string; clientMsgId: string; text: string }): Promise<void> {
      const text = input.text.trim();
      if (text === '') throw new AppError('invalid_frame', 400, 'A note cannot be empty.');
      await store.getSummary(db, input.conversationId);
      const note = await addNote(db, { conversationId: input.conversationId, authorId: agent.id, text, clientMsgId: input.clientMsgId }, now());
      bus.publish(Topic.conversation(input.conversationId), { type: 'note.new', note });
    },

    /** Hands my live conversation to another agent; an optional note for them stays internal. */
    async transfer(agent: Agent, input: { conversationId: string; toAgentId: string; note?: string | undefined }): Promise<void> {
      if (input.toAgentId === agent.id) throw new AppError('invalid_frame', 400, 'Choose another agent to transfer to.');
      const target = await findActiveAgent(db, input.toAgentId);
      if (target === undefined) throw new AppError('not_found', 404, 'No such active agent.');
      const conversation = await store.getSummary(db, input.conversationId);
      if (!(await deps.mayWorkOn(target.id, conversation.siteKey))) {
        throw new AppError('forbidden', 403, `${target.name} does not work on this site; transfer to someone who does.`);
      }
      const { line } = await moves.move(input.conversationId, { kind: 'agent.transferred', agent, to: target });
      const note = input.note?.trim();
      if (note !== undefined && note !== '') {
        const stored = await addNote(
          db,
          { conversationId: input.conversationId, authorId: agent.id, text: `Transfer note for ${target.name}: ${note}`, clientMsgId: `transfer:${line.id}` },
          now(),
        );
        bus.publish(Topic.conversation(input.conversationId), { type: 'note.new', note: stored });
      }
    },

    /** Ephemeral typing and read signals: the visitor's go to agents, the owner's to the visitor. */
    async visitorSignal(visitor: VisitorContext, signal: { kind: 'typing'; typing: boolean } | { kind: 'read'; seq: number }): Promise<void> {
      const latest = await store.latestForContact(db, visitor.contactId);
      if (latest === undefined) return;
      bus.publish(
        Topic.conversation(latest.id),
        signal.kind === 'typing'
          ? { type: 'typing', conversationId: latest.id, from: 'visitor', name: null, typing: signal.typing }
          : { type: 'conversation.read', conversationId: latest.id, by: 'visitor', seq: signal.seq },
      );
    },

    async agentSignal(
      agent: Agent,
      conversationId: string,
      signal: { kind: 'typing'; typing: boolean } | { kind: 'read'; seq: number },
    ): Promise<void> {
      const conversation = await store.getSummary(db, conversationId);
      if (conversation.status !== 'live' || conversation.assignedAgentId !== agent.id) {
        throw new AppError('forbidden', 403, 'This conversation is not assigned to you.');
      }
      bus.publish(
        Topic.contact(conversation.contactId),
        signal.kind === 'typing'
          ? { type: 'typing', conversationId, from: 'agent', name: agent.name, typing: signal.typing }
          : { type: 'conversation.read', conversationId, by: 'agent', seq: signal.seq },
      );
      // Other agents watching (a lead, a colleague after transfer) see the owner's signals too.
      if (signal.kind === 'typing') {
        bus.publish(Topic.conversation(conversationId), { type: 'typing', conversationId, from: 'agent', name: agent.name, typing: signal.typing });
      }
    },

    /**
     * An agent went offline: their live chats go back to the queue at `queuedAt`, with a line saying
     * so. The name is each chat's assignee as stored, which a deactivated agent still has (the team
     * list no longer does).
     */
    async requeueFromAgent(agentId: string, queuedAt: string): Promise<void> {
      for (const conversation of await store.liveFor(db, agentId)) {
        await moves.move(conversation.id, { kind: 'agent.dropped', agentId, agentName: conversation.assignedAgentName, why: 'offline', queuedAt });
      }
    },

    /** Stops bot work in flight (streaming answers) and waits for it, when the server shuts down. */
    shutdown: botTurns.shutdown,
    resumePendingBotTurns: botTurns.resumePending,
    botIdle: botTurns.idle,

    async agentOpen(conversationId: string, afterSeq?: number): Promise<AgentView> {
      const detail = await view(await store.getSummary(db, conversationId), afterSeq);
      return {
        ...detail,
        handoff: await getHandoff(db, conversationId),
        notes: await listNotes(db, conversationId),
        context: await store.visitorContextInfo(db, conversationId),
      };
    },

    async accept(agent: Agent, conversationId: string): Promise<void> {
      await moves.move(conversationId, { kind: 'agent.accepted', agent });
    },

    async close(agent: Agent, conversationId: string): Promise<void> {
      await moves.move(conversationId, { kind: 'agent.closed', agent });
    },

    async agentMessage(
      agent: Agent,
      input: { conversationId: string; clientMsgId: string; text: string },
      onStored: (result: SendResult) => void,
    ): Promise<void> {
      const text = input.text.trim();
      if (text === '') throw new AppError('invalid_frame', 400, 'A message cannot be empty.');
      const conversation = await store.getSummary(db, input.conversationId);
      if (conversation.status !== 'live' || conversation.assignedAgentId !== agent.id) {
        throw new AppError('forbidden', 403, 'Accept the conversation before replying; it is not assigned to you.');
      }
      const result = await appendMessage(db, conversation.id, { author: 'agent', authorName: agent.name, authorAvatar: agent.avatar, text, clientMsgId: input.clientMsgId }, now());
      onStored(result);
      if (result.duplicate) return;
      publishMessage(result.message, conversation.contactId);
      await publishSummary(conversation.id);
    },
  };
}
