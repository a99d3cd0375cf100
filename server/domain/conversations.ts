import type { Locale } from '../../protocol/codes';
import type { ConversationSummary, HandoffInfo, Message, Note, VisitorContextInfo } from '../../protocol/frames';
import type { BotAction, HandoffReason, TranscriptLine } from '../../bot/types';
import { type Bus, Topic } from '../bus/bus';
import { AppError } from '../errors';
import type { Db } from '../store/db';
import { type Agent, findActiveAgent } from '../store/agents';
import { type Site, findSite } from '../store/sites';
import * as store from '../store/conversations';
import type { BotRegistry } from './bots';
import type { Presence } from './presence';

export type VisitorContext = {
  site: Site;
  contactId: string;
  locale: Locale;
  page: { url: string; title?: string | undefined } | null;
  timeZone: string | null;
  userAgent: string | null;
  /** The visitor's address when they are connected now (per-address limits); null for replayed turns. */
  clientIp: string | null;
};

export type SendResult = { message: Message; duplicate: boolean };

export type ResumeCursor = { conversationId: string; afterSeq: number };

/** A transcript for a client: whole, or the tail after its cursor (`resumed`). */
export type View<C> = { conversation: C; messages: Message[]; resumed: boolean; futureSeq: boolean };
export type AgentView = View<ConversationSummary> & { handoff: HandoffInfo | null; notes: Note[]; context: VisitorContextInfo };

/** How much of the transcript the bot sees when it decides. */
const BOT_HISTORY = 20;

/**
 * The conversation life cycle: `bot → queued → live → closed` (closed → bot when the visitor
 * writes again). The bot decides, this service acts; every change is stored before it is
 * published, and every transition is written into the transcript with its reason.
 */
export type ConversationService = ReturnType<typeof createConversationService>;

export function createConversationService(deps: { db: Db; bus: Bus; bots: BotRegistry; presence: Presence; now: () => Date }) {
  const { db, bus, bots, presence, now } = deps;
  /** Aborted on close, so a streaming LLM answer never outlives the server. */
  const shutdown = new AbortController();
  /** Routing listens here: the queue or an agent's load changed. Set once by the composition root. */
  let queueChanged: () => void = () => undefined;
  /**
   * Whether a person can take a chat on the site now (someone online, within business hours) and
   * whether it takes callbacks. Set once by the composition root (the callback service knows hours).
   */
  let availability: (siteKey: string) => Promise<{ available: boolean; callbacksEnabled: boolean }> = async () => ({
    available: presence.agentsOnline() > 0,
    callbacksEnabled: false,
  });

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
    const [started] = await store.listMessages(db, id);
    if (started !== undefined) await publishMessage(started, visitor.contactId);
    return publishSummary(id);
  }

  async function applyBotActions(conversation: ConversationSummary, visitor: VisitorContext, actions: BotAction[]): Promise<void> {
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
              ...(action.askFeedback === true ? { askFeedback: true } : {}),
              ...(action.draftId === undefined ? {} : { draftId: action.draftId }),
            },
            now(),
          );
          await publishMessage(message, conversation.contactId);
          break;
        }
        case 'handoff':
        case 'offer_callback': {
          const offer = action.kind === 'offer_callback' && (await availability(conversation.siteKey)).callbacksEnabled;
          const { message } = await store.appendMessage(
            db,
            conversation.id,
            { author: 'bot', authorName: null, text: action.text, clientMsgId: null, ...(offer ? { offerCallback: true } : {}) },
            now(),
          );
          await publishMessage(message, conversation.contactId);
          const reason =
            action.kind === 'offer_callback'
              ? `${handoffReasonText(action.reason)}; nobody was available, so the visitor was offered a call back and told a person will write back`
              : handoffReasonText(action.reason);
          await handOver(conversation, visitor, action.reason, reason, action.kind === 'offer_callback' ? 'callback_offered' : action.reason);
          break;
        }
        default: {
          const unreachable: never = action;
          throw new Error(`Unhandled bot action ${JSON.stringify(unreachable)}`);
        }
      }
    }
  }

  async function moveToQueue(conversation: ConversationSummary, reason: string, code: string): Promise<void> {
    const event = await store.transition(db, conversation.id, { from: ['bot'], to: 'queued', reason, assignedAgentId: null, code }, now());
    await publishMessage(event, conversation.contactId);
    await publishSummary(conversation.id);
    queueChanged();
  }

  /** The bot lets go: summary and facts for the agent, then the queue. */
  async function handOver(
    conversation: ConversationSummary,
    visitor: VisitorContext,
    reason: HandoffReason,
    reasonText: string,
    code: string,
  ): Promise<void> {
    const transcript = await botTranscript(conversation.id);
    const bot = bots.forSite(visitor.site);
    const { summary, facts } = await bot.summarize({ transcript, locale: visitor.locale, reason });
    await store.setHandoff(db, conversation.id, { reason: reasonText, summary, facts, createdAt: now().toISOString() });
    await moveToQueue(conversation, reasonText, code);
  }

  async function botTranscript(conversationId: string, beforeSeq = Number.POSITIVE_INFINITY): Promise<TranscriptLine[]> {
    const history = await store.listMessages(db, conversationId, 0, BOT_HISTORY + 1);
    return history.filter((m) => m.seq < beforeSeq && m.event === undefined).map((m) => ({ author: m.author, text: m.text }));
  }

  /** Bot turns per conversation, chained so answers come in the order of the questions. */
  const botTurns = new Map<string, Promise<void>>();
  function botTurn(conversationId: string, work: () => Promise<void>): void {
    const next = (botTurns.get(conversationId) ?? Promise.resolve())
      .then(work)
      .catch((error: unknown) => {
        // The visitor's message is stored and acknowledged; the bot's failure must not lose it.
        // An agent still sees the message in the queue-less bot list; log for the operator.
        console.error(`[bot] turn failed in conversation ${conversationId}`, error);
      })
      .finally(() => {
        if (botTurns.get(conversationId) === next) botTurns.delete(conversationId);
      });
    botTurns.set(conversationId, next);
  }

  async function runBot(conversation: ConversationSummary, visitor: VisitorContext, text: string, seq: number): Promise<void> {
    const history = await botTranscript(conversation.id, seq);
    // Read the site each turn: a knowledge base replaced through the API applies to open chats too.
    const site = (await findSite(db, visitor.site.key)) ?? visitor.site;
    const bot = bots.forSite(site);
    const actions = await bot.handle(
      { text, locale: visitor.locale, history, agentsAvailable: (await availability(site.key)).available },
      {
        onDelta: (draftId, piece) =>
          bus.publish(Topic.contact(conversation.contactId), {
            type: 'message.delta',
            conversationId: conversation.id,
            draftId,
            text: piece,
          }),
        signal: shutdown.signal,
      },
    );
    await applyBotActions(conversation, visitor, actions);
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
      // NOTE: the bot's turn runs beside the visitor's frame queue, not in it: a slow LLM must
      // never delay the ack of the visitor's next message. Turns of one conversation stay in order.
      if (conversation.status === 'bot') botTurn(conversation.id, () => runBot(conversation, visitor, text, result.message.seq));
    },

    /** The visitor pressed "Talk to a person". */
    async visitorRequestsHandoff(visitor: VisitorContext): Promise<void> {
      const conversation = await openConversationFor(visitor);
      if (conversation.status !== 'bot') return;
      const { available, callbacksEnabled } = await availability(visitor.site.key);
      if (!available) {
        // Nobody can come now: say so in the site's words, with the "book a call back" offer.
        const { message } = await store.appendMessage(
          db,
          conversation.id,
          {
            author: 'bot',
            authorName: null,
            text: bots.callbackOffer(visitor.site, visitor.locale),
            clientMsgId: null,
            ...(callbacksEnabled ? { offerCallback: true } : {}),
          },
          now(),
        );
        await publishMessage(message, visitor.contactId);
      }
      const code = available ? 'visitor_asked' : 'callback_offered';
      await handOver(conversation, visitor, 'visitor_asked', `${handoffReasonText('visitor_asked')} (button)`, code);
    },

    /** "Did that help?" on a bot answer: stored once; a "no" while with the bot lets it act. */
    async visitorFeedback(visitor: VisitorContext, input: { messageId: string; helpful: boolean }): Promise<void> {
      const conversation = await store.latestForContact(db, visitor.contactId);
      const message = conversation === undefined ? undefined : await store.findBotMessage(db, conversation.id, input.messageId);
      if (conversation === undefined || message === undefined) {
        throw new AppError('not_found', 404, 'No such bot answer in your conversation.');
      }
      const recorded = await store.recordFeedback(db, conversation.id, message.id, input.helpful, now());
      if (!recorded || conversation.status !== 'bot') return;
      const bot = bots.forSite(visitor.site);
      const actions = await bot.feedback({
        helpful: input.helpful,
        locale: visitor.locale,
        history: await botTranscript(conversation.id),
        agentsAvailable: (await availability(visitor.site.key)).available,
      });
      await applyBotActions(conversation, visitor, actions);
    },

    publishSummary,
    publishMessage,
    /** The visitor's open conversation, started (or reopened) if there is none. */
    ensureConversation: openConversationFor,
    /** Something left or entered the queue outside this service (a booked callback). */
    queueChangedNow(): void {
      queueChanged();
    },
    setAvailability(check: typeof availability): void {
      availability = check;
    },

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
      const note = await store.addNote(db, { conversationId: input.conversationId, authorId: agent.id, text, clientMsgId: input.clientMsgId }, now());
      bus.publish(Topic.conversation(input.conversationId), { type: 'note.new', note });
    },

    /** Hands my live conversation to another agent; an optional note for them stays internal. */
    async transfer(agent: Agent, input: { conversationId: string; toAgentId: string; note?: string | undefined }): Promise<void> {
      if (input.toAgentId === agent.id) throw new AppError('invalid_frame', 400, 'Choose another agent to transfer to.');
      const target = await findActiveAgent(db, input.toAgentId);
      if (target === undefined) throw new AppError('not_found', 404, 'No such active agent.');
      const current = await store.getSummary(db, input.conversationId);
      if (current.status !== 'live' || current.assignedAgentId !== agent.id) {
        throw new AppError('forbidden', 403, 'You can only transfer a live conversation that is yours.');
      }
      const event = await store.transition(
        db,
        input.conversationId,
        {
          from: ['live'],
          to: 'live',
          reason: `${agent.name} transferred the conversation to ${target.name}`,
          assignedAgentId: target.id,
          requireAgentId: agent.id,
          actorName: target.name,
          code: 'transfer',
        },
        now(),
      );
      const note = input.note?.trim();
      if (note !== undefined && note !== '') {
        const stored = await store.addNote(
          db,
          { conversationId: input.conversationId, authorId: agent.id, text: `Transfer note for ${target.name}: ${note}`, clientMsgId: `transfer:${event.id}` },
          now(),
        );
        bus.publish(Topic.conversation(input.conversationId), { type: 'note.new', note: stored });
      }
      const conversation = await publishSummary(input.conversationId);
      await publishMessage(event, conversation.contactId);
      queueChanged();
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

    onQueueChange(listener: () => void): void {
      queueChanged = listener;
    },

    /** An agent went offline: their live chats go back to the queue at `queuedAt`, with a note why. */
    async requeueFromAgent(agentId: string, reason: string, queuedAt: string): Promise<void> {
      for (const conversation of await store.liveFor(db, agentId)) {
        const event = await store.transition(
          db,
          conversation.id,
          { from: ['live'], to: 'queued', reason, assignedAgentId: null, requireAgentId: agentId, queuedAt },
          now(),
        );
        await publishMessage(event, conversation.contactId);
        await publishSummary(conversation.id);
      }
      queueChanged();
    },

    /** Stops bot work in flight (streaming answers) and waits for it, when the server shuts down. */
    async shutdown(): Promise<void> {
      shutdown.abort();
      await Promise.all([...botTurns.values()]);
    },

    /**
     * On start: answer visitor messages whose bot turn died with the previous process (SIGKILL
     * mid-turn). The messages were stored and acknowledged; their answers were not.
     */
    async resumePendingBotTurns(): Promise<number> {
      const pending = await store.pendingBotTurns(db);
      for (const { conversation, text, seq, timeZone, userAgent } of pending) {
        const site = await findSite(db, conversation.siteKey);
        if (site === undefined) continue;
        const visitor: VisitorContext = {
          site,
          contactId: conversation.contactId,
          locale: conversation.locale,
          page: conversation.page,
          timeZone,
          userAgent,
          clientIp: null,
        };
        botTurn(conversation.id, () => runBot(conversation, visitor, text, seq));
      }
      return pending.length;
    },

    /** Resolves when no bot turn is running (tests and shutdown). */
    async botIdle(): Promise<void> {
      while (botTurns.size > 0) await Promise.all([...botTurns.values()]);
    },

    async agentOpen(conversationId: string, afterSeq?: number): Promise<AgentView> {
      const detail = await view(await store.getSummary(db, conversationId), afterSeq);
      return {
        ...detail,
        handoff: await store.getHandoff(db, conversationId),
        notes: await store.listNotes(db, conversationId),
        context: await store.visitorContextInfo(db, conversationId),
      };
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
      queueChanged();
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
      queueChanged();
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

function handoffReasonText(reason: HandoffReason): string {
  switch (reason) {
    case 'visitor_asked':
      return 'The visitor asked for a person';
    case 'flagged_topic':
      return 'The topic always goes to a person';
    case 'low_confidence':
      return 'The bot could not answer twice in a row';
    case 'negative_feedback':
      return 'The visitor said the answer did not help';
    case 'frustration':
      return 'The visitor seemed frustrated';
    case 'llm_decision':
      return 'The assistant decided a person should take over';
    default: {
      const unreachable: never = reason;
      return `Handed off by the bot (${String(unreachable)})`;
    }
  }
}
