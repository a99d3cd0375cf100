/**
 * A client's unsent messages, in the order typed: pure functions over a readonly list, whatever
 * else an app keeps with each item (the widget persists them; the console marks them failed).
 * Each item keeps its `clientMsgId` for life, which makes a resend idempotent on the server (same
 * id → the same stored message, acknowledged again). Order matters: after a reconnect they go out
 * again front to back, so the other side reads them as they were written. Every function returns
 * the same array when nothing changed, so callers can detect no-ops.
 */
export interface Queued {
  readonly clientMsgId: string;
}

export const findQueued = <T extends Queued>(outbox: readonly T[], clientMsgId: string): T | undefined =>
  outbox.find((item) => item.clientMsgId === clientMsgId);

/** Appends at the end; a clientMsgId already queued is not queued twice. */
export const enqueue = <T extends Queued>(outbox: readonly T[], item: T): readonly T[] =>
  findQueued(outbox, item.clientMsgId) === undefined ? [...outbox, item] : outbox;

/** Removes the item (acknowledged, or refused for good). */
export const remove = <T extends Queued>(outbox: readonly T[], clientMsgId: string): readonly T[] =>
  findQueued(outbox, clientMsgId) === undefined ? outbox : outbox.filter((item) => item.clientMsgId !== clientMsgId);

/** Changes one entry where it stands (a retried message keeps its original position). */
export function update<T extends Queued>(outbox: readonly T[], clientMsgId: string, change: (item: T) => T): readonly T[] {
  if (findQueued(outbox, clientMsgId) === undefined) return outbox;
  return outbox.map((item) => (item.clientMsgId === clientMsgId ? change(item) : item));
}

/**
 * Drops the entries the server has stored, whichever proof came first (ack, echo, a transcript):
 * `stored` are the clientMsgIds of stored messages (null for messages that had none).
 */
export function settle<T extends Queued>(outbox: readonly T[], stored: Iterable<string | null>): readonly T[] {
  const ids = new Set(stored);
  return outbox.some((item) => ids.has(item.clientMsgId)) ? outbox.filter((item) => !ids.has(item.clientMsgId)) : outbox;
}

/** Both lists (e.g. this page's and the copy another store holds), `a`'s order first, at most `cap`. */
export function union<T extends Queued>(a: readonly T[], b: readonly T[], cap = Infinity): readonly T[] {
  const out = [...a];
  for (const item of b) if (findQueued(out, item.clientMsgId) === undefined) out.push(item);
  return out.length > cap ? out.slice(0, cap) : out;
}
