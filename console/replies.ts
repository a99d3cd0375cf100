/**
 * The agent's side of a conversation: replies (the outbox, resent in typing order on every welcome
 * and, after a "not now" refusal, on the shared resend schedule), internal notes, transfers, typing
 * both ways, and read receipts. It sends through the link and keeps only what a link forgets.
 */
import { Limits } from '../protocol/codes';
import type { AgentFrame, ServerFrame } from '../protocol/frames';
import { findQueued } from '../client/outbox';
import { createResendSchedule } from '../client/resend';
import type { Timers } from '../client/link/link';
import { createTypingThrottle, TypingTimeoutMs, type TypingThrottle } from '../client/typing';
import { toResend } from './outbox';
import { canReply, latestSeq } from './selectors';
import type { Store } from './store';

export interface Replies {
  send(conversationId: string, text: string): void;
  retry(clientMsgId: string): void;
  /** An internal note: agents only, never the visitor. */
  addNote(conversationId: string, text: string): void;
  transfer(conversationId: string, toAgentId: string, note: string): void;
  /** The reply box changed (true: has text, false: cleared/sent/left); throttled here. */
  typing(conversationId: string, typing: boolean): void;
  /** I left this conversation: a `typing: true` I sent must not hang on. */
  stopTyping(conversationId: string): void;
  /** Tells the visitor what I have read, when it is my chat, on screen, and there is something new. */
  markRead(conversationId: string): void;
  /** A new link: it knows nothing of what this one sent; every reply still sending goes again, in order. */
  welcomed(): void;
  acked(clientMsgId: string): void;
  /** An `error` frame: true when it is about one of my replies (then handled here). */
  refused(ref: string | undefined, code: string, message: string): boolean;
  /** The visitor's `typing` frame: shown until `TypingTimeoutMs` of silence. */
  visitorTyping(frame: Extract<ServerFrame, { type: 'typing' }>): void;
  /** Signed out or disposed: timers and link-bound bookkeeping go. Idempotent. */
  reset(): void;
}

export interface RepliesDeps {
  store: Store;
  /** Sends on the link if it is up; false otherwise (what must not be lost is resent on welcome). */
  send: (frame: AgentFrame) => boolean;
  /** Sends now, or tells the agent it could not go out. */
  command: (frame: AgentFrame) => boolean;
  alert: (code: string, message: string) => void;
  newId: () => string;
  now: () => Date;
  timers: Timers;
  isVisible: () => boolean;
}

export function createReplies({ store, send, command, alert, newId, now, timers, isVisible }: RepliesDeps): Replies {
  const { dispatch } = store;
  /** Per conversation: the highest seq I reported read on this link. */
  const readSent = new Map<string, number>();
  const throttles = new Map<string, TypingThrottle>();
  const typingTimers = new Set<unknown>();

  function resend(clientMsgId: string): void {
    const pending = findQueued(store.getState().pending, clientMsgId);
    if (pending === undefined || pending.status !== 'sending') return;
    send({ type: 'message.send', conversationId: pending.conversationId, clientMsgId, text: pending.text });
  }

  const resends = createResendSchedule({
    timers,
    resend,
    giveUp: (clientMsgId, error) => dispatch({ type: 'send.failed', clientMsgId, error }),
  });

  function sendTyping(conversationId: string, typing: boolean): void {
    const throttle = throttles.get(conversationId) ?? createTypingThrottle();
    throttles.set(conversationId, throttle);
    const value = throttle.update(typing, now().getTime());
    // Ephemeral: a lost typing frame is not worth an alert; the next keystroke tries again.
    if (value !== null && !send({ type: 'typing', conversationId, typing: value })) throttle.reset();
  }

  function forgetLinkState(): void {
    resends.clear();
    readSent.clear();
    for (const throttle of throttles.values()) throttle.reset();
    for (const timer of typingTimers) timers.clearTimeout(timer);
    typingTimers.clear();
  }

  function tooLong(what: string, text: string): boolean {
    if (text.length <= Limits.messageChars) return false;
    alert('too_large', `${what} can be at most ${Limits.messageChars} characters.`);
    return true;
  }

  return {
    send(conversationId, raw) {
      const text = raw.trim();
      if (text === '' || tooLong('A reply', text)) return;
      sendTyping(conversationId, false);
      const clientMsgId = newId();
      dispatch({
        type: 'send.start',
        pending: { clientMsgId, conversationId, text, createdAt: now().toISOString(), status: 'sending', error: null },
      });
      // Offline is fine: pending replies go out again on the next welcome, keyed by clientMsgId.
      send({ type: 'message.send', conversationId, clientMsgId, text });
    },
    retry(clientMsgId) {
      if (findQueued(store.getState().pending, clientMsgId) === undefined) return;
      resends.forget(clientMsgId);
      dispatch({ type: 'send.retry', clientMsgId });
      // Offline is fine: it is 'sending' again, so the next welcome sends it.
      resend(clientMsgId);
    },
    addNote(conversationId, raw) {
      const text = raw.trim();
      if (text === '' || tooLong('A note', text)) return;
      // The server answers with `note.new`, also to me; the clientMsgId makes a resend harmless.
      command({ type: 'note.add', conversationId, clientMsgId: newId(), text });
    },
    transfer(conversationId, toAgentId, raw) {
      const note = raw.trim();
      sendTyping(conversationId, false);
      command(note === '' ? { type: 'conversation.transfer', conversationId, toAgentId } : { type: 'conversation.transfer', conversationId, toAgentId, note });
    },
    typing: sendTyping,
    stopTyping: (conversationId) => sendTyping(conversationId, false),
    markRead(conversationId) {
      const state = store.getState();
      if (state.openId !== conversationId || state.auth.phase !== 'signed_in' || !isVisible()) return;
      const conversation = state.conversations[conversationId];
      if (conversation === undefined || !canReply(conversation, state.auth.agent.id)) return;
      const seq = latestSeq(state, conversationId);
      if (seq <= (readSent.get(conversationId) ?? 0)) return;
      if (send({ type: 'conversation.read', conversationId, seq })) readSent.set(conversationId, seq);
    },
    welcomed() {
      forgetLinkState();
      // A reply the server did store before the drop is acknowledged again under the same clientMsgId, never stored twice.
      for (const pending of toResend(store.getState().pending)) resend(pending.clientMsgId);
    },
    acked: (clientMsgId) => resends.forget(clientMsgId),
    refused(ref, code, message) {
      if (ref === undefined || findQueued(store.getState().pending, ref) === undefined) return false;
      resends.refused(ref, code, message);
      return true;
    },
    visitorTyping(frame) {
      dispatch({ type: 'typing', conversationId: frame.conversationId, typing: frame.typing, at: now().getTime() });
      if (!frame.typing) return;
      const timer = timers.setTimeout(() => {
        typingTimers.delete(timer);
        dispatch({ type: 'typing.expire', now: now().getTime() });
      }, TypingTimeoutMs);
      typingTimers.add(timer);
    },
    reset: forgetLinkState,
  };
}
