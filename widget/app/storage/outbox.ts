/**
 * The visitor's unsent messages as the widget keeps them: the shared list operations
 * (client/outbox.ts) with a cap, and their stored form. The chat controller (chat.ts) keeps the
 * list, persists it (`serialize`) next to the token, and after each `welcome` sends every item again
 * with its original clientMsgId (the server dedupes on it). An item leaves the outbox on its ack, or
 * when the server refuses it for good (then the visitor may Retry, which adds it back).
 */
import { enqueue as enqueueItem, findQueued, union as unionOf } from '../../../client/outbox';
import { Limits } from '../../../protocol/codes';

export interface OutboxItem {
  clientMsgId: string;
  text: string;
  createdAt: string;
}
export type Outbox = readonly OutboxItem[];

/** Kept small: it is persisted on every change, and 50 unsent messages is already a long outage. */
export const OUTBOX_CAP = 50;

/** Adds an item at the end; null when it is full (the caller shows the message as not sent). */
export function enqueue(outbox: Outbox, item: OutboxItem, cap = OUTBOX_CAP): Outbox | null {
  if (findQueued(outbox, item.clientMsgId)) return outbox;
  return outbox.length >= cap ? null : enqueueItem(outbox, item);
}

export const serialize = (outbox: Outbox): string => JSON.stringify(outbox);

const isItem = (value: unknown): value is OutboxItem => {
  const item = value as Partial<OutboxItem> | null;
  return (
    typeof item === 'object' &&
    item !== null &&
    typeof item.clientMsgId === 'string' &&
    item.clientMsgId.length > 0 &&
    item.clientMsgId.length <= Limits.clientMsgIdChars &&
    typeof item.text === 'string' &&
    item.text.length <= Limits.messageChars &&
    typeof item.createdAt === 'string'
  );
};

/** Reads a stored outbox; anything malformed (another version, a tampered store) is dropped. */
export function parse(stored: string | null, cap = OUTBOX_CAP): Outbox {
  if (!stored) return [];
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch (error) {
    console.warn('[ponte] ignored a malformed stored outbox', error);
    return [];
  }
  if (!Array.isArray(value)) return [];
  const out: OutboxItem[] = [];
  for (const item of value) {
    if (isItem(item) && !findQueued(out, item.clientMsgId)) {
      out.push({ clientMsgId: item.clientMsgId, text: item.text, createdAt: item.createdAt });
    }
  }
  return out.slice(0, cap);
}

/** Merges two outboxes (e.g. this page's and the copy another store holds), keeping `a`'s order first. */
export const union = (a: Outbox, b: Outbox, cap = OUTBOX_CAP): Outbox => unionOf(a, b, cap);
