/**
 * The agent's unacknowledged replies, in the order they were typed (the list operations are the
 * shared client/outbox.ts). A reply is `sending` until stored; refused for good it is `failed`
 * with the server's words, keeps its place, and goes out again only when the agent presses Retry.
 */
export interface PendingSend {
  clientMsgId: string;
  conversationId: string;
  text: string;
  createdAt: string;
  status: 'sending' | 'failed';
  error: string | null;
}

export type Outbox = readonly PendingSend[];

/** What goes out again after a reconnect: everything still sending, oldest first. Failed ones wait for Retry. */
export function toResend(outbox: Outbox): PendingSend[] {
  return outbox.filter((p) => p.status === 'sending');
}
