import type { Message } from '../protocol/frames';

/**
 * Pure helpers over one conversation's message list (the resume cursor both apps send is cursor.ts). Invariant of every list they return:
 * ordered by `seq`, unique by `id` and by `clientMsgId` (an ack-built copy and the server
 * echo of the same reply are one message).
 */

function sameMessage(a: Message, b: Message): boolean {
  return a.id === b.id || (b.clientMsgId !== null && a.clientMsgId === b.clientMsgId);
}

/**
 * Inserts `message` keeping the invariant. Returns the same array when the message is already
 * there unchanged, so callers can detect no-ops.
 */
export function insertMessage(list: readonly Message[], message: Message): readonly Message[] {
  const sameIndex = list.findIndex((m) => sameMessage(m, message));
  if (sameIndex !== -1) {
    const same = list[sameIndex];
    // An ack-built message and its server echo are the same message; the echo carries the
    // server's full fields (quick replies, events), so it wins.
    if (same === undefined || JSON.stringify(same) === JSON.stringify(message)) return list;
    const without = [...list.slice(0, sameIndex), ...list.slice(sameIndex + 1)];
    return insertMessage(without, message);
  }
  let at = list.length;
  while (at > 0 && (list[at - 1]?.seq ?? 0) > message.seq) at -= 1;
  return [...list.slice(0, at), message, ...list.slice(at)];
}

/** Adds what a resumed `conversation.detail` (or any batch) carries to what is held, deduped. */
export function mergeMessages(held: readonly Message[], incoming: readonly Message[]): readonly Message[] {
  return incoming.reduce<readonly Message[]>(insertMessage, held);
}

/**
 * The list a full (not resumed) `conversation.detail` leaves: the server's snapshot.
 * `keepLiveTail` keeps held messages newer than the snapshot — used before the first full
 * load, when `message.new` frames may have raced ahead of the detail. For a transcript that was
 * already loaded a full detail means the server wants the client to start over (e.g. after
 * `invalid_seq`: its data was reset), so nothing held survives.
 */
export function replaceMessages(
  held: readonly Message[],
  snapshot: readonly Message[],
  keepLiveTail: boolean,
): readonly Message[] {
  const fresh = mergeMessages([], snapshot);
  if (!keepLiveTail) return fresh;
  const newest = fresh.reduce((max, m) => Math.max(max, m.seq), 0);
  return mergeMessages(fresh, held.filter((m) => m.seq > newest));
}
