import type { AgentFrame } from '../../protocol/frames';
import { Topic } from '../bus/bus';
import type { Agent } from '../domain/agent-auth';
import type { CallbackService } from '../domain/callbacks';
import type { ConversationService } from '../domain/conversations';
import type { Router } from '../domain/router';
import type { SiteAccess } from '../domain/site-access';
import { AppError } from '../errors';
import type { Connection } from './connection';
import { assertNever } from './inbound-frame';
import { ackFrame, orFreeSlots, send, sendError } from './send';

export type AgentFramesDeps = { conversations: ConversationService; callbacks: CallbackService; router: Router; siteAccess: SiteAccess };

/**
 * A signed-in agent's frames, each already validated (and the session re-checked) before they
 * get here, handed to the domain. Visitor-only frames are `forbidden`; frames that name no
 * conversation or callback, which a visitor may send, are `invalid_frame` from an agent. Errors
 * thrown here are sent back by the session, referring to the frame.
 *
 * Every frame that names a conversation or a callback is first checked against the agent's
 * sites (site-access.ts): one of a site they do not work on is `not_found`, exactly as one that
 * does not exist. The check runs on every frame (not once per socket), so it holds even in the
 * moment between a membership change and this socket's close.
 *
 * NOTE: while a site is turned off, frames that would write to its chats or reach its visitor
 * (reply, accept, transfer) are refused with `site_disabled`: nobody is on the other side, and
 * a reply stored as sent would be a lie. Notes stay allowed (internal, the team's record of what
 * to do next, never shown to the visitor), and so does closing (it only ends what the site's
 * closing walk is ending anyway). Callbacks are worked as usual (site-closing.ts).
 */
export function createAgentFrames(connection: Connection, deps: AgentFramesDeps, agent: Agent) {
  const ws = connection.peer;
  /** Conversations this connection follows on the bus; opening one again only re-reads it. */
  const opened = new Set<string>();

  async function open(frame: Extract<AgentFrame, { type: 'conversation.open' }>): Promise<void> {
    await conversation(frame.conversationId);
    let detail = await deps.conversations.agentOpen(frame.conversationId, frame.afterSeq);
    if (!opened.has(frame.conversationId)) {
      opened.add(frame.conversationId);
      connection.subscribe(Topic.conversation(frame.conversationId));
      // Read again after subscribing so nothing published in between is missed (clients dedupe).
      detail = await deps.conversations.agentOpen(frame.conversationId, frame.afterSeq);
    }
    if (detail.futureSeq) {
      sendError(ws, new AppError('invalid_seq', 400, 'afterSeq is ahead of the server; here is the whole conversation.'), frame.conversationId);
    }
    send(ws, {
      type: 'conversation.detail',
      conversation: detail.conversation,
      messages: detail.messages,
      resumed: detail.resumed,
      handoff: detail.handoff,
      notes: detail.notes,
      context: detail.context,
    });
  }

  const conversation = (conversationId: string) => deps.siteAccess.conversation(agent.id, conversationId);
  const writable = (conversationId: string) => deps.siteAccess.writableConversation(agent.id, conversationId);
  const callback = (callbackId: string) => deps.siteAccess.callback(agent.id, callbackId);

  return async function handleAgentFrame(frame: AgentFrame): Promise<void> {
    switch (frame.type) {
      case 'message.send': {
        await writable(frame.conversationId);
        await deps.conversations.agentMessage(agent, frame, ({ message }) => send(ws, ackFrame(frame, message)));
        return;
      }
      case 'conversation.open':
        await open(frame);
        return;
      case 'conversation.accept':
        await writable(frame.conversationId);
        await deps.conversations.accept(agent, frame.conversationId);
        return;
      case 'conversation.close':
        await conversation(frame.conversationId);
        await deps.conversations.close(agent, frame.conversationId);
        return;
      case 'callback.slots':
        await callback(frame.callbackId);
        send(ws, { type: 'callback.slots', ...(await deps.callbacks.slotsForCallback(frame.callbackId)) });
        return;
      case 'callback.claim':
        await callback(frame.callbackId);
        await deps.callbacks.claim(agent, frame.callbackId);
        return;
      case 'callback.outcome':
        await callback(frame.callbackId);
        // The new time may fill up meanwhile: then the agent sees what is still free.
        await orFreeSlots(ws, frame, () => deps.callbacks.outcome(agent, frame), () => deps.callbacks.slotsForCallback(frame.callbackId));
        return;
      case 'agent.status':
        await deps.router.setStatus(agent.id, frame.status);
        return;
      case 'note.add':
        await conversation(frame.conversationId);
        await deps.conversations.addNote(agent, frame);
        return;
      case 'conversation.transfer':
        await writable(frame.conversationId);
        await deps.conversations.transfer(agent, frame);
        return;
      case 'typing':
      case 'conversation.read': {
        await conversation(frame.conversationId);
        await deps.conversations.agentSignal(
          agent,
          frame.conversationId,
          frame.type === 'typing' ? { kind: 'typing', typing: frame.typing } : { kind: 'read', seq: frame.seq },
        );
        return;
      }
      case 'ping':
        send(ws, { type: 'pong' });
        return;
      default:
        assertNever(frame);
    }
  };
}
