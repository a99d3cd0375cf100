import { describe, expect, it } from 'vitest';
import type { Message, ServerFrame } from '../../protocol/frames';
import { hostEvents } from './hostEvents';
import { initialState, pending, reducer, resumeCursor, type Action, type State } from './state';

const site = { key: 'demo', name: 'Demo Shop', greeting: 'Hi!', locale: 'en' as const };

function msg(seq: number, over: Partial<Message> = {}): Message {
  return {
    id: 'm' + seq,
    conversationId: 'c1',
    seq,
    author: 'bot',
    authorName: 'Bot',
    text: 'text ' + seq,
    createdAt: '2025-01-01T00:00:00.000Z',
    clientMsgId: null,
    ...over,
  };
}

const conversation = (id = 'c1') => ({
  id,
  siteKey: 'demo',
  status: 'bot' as const,
  contactId: 'k1',
  contactName: null,
  assignedAgentId: null,
  assignedAgentName: null,
  locale: 'en' as const,
  lastSeq: 0,
  lastMessage: null,
  page: null,
  createdAt: 't',
  updatedAt: 't',
});

const welcome = (messages: Message[] = [], resumed = false, conv: ReturnType<typeof conversation> | null = null): ServerFrame => ({
  type: 'welcome',
  role: 'visitor',
  v: 1,
  token: 'tok',
  contactId: 'k1',
  site,
  conversation: conv,
  messages,
  resumed,
});

const frame = (f: ServerFrame): Action => ({ type: 'frame', frame: f });
const run = (state: State, ...actions: Action[]): State => actions.reduce(reducer, state);
const texts = (state: State) => state.messages.map((m) => m.text);

describe('reducer', () => {
  it('shows a sent message as sending, then sent on ack, and dedupes its echo', () => {
    let state = run(initialState('en', true), frame(welcome()));
    state = reducer(state, { type: 'send', clientMsgId: 'x1', text: 'hello', createdAt: 'now' });
    expect(state.messages).toMatchObject([{ text: 'hello', delivery: 'sending', seq: null }]);
    expect(pending(state)).toHaveLength(1);

    state = reducer(state, frame({ type: 'message.ack', clientMsgId: 'x1', conversationId: 'c1', id: 'm1', seq: 1, createdAt: 't' }));
    expect(state.messages).toMatchObject([{ id: 'm1', seq: 1, delivery: 'sent', key: 'x1' }]);
    expect(state.conversationId).toBe('c1');

    state = reducer(state, frame({ type: 'message.new', message: msg(1, { author: 'visitor', authorName: null, text: 'hello', clientMsgId: 'x1' }) }));
    expect(texts(state)).toEqual(['hello']);
    expect(state.messages[0]?.key).toBe('x1');
  });

  it('dedupes an echo that arrives before the ack', () => {
    let state = run(initialState('en', true), frame(welcome()));
    state = reducer(state, { type: 'send', clientMsgId: 'x1', text: 'hello', createdAt: 'now' });
    state = reducer(state, frame({ type: 'message.new', message: msg(1, { author: 'visitor', text: 'hello', clientMsgId: 'x1' }) }));
    state = reducer(state, frame({ type: 'message.ack', clientMsgId: 'x1', conversationId: 'c1', id: 'm1', seq: 1, createdAt: 't' }));
    expect(state.messages).toHaveLength(1);
    expect(state.messages[0]).toMatchObject({ delivery: 'sent', seq: 1 });
  });

  it('orders by seq and keeps unsent messages last, in typed order', () => {
    let state = run(initialState('en', true), frame(welcome()));
    state = run(
      state,
      { type: 'send', clientMsgId: 'a', text: 'unsent 1', createdAt: 'now' },
      frame({ type: 'message.new', message: msg(3) }),
      { type: 'send', clientMsgId: 'b', text: 'unsent 2', createdAt: 'now' },
      frame({ type: 'message.new', message: msg(1) }),
      frame({ type: 'message.new', message: msg(2) }),
      frame({ type: 'message.new', message: msg(2) }),
    );
    expect(texts(state)).toEqual(['text 1', 'text 2', 'text 3', 'unsent 1', 'unsent 2']);
  });

  it('merges a reconnect welcome without duplicates', () => {
    let state = run(initialState('en', true), frame(welcome([msg(1), msg(2)])));
    state = reducer(state, frame(welcome([msg(1), msg(2), msg(3)])));
    expect(texts(state)).toEqual(['text 1', 'text 2', 'text 3']);
  });

  it('orders a new conversation after the closed one although its seq restarts', () => {
    let state = run(initialState('en', true), frame(welcome([msg(1), msg(2)])));
    state = reducer(state, frame({ type: 'message.new', message: msg(1, { id: 'n1', conversationId: 'c2', text: 'new' }) }));
    expect(texts(state)).toEqual(['text 1', 'text 2', 'new']);
    expect(state.conversationId).toBe('c2');
  });

  it('counts unread bot and agent messages only while the panel is closed', () => {
    let state = run(initialState('en', false), frame(welcome([msg(1)])));
    expect(state.unread).toBe(0); // history is not unread
    state = run(
      state,
      frame({ type: 'message.new', message: msg(2, { author: 'agent', authorName: 'Ana' }) }),
      frame({ type: 'message.new', message: msg(2, { author: 'agent', authorName: 'Ana' }) }),
      frame({ type: 'message.new', message: msg(3, { author: 'system', event: { kind: 'status', from: 'bot', to: 'queued', reason: 'r' } }) }),
    );
    expect(state.unread).toBe(1);
    state = reducer(state, { type: 'panel', open: true });
    expect(state.unread).toBe(0);
  });

  it('follows status events and conversation updates', () => {
    let state = run(initialState('en', true), frame(welcome()));
    state = reducer(state, frame({ type: 'message.new', message: msg(1, { author: 'system', authorName: 'Ana', event: { kind: 'status', from: 'queued', to: 'live', reason: 'accepted' } }) }));
    expect(state.status).toBe('live');
    expect(state.agentName).toBe('Ana');
  });

  it('appends a resumed welcome, and replaces with a full one (keeping unsent messages)', () => {
    let state = run(initialState('en', true), frame(welcome([msg(1), msg(2)], false, conversation())));
    expect(resumeCursor(state)).toEqual({ conversationId: 'c1', lastSeq: 2 });
    state = reducer(state, frame(welcome([msg(3)], true, conversation())));
    expect(texts(state)).toEqual(['text 1', 'text 2', 'text 3']);
    state = reducer(state, { type: 'send', clientMsgId: 'u', text: 'unsent', createdAt: 'now' });
    // e.g. after invalid_seq: the server's whole transcript wins, local extras go.
    state = reducer(state, frame({ type: 'error', code: 'invalid_seq', message: 'seq' }));
    state = reducer(state, frame(welcome([msg(1, { text: 'only' })], false, conversation())));
    expect(texts(state)).toEqual(['only', 'unsent']);
    expect(resumeCursor(state)).toEqual({ conversationId: 'c1', lastSeq: 1 });
  });

  it('replaces on a resumed welcome for another conversation', () => {
    let state = run(initialState('en', true), frame(welcome([msg(1)], false, conversation('c1'))));
    state = reducer(state, frame(welcome([msg(1, { id: 'n1', conversationId: 'c2', text: 'new' })], true, conversation('c2'))));
    expect(texts(state)).toEqual(['new']);
    expect(state.conversationId).toBe('c2');
  });

  it('resumes from the highest seq with no gap before it', () => {
    const state = run(initialState('en', true), frame(welcome([msg(1), msg(2), msg(4)], false, conversation())));
    expect(resumeCursor(state)).toEqual({ conversationId: 'c1', lastSeq: 2 });
    expect(resumeCursor(initialState('en'))).toBeNull();
  });

  it('dedupes the same visitor message seen from another tab (echo) and its replay on resume', () => {
    let state = run(initialState('en', true), frame(welcome([], false, conversation())));
    const mine = msg(1, { author: 'visitor', authorName: null, clientMsgId: 'other-tab', text: 'hi' });
    state = run(state, frame({ type: 'message.new', message: mine }), frame(welcome([mine], true, conversation())));
    state = reducer(state, { type: 'send', clientMsgId: 'other-tab', text: 'hi', createdAt: 'now' });
    expect(state.messages).toHaveLength(1);
    expect(state.messages[0]?.delivery).toBe('sent');
  });

  it('keeps a message sending on a passing error, fails it on a final one', () => {
    let state = run(initialState('en', true), frame(welcome()));
    state = reducer(state, { type: 'send', clientMsgId: 'x1', text: 'hi', createdAt: 'now' });
    state = reducer(state, frame({ type: 'error', code: 'rate_limited', message: 'slow down', ref: 'x1' }));
    expect(state.messages[0]?.delivery).toBe('sending');
    state = reducer(state, frame({ type: 'error', code: 'conflict', message: 'differs', ref: 'x1' }));
    expect(state.messages[0]?.delivery).toBe('failed');
    state = reducer(state, { type: 'retry', clientMsgId: 'x1' });
    expect(state.messages[0]?.delivery).toBe('sending');
  });

  it('does not change the previous state object', () => {
    const before = run(initialState('en', true), frame(welcome([msg(1)])));
    const snapshot = JSON.stringify(before);
    reducer(before, frame({ type: 'message.new', message: msg(2) }));
    reducer(before, { type: 'send', clientMsgId: 'z', text: 'z', createdAt: 'now' });
    expect(JSON.stringify(before)).toBe(snapshot);
  });
});

describe('hostEvents', () => {
  it('reports nothing from the history of the first welcome', () => {
    const before = initialState('en', false);
    const after = reducer(before, frame(welcome([msg(1)])));
    expect(hostEvents(before, after)).toEqual([]);
  });

  it('reports new bot/agent messages, unread count and the handoff', () => {
    const before = run(initialState('en', false), frame(welcome()));
    const after = run(
      before,
      frame({ type: 'message.new', message: msg(1, { author: 'agent', text: 'Hello' }) }),
      frame({ type: 'message.new', message: msg(2, { author: 'system', event: { kind: 'status', from: 'bot', to: 'queued', reason: 'r' } }) }),
    );
    expect(hostEvents(before, after)).toEqual([
      { type: 'unread', detail: 1 },
      { type: 'message', detail: { author: 'agent', text: 'Hello' } },
      { type: 'status', status: 'queued' },
      { type: 'handoff' },
    ]);
  });
});
