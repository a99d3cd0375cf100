import { describe, expect, it } from 'vitest';
import type { Message, ServerFrame } from '../../protocol/frames';
import { hostEvents } from './hostEvents';
import { initialState, pending, reducer, type Action, type State } from './state';

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

const welcome = (messages: Message[] = []): ServerFrame => ({
  type: 'welcome',
  role: 'visitor',
  v: 1,
  token: 'tok',
  contactId: 'k1',
  site,
  conversation: null,
  messages,
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

  it('marks a message failed on an error frame about it, and sending again on retry', () => {
    let state = run(initialState('en', true), frame(welcome()));
    state = reducer(state, { type: 'send', clientMsgId: 'x1', text: 'hi', createdAt: 'now' });
    state = reducer(state, frame({ type: 'error', code: 'rate_limited', message: 'slow down', ref: 'x1' }));
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
