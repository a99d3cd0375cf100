import { describe, expect, it } from 'vitest';
import type { ConversationSummary, Message, ServerFrame } from '../../protocol/frames';
import { hostEvents } from './hostEvents';
import {
  DraftTimeoutMs,
  draftDeadline,
  feedbackFrame,
  feedbackTarget,
  initialState,
  pending,
  queueSpot,
  reducer,
  resumeCursor,
  type Action,
  type State,
} from './state';

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

const conversation = (id = 'c1'): ConversationSummary => ({
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
  offeredToAgentId: null,
  offerExpiresAt: null,
  queuedAt: null,
});

const welcome = (
  messages: Message[] = [],
  resumed = false,
  conv: ConversationSummary | null = null,
  agentsAvailable = true,
): ServerFrame => ({
  type: 'welcome',
  role: 'visitor',
  v: 1,
  token: 'tok',
  contactId: 'k1',
  site,
  conversation: conv,
  messages,
  resumed,
  agentsAvailable,
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

describe('streamed answers', () => {
  const delta = (draftId: string, text: string, now: number): Action => ({
    type: 'delta',
    frame: { type: 'message.delta', conversationId: 'c1', draftId, text },
    now,
  });
  const online = () => run(initialState('en', true), frame(welcome([msg(1, { author: 'visitor', text: 'hi' })], false, conversation())));

  it('grows a draft from deltas, then replaces it with the stored answer (no duplicate)', () => {
    let state = run(online(), delta('d1', 'Our opening ', 1000), delta('d1', 'hours are 9–5.', 1200));
    expect(state.drafts).toEqual([{ conversationId: 'c1', draftId: 'd1', text: 'Our opening hours are 9–5.', updatedAt: 1200 }]);
    expect(texts(state)).toEqual(['hi']);

    state = reducer(state, frame({ type: 'message.new', message: msg(2, { text: 'Our opening hours are 9–5.', draftId: 'd1' }) }));
    expect(state.drafts).toEqual([]);
    expect(texts(state)).toEqual(['hi', 'Our opening hours are 9–5.']);
  });

  it('ignores a delta that arrives after its stored answer', () => {
    const done = run(online(), delta('d1', 'Hi', 0), frame({ type: 'message.new', message: msg(2, { text: 'Hi', draftId: 'd1' }) }));
    expect(reducer(done, delta('d1', ' late', 10))).toBe(done);
  });

  it('keeps two streams apart', () => {
    const state = run(online(), delta('d1', 'a', 0), delta('d2', 'x', 1), delta('d1', 'b', 2));
    expect(state.drafts.map((d) => [d.draftId, d.text])).toEqual([['d1', 'ab'], ['d2', 'x']]);
  });

  it('ends a draft with a stored answer that comes in a reconnect welcome', () => {
    let state = run(online(), delta('d1', 'Hel', 0));
    state = reducer(state, frame(welcome([msg(2, { text: 'Hello', draftId: 'd1' })], true, conversation())));
    expect(state.drafts).toEqual([]);
    expect(texts(state)).toEqual(['hi', 'Hello']);
  });

  it('drops a draft silent for 30 s, counting from its last piece', () => {
    let state = run(online(), delta('d1', 'a', 0), delta('d1', 'b', 10_000), delta('d2', 'x', 5_000));
    expect(draftDeadline(state)).toBe(5_000 + DraftTimeoutMs);
    const same = reducer(state, { type: 'expireDrafts', now: 34_999 });
    expect(same).toBe(state);
    state = reducer(state, { type: 'expireDrafts', now: 35_000 });
    expect(state.drafts.map((d) => d.draftId)).toEqual(['d1']);
    expect(draftDeadline(state)).toBe(10_000 + DraftTimeoutMs);
    state = reducer(state, { type: 'expireDrafts', now: 40_000 });
    expect(state.drafts).toEqual([]);
    expect(draftDeadline(state)).toBeNull();
  });

  it('forgets drafts on reset', () => {
    const state = run(online(), delta('d1', 'a', 0), { type: 'reset' });
    expect(state.drafts).toEqual([]);
  });
});

describe('did that help?', () => {
  const online = (...messages: Message[]) => run(initialState('en', true), frame(welcome(messages, false, conversation())));

  it('asks under the latest bot message only when it asks for feedback', () => {
    expect(feedbackTarget(online(msg(1, { askFeedback: true })))?.id).toBe('m1');
    expect(feedbackTarget(online(msg(1)))).toBeNull();
    // A later bot message that does not ask makes the older question moot.
    expect(feedbackTarget(online(msg(1, { askFeedback: true }), msg(2)))).toBeNull();
    // The visitor typing meanwhile does not hide it.
    expect(feedbackTarget(online(msg(1, { askFeedback: true }), msg(2, { author: 'visitor', authorName: null })))?.id).toBe('m1');
    expect(feedbackTarget(online())).toBeNull();
  });

  it('sends an answer once per message and remembers it', () => {
    let state = online(msg(1, { askFeedback: true }));
    expect(feedbackFrame(state, 'm1', false)).toEqual({ type: 'message.feedback', messageId: 'm1', helpful: false });
    state = reducer(state, { type: 'feedback', messageId: 'm1', helpful: false });
    expect(state.feedback).toEqual({ m1: false });
    expect(feedbackFrame(state, 'm1', true)).toBeNull();
    // First answer counts, as on the server.
    expect(reducer(state, { type: 'feedback', messageId: 'm1', helpful: true })).toBe(state);
  });
});

describe('queue position', () => {
  const queued = (id = 'c1'): ConversationSummary => ({ ...conversation(id), status: 'queued', queuedAt: 't' });
  const position = (position: number, estimatedWaitSeconds: number | null, conversationId = 'c1'): Action =>
    frame({ type: 'queue.position', conversationId, position, estimatedWaitSeconds });
  const updated = (conv: ConversationSummary): Action => frame({ type: 'conversation.updated', conversation: conv });

  it('shows the latest position while queued, updated live', () => {
    let state = run(initialState('en', true), frame(welcome([], false, conversation())), updated(queued()));
    expect(queueSpot(state)).toBeNull();
    state = run(state, position(3, 400));
    expect(queueSpot(state)).toEqual({ conversationId: 'c1', position: 3, estimatedWaitSeconds: 400 });
    state = run(state, position(1, null));
    expect(queueSpot(state)).toMatchObject({ position: 1, estimatedWaitSeconds: null });
  });

  it('keeps a position that overtakes the switch to queued, showing it once queued', () => {
    let state = run(initialState('en', true), frame(welcome([], false, conversation())), position(2, 90));
    expect(queueSpot(state)).toBeNull();
    state = reducer(state, frame({ type: 'message.new', message: msg(1, { author: 'system', event: { kind: 'status', from: 'bot', to: 'queued', reason: 'r' } }) }));
    expect(queueSpot(state)).toMatchObject({ position: 2 });
  });

  it('clears the position when an agent accepts or the conversation closes', () => {
    const start = run(initialState('en', true), frame(welcome([], false, queued())), position(1, 30));
    expect(queueSpot(start)).not.toBeNull();
    const live = run(start, frame({ type: 'message.new', message: msg(1, { author: 'system', authorName: 'Ana', event: { kind: 'status', from: 'queued', to: 'live', reason: 'accepted' } }) }));
    expect(live.queue).toBeNull();
    const closed = run(start, updated({ ...queued(), status: 'closed' }));
    expect(closed.queue).toBeNull();
    // Back in the queue later (agent went offline): no stale number until the server sends a new one.
    expect(queueSpot(run(live, updated(queued())))).toBeNull();
  });

  it('ignores a position for another conversation, and one left over after a new conversation starts', () => {
    let state = run(initialState('en', true), frame(welcome([], false, queued())), position(2, null, 'old'));
    expect(queueSpot(state)).toBeNull();
    state = run(state, position(2, null), updated(queued('c2')));
    expect(state.queue).toBeNull();
  });

  it('keeps the position over a resumed welcome of the same queued conversation', () => {
    let state = run(initialState('en', true), frame(welcome([], false, queued())), position(4, 600));
    state = reducer(state, frame(welcome([], true, queued())));
    expect(queueSpot(state)).toMatchObject({ position: 4 });
  });

  it('lets the visitor keep writing while queued', () => {
    let state = run(initialState('en', true), frame(welcome([], false, queued())), position(2, 60));
    state = reducer(state, { type: 'send', clientMsgId: 'x1', text: 'still there?', createdAt: 'now' });
    expect(pending(state)).toMatchObject([{ text: 'still there?', delivery: 'sending' }]);
    expect(queueSpot(state)).toMatchObject({ position: 2 });
  });
});

describe('availability', () => {
  it('starts unknown, takes the welcome value, then follows site.availability', () => {
    let state = initialState('en', true);
    expect(state.agentsAvailable).toBeNull();
    state = reducer(state, frame(welcome([], false, null, false)));
    expect(state.agentsAvailable).toBe(false);
    state = reducer(state, frame({ type: 'site.availability', agentsAvailable: true }));
    expect(state.agentsAvailable).toBe(true);
    state = reducer(state, frame(welcome([], true, null, false)));
    expect(state.agentsAvailable).toBe(false);
  });

  it('ignores team.presence, which is for agents', () => {
    const state = run(initialState('en', true), frame(welcome()));
    const after = reducer(state, frame({ type: 'team.presence', agents: [] }));
    expect(after).toBe(state);
  });
});
