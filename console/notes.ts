import type { Message, Note } from '../protocol/frames';

/**
 * Pure helpers over a conversation's internal notes. Invariant of every list they return:
 * ordered by `createdAt` (then id), unique by `id` and by `clientMsgId` — the server answers a
 * resent `note.add` with the same note again, and that must not show twice.
 */

function sameNote(a: Note, b: Note): boolean {
  return a.id === b.id || a.clientMsgId === b.clientMsgId;
}

const byCreated = (a: Note, b: Note): number => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id.localeCompare(b.id);

/** Adds `incoming` to `held`; returns `held` itself when nothing new came, so callers can detect no-ops. */
export function mergeNotes(held: readonly Note[], incoming: readonly Note[]): readonly Note[] {
  let changed = false;
  let list = [...held];
  for (const note of incoming) {
    const same = list.findIndex((n) => sameNote(n, note));
    if (same !== -1) {
      if (JSON.stringify(list[same]) === JSON.stringify(note)) continue;
      list = [...list.slice(0, same), ...list.slice(same + 1)];
    }
    list.push(note);
    changed = true;
  }
  return changed ? list.sort(byCreated) : held;
}

export type TimelineItem = { kind: 'message'; message: Message } | { kind: 'note'; note: Note };

/**
 * Messages (in seq order) and notes interleaved by time: each note goes before the first message
 * written after it. Message order is never changed — seq is the truth for the transcript, and
 * clocks of different writers need not agree.
 */
export function timeline(messages: readonly Message[], notes: readonly Note[]): TimelineItem[] {
  const out: TimelineItem[] = [];
  let n = 0;
  for (const message of messages) {
    const at = Date.parse(message.createdAt);
    while (n < notes.length) {
      const note = notes[n];
      if (note === undefined || Date.parse(note.createdAt) > at) break;
      out.push({ kind: 'note', note });
      n += 1;
    }
    out.push({ kind: 'message', message });
  }
  for (; n < notes.length; n += 1) {
    const note = notes[n];
    if (note !== undefined) out.push({ kind: 'note', note });
  }
  return out;
}
