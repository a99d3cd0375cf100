import type { Message } from '../protocol/frames';

/**
 * The agent's unacknowledged replies, in the order they were typed. Order matters: after a
 * reconnect they are sent again front to back, so the visitor reads them as they were written.
 * Each keeps its `clientMsgId` for life, which makes a resend idempotent on the server (same id,
 * same text → the same stored message, acknowledged again).
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

export function findPending(outbox: Outbox, clientMsgId: string): PendingSend | undefined {
  return outbox.find((p) => p.clientMsgId === clientMsgId);
}

/** Appends at the end; a clientMsgId already queued is not queued twice. */
export function enqueue(outbox: Outbox, pending: PendingSend): Outbox {
  return findPending(outbox, pending.clientMsgId) === undefined ? [...outbox, pending] : outbox;
}

/** Changes one entry in place in the order (a retried reply keeps its original position). */
export function updatePending(outbox: Outbox, clientMsgId: string, change: (p: PendingSend) => PendingSend): Outbox {
  if (findPending(outbox, clientMsgId) === undefined) return outbox;
  return outbox.map((p) => (p.clientMsgId === clientMsgId ? change(p) : p));
}

/**
 * Drops the entries the server has stored, whichever proof came first (ack, echo, or a
 * transcript). Returns the same array when nothing matched, so callers can detect no-ops.
 */
export function settle(outbox: Outbox, stored: readonly Message[]): Outbox {
  const ids = new Set<string>();
  for (const message of stored) if (message.clientMsgId !== null) ids.add(message.clientMsgId);
  if (!outbox.some((p) => ids.has(p.clientMsgId))) return outbox;
  return outbox.filter((p) => !ids.has(p.clientMsgId));
}

/** What goes out again after a reconnect: everything still sending, oldest first. Failed ones wait for Retry. */
export function toResend(outbox: Outbox): PendingSend[] {
  return outbox.filter((p) => p.status === 'sending');
}

/**
 * Errors about a reply (`ref` = its clientMsgId) that say "not now" rather than "never":
 * the reply stays queued and goes out again. Anything else marks it failed with Retry.
 */
export const RetryableSendErrors: ReadonlySet<string> = new Set(['rate_limited', 'internal']);
