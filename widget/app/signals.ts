/**
 * Typing indicators and read receipts, both ways: what to send and when (pure, time passed in), and
 * what to show from the state (the typing throttle itself is client/typing.ts). The reducer
 * (state.ts) holds what the server said; the chat controller (chat.ts) sends.
 */
import { TypingTimeoutMs } from '../../client/typing';
import type { State } from './state';

/** The agent shown as typing in the chat on screen: their name (null if unnamed), or undefined for nobody. */
export function typingAgent(state: State): string | null | undefined {
  const typing = state.agentTyping;
  return typing && typing.conversationId === state.conversationId ? typing.name : undefined;
}

/** When the typing indicator goes stale (ms since epoch), or null when none shows: the root's timer. */
export function typingDeadline(state: State): number | null {
  return state.agentTyping ? state.agentTyping.updatedAt + TypingTimeoutMs : null;
}

/**
 * The read receipt to send now, or null. Only when the visitor can actually see the chat (panel
 * open, tab visible), and only when an agent message newer than the last receipt is on screen, so
 * bot chatter and re-renders send nothing. It reads up to the highest stored seq shown.
 */
export function readReceiptFrame(state: State, visible: boolean): { type: 'conversation.read'; seq: number } | null {
  const conversationId = state.conversationId;
  if (!state.open || !visible || state.connection !== 'online' || conversationId === null) return null;
  const sent = state.readSent?.conversationId === conversationId ? state.readSent.seq : 0;
  let highest = 0;
  let newAgentMessage = false;
  for (const m of state.messages) {
    if (m.conversationId !== conversationId || m.seq === null) continue;
    highest = Math.max(highest, m.seq);
    if (m.author === 'agent' && m.seq > sent) newAgentMessage = true;
  }
  return newAgentMessage ? { type: 'conversation.read', seq: highest } : null;
}

/** The visitor's last stored message, when the agent has read it: it shows "Seen". */
export function seenMessageKey(state: State): string | null {
  const read = state.agentRead;
  if (!read || read.conversationId !== state.conversationId) return null;
  for (let i = state.messages.length - 1; i >= 0; i--) {
    const m = state.messages[i];
    if (m?.author !== 'visitor') continue;
    // Only the last one: "Seen" under an older message while a newer one is unread would mislead.
    return m.conversationId === read.conversationId && m.seq !== null && m.seq <= read.seq ? m.key : null;
  }
  return null;
}
