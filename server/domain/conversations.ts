import type { Locale } from '../../protocol/codes';
import type { ConversationSummary, Message } from '../../protocol/frames';
import type { BotAction, TranscriptLine } from '../../bot/types';
import { type Bus, Topic } from '../bus/bus';
import { AppError } from '../errors';
import type { Db } from '../store/db';
import type { Agent } from '../store/agents';
import type { Site } from '../store/sites';
import * as store from '../store/conversations';
import type { BotRegistry } from './bots';

export type VisitorContext = {
  site: Site;
  contactId: string;
  locale: Locale;
  page: { url: string; title?: string | undefined } | null;
};

export type SendResult = { message: Message; duplicate: boolean };

export type ResumeCursor = { conversationId: string; afterSeq: number };

/** A transcript for a client: whole, or the tail after its cursor (`resumed`). */
export type View<C> = { conversation: C; messages: Message[]; resumed: boolean; futureSeq: boolean };

/** How much of the transcript the bot sees when it decides. */
const BOT_HISTORY = 20;

/**
 * The conversation life cycle: `bot → queued → live → closed` (closed → bot when the visitor
 * writes again). The bot decides, this service acts; every change is stored before it is
 * published, and every transition is written into the transcript with its reason.
 */
export type ConversationService = ReturnType<typeof createConversationService>;

export function createConversationService(deps: { db: Db; bus: Bus; bots: BotRegistry; now: () => Date }) {
  const { db, bus, bots, now } = deps;

  async function publishMessage(message: Message, contactId: string): Promise<void> {
    const frame = { type: 'message.new' as const, message };
    bus.publish(Topic.contact(contactId), frame);
    bus.publish(Topic.conversation(message.conversationId), frame);
  }

  async function publishSummary(conversationId: string): Promise<ConversationSummary> {
    const conversation = await store.getSummary(db, conversationId);
    const frame = { type: 'conversation.updated' as const, conversation };
    bus.publish(Topic.contact(conversation.contactId), frame);
    bus.publish(Topic.agents, frame);
    return conversation;
  }

  async function openConversationFor(visitor: VisitorContext): Promise<ConversationSummary> {
    const latest = await store.latestForContact(db, visitor.contactId);
    if (latest !== undefined && latest.status !== 'closed') return latest;
    if (latest !== undefined) {
      const event = await store.transition(
        db,
        latest.id,
        { from: ['closed'], to: 'bot', reason: 'The visitor wrote again', assignedAgentId: null },
        now(),
      );
      await publishMessage(event, visitor.contactId);
      return publishSummary(latest.id);
    }
    const id = await store.createConversation(
      db,
      { siteKey: visitor.site.key, contactId: visitor.contactId, locale: visitor.locale, page: visitor.page },
      now(),
    );
    const [started] = await store.listMessages(db, id);
    if (started !== undefined) await publishMessage(started, visitor.contactId);
    return publishSummary(id);
  }

  async function applyBotActions(conversation: ConversationSummary, actions: BotAction[]): Promise<void> {
    for (const action of actions) {
      switch (action.kind) {
        case 'reply': {
          const { message } = await store.appendMessage(
            db,
            conversation.id,
            {
              author: 'bot',
              authorName: null,
              text: action.text,
              clientMsgId: null,
              ...(action.quickReplies === undefined ? {} : { quickReplies: action.quickReplies }),
            },
            now(),
          );
          await publishMessage(message, conversation.contactId);
          break;
        }
        case 'handoff': {
          const { message } = await store.appendMessage(
            db,
            conversation.id,
            { author: 'bot', authorName: null, text: action.text, clientMsgId: null },
            now(),
          );
          await publishMessage(message, conversation.contactId);
          await moveToQueue(conversation, handoffReasonText(action.reason));
          break;
        }
        default: {
          const unreachable: never = action;
          throw new Error(`Unhandled bot action ${JSON.stringify(unreachable)}`);
        }
      }
    }
  }

  async function moveToQueue(conversation: ConversationSummary, reason: string): Promise<void> {
    const event = await store.transition(db, conversation.id, { from: ['bot'], to: 'queued', reason, assignedAgentId: null }, now());
    await publishMessage(event, conversation.contactId);
    await publishSummary(conversation.id);
  }

  async function runBot(conversation: ConversationSummary, visitor: VisitorContext, text: string, seq: number): Promise<void> {
    const history = await store.listMessages(db, conversation.id, 0, BOT_HISTORY + 1);
    const lines: TranscriptLine[] = history
      .filter((m) => m.seq < seq && m.event === undefined)
      .map((m) => ({ author: m.author, text: m.text }));
    const bot = bots.forSite(visitor.site);
    const actions = bot.handle({ text, locale: visitor.locale, history: lines });
    await applyBotActions(conversation, actions);
  }

  async function view<C extends ConversationSummary>(conversation: C, afterSeq: number | undefined): Promise<View<C>> {
    const futureSeq = afterSeq !== undefined && afterSeq > conversation.lastSeq;
    const resumed = afterSeq !== undefined && !futureSeq;
    const messages = await store.listMessages(db, conversation.id, resumed ? afterSeq : 0);
    return { conversation, messages, resumed, futureSeq };
  }

  return {
    latestFor(contactId: string): Promise<ConversationSummary | undefined> {
      return store.latestForContact(db, contactId);
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
     * bot's turn, so the sender's ack never waits on the bot.
     */
    async visitorMessage(
      visitor: VisitorContext,
      input: { clientMsgId: string; text: string },
      onStored: (result: SendResult) => void,
    ): Promise<void> {
      const text = input.text.trim();
      if (text === '') throw new AppError('invalid_frame', 400, 'A message cannot be empty.');
      const conversation = await openConversationFor(visitor);
      const result = await store.appendMessage(
        db,
        conversation.id,
        { author: 'visitor', authorName: null, text, clientMsgId: input.clientMsgId },
        now(),
      );
      onStored(result);
      if (result.duplicate) return;
      await publishMessage(result.message, visitor.contactId);
      await publishSummary(conversation.id);
      if (conversation.status === 'bot') await runBot(conversation, visitor, text, result.message.seq);
    },

    /** The visitor pressed "Talk to a person". */
    async visitorRequestsHandoff(visitor: VisitorContext): Promise<void> {
      const conversation = await openConversationFor(visitor);
      if (conversation.status !== 'bot') return;
      await moveToQueue(conversation, handoffReasonText('visitor_asked'));
    },

    async agentOpen(conversationId: string, afterSeq?: number): Promise<View<ConversationSummary>> {
      return view(await store.getSummary(db, conversationId), afterSeq);
    },

    async accept(agent: Agent, conversationId: string): Promise<void> {
      const event = await store.transition(
        db,
        conversationId,
        { from: ['queued'], to: 'live', reason: `${agent.name} accepted the conversation`, assignedAgentId: agent.id, actorName: agent.name },
        now(),
      );
      const conversation = await publishSummary(conversationId);
      await publishMessage(event, conversation.contactId);
    },

    async close(agent: Agent, conversationId: string): Promise<void> {
      const event = await store.transition(
        db,
        conversationId,
        {
          from: ['live'],
          to: 'closed',
          reason: `Closed by ${agent.name}`,
          assignedAgentId: agent.id,
          requireAgentId: agent.id,
          actorName: agent.name,
        },
        now(),
      );
      const conversation = await publishSummary(conversationId);
      await publishMessage(event, conversation.contactId);
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
      const result = await store.appendMessage(
        db,
        conversation.id,
        { author: 'agent', authorName: agent.name, text, clientMsgId: input.clientMsgId },
        now(),
      );
      onStored(result);
      if (result.duplicate) return;
      await publishMessage(result.message, conversation.contactId);
      await publishSummary(conversation.id);
    },
  };
}

function handoffReasonText(reason: string): string {
  switch (reason) {
    case 'visitor_asked':
      return 'The visitor asked for a person';
    case 'flagged_topic':
      return 'The topic always goes to a person';
    case 'low_confidence':
      return 'The bot could not answer twice in a row';
    default:
      return `Handed off by the bot (${reason})`;
  }
}
