import type { VisitorFrame } from '../../protocol/frames';
import type { CallbackService } from '../domain/callbacks';
import type { ConversationService, VisitorContext } from '../domain/conversations';
import { AppError } from '../errors';
import type { Limits } from '../security/limits';
import type { Connection } from './connection';
import { assertNever } from './inbound-frame';
import { ackFrame, orFreeSlots, send } from './send';

export type VisitorFramesDeps = { conversations: ConversationService; callbacks: CallbackService; limits: Limits };

/**
 * A greeted visitor's frames, each already validated, handed to the domain. The visitor only
 * ever acts on their own contact (agent-only frames never get here: inbound-frame.ts), and a message naming a
 * conversation must name the visitor's latest one. Errors thrown here are sent back by the
 * session, referring to the frame.
 */
export function createVisitorFrames(connection: Connection, deps: VisitorFramesDeps, visitor: VisitorContext) {
  const ws = connection.peer;
  return async function handleVisitorFrame(frame: VisitorFrame): Promise<void> {
    switch (frame.type) {
      case 'message.send': {
        if (frame.conversationId !== undefined) {
          const conversation = await deps.conversations.latestFor(visitor.contactId);
          if (conversation?.id !== frame.conversationId) {
            throw new AppError('forbidden', 403, 'That conversation is not yours.');
          }
        }
        // Per visitor, not per socket: more tabs do not buy more messages.
        await deps.limits.visitorMessages.take(visitor.contactId, 'You are sending messages too fast.');
        await deps.conversations.visitorMessage(visitor, frame, ({ message }) => send(ws, ackFrame(frame, message)));
        return;
      }
      case 'handoff.request':
        await deps.conversations.visitorRequestsHandoff(visitor);
        return;
      case 'message.feedback':
        await deps.conversations.visitorFeedback(visitor, frame);
        return;
      case 'typing':
        await deps.conversations.visitorSignal(visitor, { kind: 'typing', typing: frame.typing });
        return;
      case 'conversation.read':
        await deps.conversations.visitorSignal(visitor, { kind: 'read', seq: frame.seq });
        return;
      case 'callback.slots':
        if (frame.callbackId !== undefined) throw new AppError('forbidden', 403, 'Only agents can reschedule a callback.');
        send(ws, { type: 'callback.slots', ...(await deps.callbacks.slotsFor(visitor.site.key)) });
        return;
      case 'callback.book':
        // The visitor may lose the race for the last place: then they see what is still free.
        await orFreeSlots(ws, frame, () => deps.callbacks.book(visitor, frame), () => deps.callbacks.slotsFor(visitor.site.key));
        return;
      case 'callback.cancel':
        await deps.callbacks.cancel(visitor, frame.callbackId);
        return;
      case 'ping':
        send(ws, { type: 'pong' });
        return;
      default:
        assertNever(frame);
    }
  };
}
