import type { Transaction } from 'kysely';
import type { ConversationSummary, Message } from '../../protocol/frames';
import { type Bus, publishToSiteAgents, Topic } from '../bus/bus';
import { AppError } from '../errors';
import { setHandoffIn } from '../store/bot-records';
import { getSummary, readStateIn, writeStateIn } from '../store/conversations';
import type { Db } from '../store/db';
import { insertMessage } from '../store/messages';
import { recordWaitIn } from '../store/queue-waits';
import type { Database } from '../store/schema';
import type { DomainEvents } from './events';
import { type ConversationEvent, next, touchesQueue } from './lifecycle';

export type Moves = ReturnType<typeof createMoves>;

/**
 * The one place a conversation changes state. `move` reads the state inside a transaction, asks
 * the life cycle (lifecycle.ts), writes the change only if the state is still what was read,
 * writes the transcript's status line and the move's effects, and commits them together; then it
 * publishes the line and the summary and announces the move (routing, the bot's turn).
 */
export function createMoves(deps: { db: Db; bus: Bus; events: DomainEvents; now: () => Date }) {
  const { db, bus, events, now } = deps;

  function publishMessage(message: Message, contactId: string): void {
    const frame = { type: 'message.new' as const, message };
    bus.publish(Topic.contact(contactId), frame);
    bus.publish(Topic.conversation(message.conversationId), frame);
  }

  async function publishSummary(conversationId: string): Promise<ConversationSummary> {
    const conversation = await getSummary(db, conversationId);
    const frame = { type: 'conversation.updated' as const, conversation };
    bus.publish(Topic.contact(conversation.contactId), frame);
    publishToSiteAgents(bus, conversation.siteKey, frame);
    return conversation;
  }

  async function moveIn(trx: Transaction<Database>, conversationId: string, event: ConversationEvent, at: Date) {
    const state = await readStateIn(trx, conversationId);
    const decision = next(state, event);
    if (!decision.ok) {
      throw new AppError(decision.refusal.code, decision.refusal.code === 'forbidden' ? 403 : 409, decision.refusal.message);
    }
    const { move } = decision;
    const queuedAt = move.effects.find((effect) => effect.kind === 'queue_at');
    const written = await writeStateIn(trx, conversationId, state, {
      status: move.to,
      assignedAgentId: move.assignedAgentId,
      queuedAt: move.to === 'queued' ? (queuedAt?.at ?? at.toISOString()) : null,
    });
    // Another writer moved it between the read and the write (another process): theirs stands.
    if (!written) throw new AppError('invalid_state', 409, 'The conversation changed a moment ago; reload it.');
    for (const effect of move.effects) {
      if (effect.kind === 'record_wait' && state.queuedAt !== null) {
        await recordWaitIn(trx, { conversationId, siteKey: state.siteKey, queuedAt: state.queuedAt }, at);
      }
      if (effect.kind === 'store_handoff') await setHandoffIn(trx, conversationId, effect.handoff);
    }
    const line = await insertMessage(
      trx,
      conversationId,
      {
        author: 'system',
        authorName: move.line.actorName ?? null,
        authorAvatar: move.line.actorAvatar ?? null,
        text: '',
        clientMsgId: null,
        event: {
          kind: 'status',
          from: state.status,
          to: move.to,
          reason: move.line.reason,
          ...(move.line.code === undefined ? {} : { code: move.line.code }),
        },
      },
      at,
    );
    return { line, from: state.status, to: move.to, siteKey: state.siteKey, contactId: state.contactId };
  }

  return {
    publishMessage,
    publishSummary,

    /**
     * Applies one event to a conversation. `alongside` (a callback's own step) runs in the same
     * transaction, first: both are stored or neither. Refused moves throw `invalid_state` or
     * `forbidden` with the life cycle's words and change nothing.
     */
    async move<T = undefined>(
      conversationId: string,
      event: ConversationEvent,
      alongside?: (trx: Transaction<Database>) => Promise<T>,
    ): Promise<{ line: Message; summary: ConversationSummary; alongside: T }> {
      const at = now();
      const done = await db.transaction().execute(async (trx) => {
        const result = alongside === undefined ? (undefined as T) : await alongside(trx);
        return { ...(await moveIn(trx, conversationId, event, at)), result };
      });
      // Announced before the line is published: a bot answer being streamed stops now, so no
      // piece of it reaches the visitor after the line that says the bot let go.
      events.emit({ type: 'conversation.moved', conversationId, siteKey: done.siteKey, from: done.from, to: done.to });
      publishMessage(done.line, done.contactId);
      const summary = await publishSummary(conversationId);
      if (touchesQueue(done.from, done.to)) events.emit({ type: 'queue.changed' });
      return { line: done.line, summary, alongside: done.result };
    },
  };
}
