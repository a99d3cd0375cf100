import { describe, expect, it } from 'vitest';
import type { Note } from '../protocol/frames';
import { mergeNotes, timeline } from './notes';
import { initialState, reduce, type Action, type ConsoleState } from './state';
import { message, summary } from './testing';

const note = (id: string, createdAt: string, clientMsgId = `k-${id}`): Note => ({
  id,
  conversationId: 'c1',
  authorId: 'a1',
  authorName: 'Ana',
  text: `note ${id}`,
  clientMsgId,
  createdAt,
});

const me = { id: 'a1', name: 'Ana', email: 'ana@example.com' };
const run = (...actions: Action[]): ConsoleState => actions.reduce(reduce, reduce(initialState(), { type: 'auth.signedIn', agent: me }));

describe('notes', () => {
  it('orders notes by time and returns the same list when nothing is new', () => {
    const list = mergeNotes([], [note('n2', '2025-01-01T10:02:00Z'), note('n1', '2025-01-01T10:01:00Z')]);
    expect(list.map((n) => n.id)).toEqual(['n1', 'n2']);
    expect(mergeNotes(list, [note('n1', '2025-01-01T10:01:00Z')])).toBe(list);
  });

  it('shows a resent note once, whether it comes back by id or by clientMsgId', () => {
    const state = run(
      { type: 'note.new', note: note('n1', '2025-01-01T10:01:00Z', 'k1') },
      { type: 'note.new', note: note('n1', '2025-01-01T10:01:00Z', 'k1') },
      { type: 'note.new', note: { ...note('n1-again', '2025-01-01T10:01:00Z', 'k1') } },
    );
    expect(state.transcripts.c1?.notes).toHaveLength(1);
  });

  it('keeps notes a detail carries together with ones that arrived live', () => {
    const state = run(
      { type: 'note.new', note: note('n2', '2025-01-01T10:02:00Z') },
      {
        type: 'conversation.detail',
        conversation: summary({ id: 'c1' }),
        messages: [],
        resumed: false,
        handoff: null,
        notes: [note('n1', '2025-01-01T10:01:00Z'), note('n2', '2025-01-01T10:02:00Z')],
        context: null,
      },
    );
    expect(state.transcripts.c1?.notes.map((n) => n.id)).toEqual(['n1', 'n2']);
    expect(state.transcripts.c1?.loaded).toBe(true);
  });

  it('interleaves notes with messages by time without reordering messages', () => {
    const messages = [
      message({ id: 'm1', seq: 1, createdAt: '2025-01-01T10:00:00Z' }),
      message({ id: 'm2', seq: 2, createdAt: '2025-01-01T10:05:00Z' }),
    ];
    const items = timeline(messages, [note('n1', '2025-01-01T10:03:00Z'), note('n2', '2025-01-01T10:09:00Z')]);
    expect(items.map((item) => (item.kind === 'note' ? item.note.id : item.message.id))).toEqual(['m1', 'n1', 'm2', 'n2']);
  });
});
