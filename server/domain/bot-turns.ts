import type { BotAction, HandoffReason, TranscriptLine } from '../../bot/types';
import type { ConversationSummary } from '../../protocol/frames';
import { type Bus, Topic } from '../bus/bus';
import { AppError } from '../errors';
import { getSummary, pendingBotTurns } from '../store/conversations';
import type { Db } from '../store/db';
import { appendMessage, listMessages } from '../store/messages';
import { findSite } from '../store/sites';
import type { Availability } from './availability';
import type { BotRegistry } from './bots';
import type { ContactFacts } from './contact-facts';
import type { DomainEvents } from './events';
import type { Moves } from './moves';
import type { UnansweredLog } from './unanswered';
import type { VisitorContext } from './visitor-context';

/** How much of the transcript the bot sees when it decides. */
const BOT_HISTORY = 20;

export type BotTurns = ReturnType<typeof createBotTurns>;

/**
 * The bot's side of a conversation. Its turns run one after another per conversation (answers
 * come in the order of the questions) and beside the visitor's frames (a slow LLM never delays
 * an ack). Each conversation with the bot has an abort signal that fires the moment it leaves
 * the bot (handoff, callback, shutdown): a streaming answer stops at once and nothing of it is
 * stored; the store refuses a bot line outside `bot` for whatever is already past that check.
 */
export function createBotTurns(deps: {
  db: Db;
  bus: Bus;
  bots: BotRegistry;
  availability: Availability;
  moves: Moves;
  events: DomainEvents;
  /** Where the questions the bot did not answer are kept for the site owner. */
  unanswered: Pick<UnansweredLog, 'record'>;
  contactFacts: ContactFacts;
  now: () => Date;
}) {
  const { db, bus, bots, availability, moves, events, unanswered, contactFacts, now } = deps;
  let shuttingDown = false;
  /**
   * A conversation's bot work while there is any: the last turn queued (`tail`), the abort
   * signal of the turns running now, and a generation that `stop` bumps so that turns queued
   * before it do not run. Gone when its last turn settles.
   */
  type Lane = { tail: Promise<unknown>; controller: AbortController | undefined; generation: number };
  const lanes = new Map<string, Lane>();

  /**
   * Stops the bot's work on this conversation: the turn in flight is aborted and the turns
   * already waiting behind it are dropped. Turns queued after this get a fresh signal.
   */
  function stop(conversationId: string): void {
    const lane = lanes.get(conversationId);
    if (lane === undefined) return;
    lane.controller?.abort();
    lane.controller = undefined;
    lane.generation += 1;
  }
  events.on('conversation.moved', (moved) => {
    if (moved.from === 'bot' && moved.to !== 'bot') stop(moved.conversationId);
  });

  // NOTE: one controller per conversation, aborted on leaving the bot and on shutdown; not
  // AbortSignal.any with a process-long signal, which on Node 20 keeps every turn's signal alive.
  function signalFor(lane: Lane): AbortSignal {
    lane.controller ??= new AbortController();
    if (shuttingDown) lane.controller.abort();
    return lane.controller.signal;
  }

  /** Where a turn that failed ends: logged for the operator (the visitor's message is stored and acknowledged). */
  const logFailure = (conversationId: string) => (error: unknown) => {
    console.error(`[bot] turn failed in conversation ${conversationId}`, error);
  };

  /**
   * Runs `work` after the conversation's earlier turns, unless `stop` came in between (then it
   * resolves to undefined without running); its result (or error) goes to the caller only.
   */
  function enqueue<T>(conversationId: string, work: (signal: () => AbortSignal) => Promise<T>): Promise<T | undefined> {
    const lane = lanes.get(conversationId) ?? { tail: Promise.resolve(), controller: undefined, generation: 0 };
    lanes.set(conversationId, lane);
    const generation = lane.generation;
    const result = lane.tail.then(() => (lane.generation === generation ? work(() => signalFor(lane)) : undefined));
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    lane.tail = settled;
    void settled.then(() => {
      if (lane.tail === settled) lanes.delete(conversationId);
    });
    return result;
  }

  /** The site as stored now: a knowledge base replaced through the API applies to open chats too. */
  const currentSite = async (visitor: VisitorContext) => (await findSite(db, visitor.site.key)) ?? visitor.site;

  /** A move or a bot line refused because the conversation left the bot meanwhile: the turn is simply over. */
  const leftTheBot = (error: unknown) => error instanceof AppError && error.code === 'invalid_state';

  async function transcript(conversationId: string, beforeSeq = Number.POSITIVE_INFINITY): Promise<TranscriptLine[]> {
    const history = await listMessages(db, conversationId, 0, BOT_HISTORY + 1);
    return history.filter((m) => m.seq < beforeSeq && m.event === undefined).map((m) => ({ author: m.author, text: m.text }));
  }

  async function say(conversation: ConversationSummary, line: { text: string; quickReplies?: string[]; askFeedback?: boolean; draftId?: string; offerCallback?: boolean }) {
    const { message } = await appendMessage(
      db,
      conversation.id,
      {
        author: 'bot',
        authorName: null,
        text: line.text,
        clientMsgId: null,
        ...(line.quickReplies === undefined ? {} : { quickReplies: line.quickReplies }),
        ...(line.askFeedback === true ? { askFeedback: true } : {}),
        ...(line.draftId === undefined ? {} : { draftId: line.draftId }),
        ...(line.offerCallback === true ? { offerCallback: true } : {}),
      },
      now(),
    );
    moves.publishMessage(message, conversation.contactId);
  }

  /**
   * The bot lets go: summary and facts for the agent, stored with the move to the queue. The
   * facts go on the contact too; each message's were already, so this only adds what the bot's
   * summary read better (an LLM's "Marta" where the words alone gave none).
   */
  async function handOver(conversation: ConversationSummary, visitor: VisitorContext, reason: HandoffReason, reasonText: string, code: string) {
    const bot = bots.forSite(visitor.site);
    const { summary, facts } = await bot.summarize({ transcript: await transcript(conversation.id), locale: visitor.locale, reason });
    await moves.move(conversation.id, {
      kind: 'bot.handed_off',
      reason: reasonText,
      code,
      handoff: { reason: reasonText, summary, facts, createdAt: now().toISOString() },
    });
    if (await contactFacts.learn(conversation, facts)) await moves.publishSummary(conversation.id);
  }

  async function apply(conversation: ConversationSummary, visitor: VisitorContext, actions: BotAction[], signal: AbortSignal) {
    for (const action of actions) {
      if (signal.aborted) return;
      switch (action.kind) {
        case 'reply':
          await say(conversation, action);
          break;
        case 'handoff':
        case 'offer_callback': {
          const callback = action.kind === 'offer_callback';
          const offer = callback && (await availability.forBot(conversation.siteKey)).callbacksEnabled;
          // NOTE: the bot says "nobody can come" in the call-back words whatever the site offers; the
          // server knows whether a call can be booked, so without one it says the site's leave-a-message words.
          const text = callback && !offer ? bots.nobodyCanCome(await currentSite(visitor), action.locale, { callbacks: false }) : action.text;
          await say(conversation, { text, ...(offer ? { offerCallback: true } : {}) });
          const reason = !callback
            ? handoffReasonText(action.reason)
            : offer
              ? `${handoffReasonText(action.reason)}; nobody was available, so the visitor was offered a call back and told a person will write back`
              : `${handoffReasonText(action.reason)}; nobody was available, so the visitor was asked to leave a message and told a person will write back`;
          await handOver(conversation, visitor, action.reason, reason, callback ? 'callback_offered' : action.reason);
          break;
        }
        default: {
          const unreachable: never = action;
          throw new Error(`Unhandled bot action ${JSON.stringify(unreachable)}`);
        }
      }
    }
  }

  /**
   * One turn, if the conversation is still with the bot when its turn comes. `question` is the
   * visitor message the turn answers, if it answers one.
   */
  async function turn(
    signalOf: () => AbortSignal,
    conversationId: string,
    visitor: VisitorContext,
    decide: (conversation: ConversationSummary, signal: AbortSignal) => Promise<BotAction[]>,
    question?: { text: string; seq: number },
  ) {
    const conversation = await getSummary(db, conversationId);
    if (conversation.status !== 'bot') return;
    const signal = signalOf();
    try {
      const actions = await decide(conversation, signal);
      // Before the actions, so that the question is recorded ahead of the move a handoff makes
      // (which marks it "asked for a person"); returns at once and never throws.
      if (question !== undefined && !signal.aborted) unanswered.record(conversation, question, actions);
      await apply(conversation, visitor, actions, signal);
    } catch (error) {
      if (!leftTheBot(error)) throw error;
      // Expected when a person or a call took over mid-turn: the turn simply ends.
      console.info(`[bot] conversation ${conversationId} left the bot during its turn; the turn ended`);
    }
  }

  function answer(conversationId: string, visitor: VisitorContext, text: string, seq: number): void {
    const decide = async (conversation: ConversationSummary, signal: AbortSignal) => {
      const site = await currentSite(visitor);
      return bots.forSite(site).handle(
        { text, locale: visitor.locale, history: await transcript(conversationId, seq), agentsAvailable: await availability.available(site.key) },
        {
          onDelta: (draftId, piece) => {
            if (signal.aborted) return;
            bus.publish(Topic.contact(conversation.contactId), { type: 'message.delta', conversationId, draftId, text: piece });
          },
          signal,
        },
      );
    };
    enqueue(conversationId, (signalOf) => turn(signalOf, conversationId, visitor, decide, { text, seq })).catch(logFailure(conversationId));
  }

  return {
    /** The visitor wrote while with the bot: it answers in its turn. */
    answer,

    /**
     * The visitor pressed "Talk to a person": the answer being written stops now, then (in the
     * conversation's turn, so never twice) the handoff, with the "book a call back" offer when
     * nobody can come.
     */
    requestHandoff(conversationId: string, visitor: VisitorContext): void {
      stop(conversationId);
      enqueue(conversationId, (signalOf) =>
        turn(signalOf, conversationId, visitor, async (conversation) => {
          const { available, callbacksEnabled } = await availability.forBot(visitor.site.key);
          // Nobody can come now: say so in the site's words, with the "book a call back" offer when the site takes calls.
          if (!available) {
            const text = bots.nobodyCanCome(await currentSite(visitor), visitor.locale, { callbacks: callbacksEnabled });
            await say(conversation, { text, offerCallback: callbacksEnabled });
          }
          const code = available ? 'visitor_asked' : 'callback_offered';
          await handOver(conversation, visitor, 'visitor_asked', `${handoffReasonText('visitor_asked')} (button)`, code);
          return [];
        }),
      ).catch(logFailure(conversationId));
    },

    /** "No, that didn't help" while with the bot lets it act (apologise, hand over). */
    feedback(conversationId: string, visitor: VisitorContext, helpful: boolean): void {
      enqueue(conversationId, (signalOf) =>
        turn(signalOf, conversationId, visitor, async () =>
          bots.forSite(visitor.site).feedback({
            helpful,
            locale: visitor.locale,
            history: await transcript(conversationId),
            agentsAvailable: await availability.available(visitor.site.key),
          }),
        ),
      ).catch(logFailure(conversationId));
    },

    /**
     * On start: answer visitor messages whose bot turn died with the previous process (SIGKILL
     * mid-turn). The messages were stored and acknowledged; their answers were not.
     */
    async resumePending(): Promise<number> {
      const pending = await pendingBotTurns(db);
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
        answer(conversation.id, visitor, text, seq);
      }
      return pending.length;
    },

    /** Resolves when no bot turn is running (tests and shutdown). */
    async idle(): Promise<void> {
      while (lanes.size > 0) await Promise.all([...lanes.values()].map((lane) => lane.tail));
    },

    /** Stops bot work in flight (streaming answers) and waits for it, when the server shuts down. */
    async shutdown(): Promise<void> {
      shuttingDown = true;
      for (const lane of lanes.values()) lane.controller?.abort();
      await Promise.all([...lanes.values()].map((lane) => lane.tail));
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
