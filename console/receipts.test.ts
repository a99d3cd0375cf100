import { describe, expect, it } from 'vitest';
import { TypingTimeoutMs } from '../client/typing';
import { initialState, reduce, type Action, type ConsoleState } from './state';
import { isVisitorTyping, selectSeenSeq } from './selectors';
import { message } from './testing';

const me = { id: 'a1', name: 'Ana', email: 'ana@example.com' };
const run = (...actions: Action[]): ConsoleState => actions.reduce(reduce, reduce(initialState(), { type: 'auth.signedIn', agent: me }));

describe('visitor typing', () => {
  it('shows the indicator until 6 s pass without an update', () => {
    const state = run({ type: 'typing', conversationId: 'c1', typing: true, at: 1_000 });
    expect(isVisitorTyping(state, 'c1', 1_000 + TypingTimeoutMs - 1)).toBe(true);
    expect(isVisitorTyping(state, 'c1', 1_000 + TypingTimeoutMs)).toBe(false);
    const early = reduce(state, { type: 'typing.expire', now: 1_000 + TypingTimeoutMs - 1 });
    expect(early).toBe(state);
    const late = reduce(state, { type: 'typing.expire', now: 1_000 + TypingTimeoutMs });
    expect(late.visitorTyping.c1).toBeUndefined();
  });

  it('a fresh update restarts the timeout; typing false and a visitor message hide it', () => {
    const state = run(
      { type: 'typing', conversationId: 'c1', typing: true, at: 1_000 },
      { type: 'typing', conversationId: 'c1', typing: true, at: 5_000 },
      { type: 'typing.expire', now: 8_000 },
    );
    expect(isVisitorTyping(state, 'c1', 8_000)).toBe(true);
    expect(reduce(state, { type: 'typing', conversationId: 'c1', typing: false, at: 8_500 }).visitorTyping.c1).toBeUndefined();
    const sent = reduce(state, { type: 'message.new', message: message({ id: 'm1', seq: 1, author: 'visitor' }) });
    expect(sent.visitorTyping.c1).toBeUndefined();
  });
});

describe('read receipts', () => {
  const transcript: Action[] = [
    { type: 'message.new', message: message({ id: 'm1', seq: 1, author: 'visitor' }) },
    { type: 'message.new', message: message({ id: 'm2', seq: 2, author: 'agent' }) },
    { type: 'message.new', message: message({ id: 'm3', seq: 3, author: 'agent' }) },
  ];

  it('marks my last reply Seen only once the visitor read up to it', () => {
    expect(selectSeenSeq(run(...transcript, { type: 'read.visitor', conversationId: 'c1', seq: 2 }), 'c1')).toBeNull();
    expect(selectSeenSeq(run(...transcript, { type: 'read.visitor', conversationId: 'c1', seq: 3 }), 'c1')).toBe(3);
  });

  it('never moves the read position backwards', () => {
    const state = run(...transcript, { type: 'read.visitor', conversationId: 'c1', seq: 3 }, { type: 'read.visitor', conversationId: 'c1', seq: 1 });
    expect(state.readByVisitor.c1).toBe(3);
  });
});
