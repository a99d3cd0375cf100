import { describe, expect, it } from 'vitest';
import type { Callback, CallbackSlot, ConversationSummary, Message, ServerFrame, StatusEvent, VisitorWelcome } from '../../protocol/frames';
import { awayShown, callbackOffer, cardAnchor } from './callback/offer';
import { activeCallback, bookFrame, cancelFrame } from './callback/state';
import { errorPlace } from './callback/words';
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
  contactEmail: null,
  contactPhone: null,
  contactOrderNumber: null,
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
  extra: Partial<VisitorWelcome> = {},
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
  callbacksEnabled: false,
  openNow: true,
  opensAt: null,
  callback: null,
  ...extra,
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

  it("keeps each agent message's own avatar, from the history and live", () => {
    const old = msg(1, { author: 'agent', authorName: 'Ana', authorAvatar: '/avatars/old.png' });
    let state = run(initialState('en', true), frame(welcome([old])));
    state = reducer(state, frame({ type: 'message.new', message: msg(2, { author: 'agent', authorName: 'Ana', authorAvatar: '/avatars/new.png' }) }));
    state = reducer(state, frame({ type: 'message.new', message: msg(3, { author: 'agent', authorName: 'Ana' }) }));
    expect(state.messages.map((m) => m.authorAvatar)).toEqual(['/avatars/old.png', '/avatars/new.png', undefined]);
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

  it('drops the answer being written when the conversation leaves the bot (the server stopped it)', () => {
    let state = run(online(), delta('d1', 'We ship to ', 0));
    const queued: StatusEvent = { kind: 'status', from: 'bot', to: 'queued', reason: 'The visitor asked for a person (button)' };
    state = reducer(state, frame({ type: 'message.new', message: msg(2, { author: 'system', text: '', event: queued }) }));
    expect(state.drafts).toEqual([]);
    expect(texts(state)).toEqual(['hi', '']);
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
    frame({ type: 'queue.position', conversationId, position, estimatedWaitSeconds, offerCallback: false });
  const updated = (conv: ConversationSummary): Action => frame({ type: 'conversation.updated', conversation: conv });

  it('shows the latest position while queued, updated live', () => {
    let state = run(initialState('en', true), frame(welcome([], false, conversation())), updated(queued()));
    expect(queueSpot(state)).toBeNull();
    state = run(state, position(3, 400));
    expect(queueSpot(state)).toEqual({ conversationId: 'c1', position: 3, estimatedWaitSeconds: 400, offerCallback: false });
    state = run(state, position(1, null));
    expect(queueSpot(state)).toMatchObject({ position: 1, estimatedWaitSeconds: null });
  });

  it('keeps a position that overtakes the switch to queued, showing it once queued', () => {
    let state = run(initialState('en', true), frame(welcome([], false, conversation())), position(2, 90));
    expect(queueSpot(state)).toBeNull();
    state = reducer(state, frame({ type: 'message.new', message: msg(1, { author: 'system', event: { kind: 'status', from: 'bot', to: 'queued', reason: 'r' } }) }));
    expect(queueSpot(state)).toMatchObject({ position: 2 });
  });

  it('ends for good when the site is turned off: transcript kept, no queue place, no "waiting", the close keeps the reason', () => {
    const start = run(initialState('en', true), frame(welcome([msg(1, { text: 'hi' })], false, queued())), position(1, 30));
    const off = run(
      start,
      frame({ type: 'error', code: 'site_disabled', message: 'The chat is turned off for this site.' }),
      { type: 'failed', failure: 'forbidden' },
    );
    expect(off.failure).toBe('site_disabled');
    expect(off.status).toBe('closed');
    expect(queueSpot(off)).toBeNull();
    expect(texts(off)).toEqual(['hi']);
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

describe('call backs', () => {
  const booked = (over: Partial<Callback> = {}): Callback => ({
    id: 'cb1',
    conversationId: 'c1',
    contactId: 'k1',
    contactName: null,
    start: '2025-03-04T10:00:00.000Z',
    end: '2025-03-04T10:30:00.000Z',
    phone: '+351912345678',
    phoneDisplay: '+351 912 345 678',
    note: 'About my order',
    timeZone: 'Europe/Lisbon',
    state: 'booked',
    claimedById: null,
    claimedByName: null,
    attempts: 0,
    outcome: null,
    createdAt: '2025-03-03T09:00:00.000Z',
    updatedAt: '2025-03-03T09:00:00.000Z',
    ...over,
  });
  const slot = (start: string, remaining = 1): CallbackSlot => ({
    start,
    end: new Date(Date.parse(start) + 30 * 60_000).toISOString(),
    remaining,
  });
  const slotsFrame = (starts: string[], countries: string[] = []): Action =>
    frame({ type: 'callback.slots', slots: starts.map((s) => slot(s)), siteTimeZone: 'Europe/Lisbon', countries });
  const updated = (callback: Callback, ics?: string): Action =>
    frame({ type: 'callback.updated', callback, ...(ics === undefined ? {} : { ics }) });
  const refused = (code: string, ref: string): Action => frame({ type: 'error', code, message: 'English: ' + code, ref });
  const enabled = (extra: Partial<VisitorWelcome> = {}, messages: Message[] = [], conv: ConversationSummary | null = conversation()) =>
    run(initialState('en', true), frame(welcome(messages, false, conv, true, { callbacksEnabled: true, ...extra })));
  const input = { slotStart: '2025-03-04T10:00:00.000Z', phone: ' 912 345 678 ', country: 'PT', note: '  ' };

  it('takes the callback fields of the welcome: enabled, hours, the booking to come', () => {
    const state = enabled({ openNow: false, opensAt: '2025-03-04T09:00:00.000Z', callback: { callback: booked(), ics: 'BEGIN:VCALENDAR' } });
    expect(state).toMatchObject({ callbacksEnabled: true, openNow: false, opensAt: '2025-03-04T09:00:00.000Z' });
    expect(activeCallback(state)).toEqual({ callback: booked(), ics: 'BEGIN:VCALENDAR' });
    expect(initialState('en').callbacksEnabled).toBe(false);
    expect(activeCallback(enabled())).toBeNull();
  });

  it('opens the panel loading, fills it with the slots, and ignores slots nobody asked for', () => {
    let state = enabled();
    expect(reducer(state, slotsFrame(['2025-03-04T10:00:00.000Z']))).toBe(state);
    state = reducer(state, { type: 'bookingOpen', moveId: null });
    expect(state.booking).toEqual({ moveId: null, slots: null, countries: [], busy: null, error: null });
    // An agent's reschedule answer (with callbackId) is not this visitor's.
    const agents = frame({ type: 'callback.slots', slots: [slot('2025-03-05T10:00:00.000Z')], siteTimeZone: 'UTC', countries: [], callbackId: 'cb9' });
    expect(reducer(state, agents)).toBe(state);
    state = reducer(state, slotsFrame(['2025-03-04T10:00:00.000Z', '2025-03-04T10:30:00.000Z'], ['PT', 'BR']));
    expect(state.booking?.slots?.map((s) => s.start)).toEqual(['2025-03-04T10:00:00.000Z', '2025-03-04T10:30:00.000Z']);
    expect(state.booking?.countries).toEqual(['PT', 'BR']);
    expect(reducer(state, { type: 'bookingClose' }).booking).toBeNull();
  });

  it('books once: no second frame while the first is unanswered, then shows the booking and closes the panel', () => {
    let state = run(enabled(), { type: 'bookingOpen', moveId: null }, slotsFrame([input.slotStart]));
    const book = bookFrame(state, input);
    expect(book).toEqual({ type: 'callback.book', slotStart: input.slotStart, phone: '912 345 678', country: 'PT' });
    state = reducer(state, { type: 'bookingSent', slotStart: input.slotStart });
    expect(state.booking?.busy).toBe(input.slotStart);
    expect(bookFrame(state, input)).toBeNull();

    state = run(
      state,
      updated(booked(), 'BEGIN:VCALENDAR'),
      frame({ type: 'conversation.updated', conversation: { ...conversation(), status: 'callback' } }),
    );
    expect(state.booking).toBeNull();
    expect(state.status).toBe('callback');
    expect(activeCallback(state)?.callback.phoneDisplay).toBe('+351 912 345 678');
    expect(activeCallback(state)?.ics).toBe('BEGIN:VCALENDAR');
    expect(bookFrame(state, input)).toBeNull();
  });

  it('moves a booking: the frame names it, the phone is sent as typed, a note only when written', () => {
    const state = run(enabled({ callback: { callback: booked(), ics: 'v1' } }), { type: 'bookingOpen', moveId: 'cb1' });
    expect(bookFrame(state, { ...input, note: ' call after lunch ', country: null })).toEqual({
      type: 'callback.book',
      slotStart: input.slotStart,
      phone: '912 345 678',
      note: 'call after lunch',
      moveId: 'cb1',
    });
    // News of the booking being moved (an agent claimed it) leaves the panel open until we send.
    const claimed = reducer(state, updated(booked({ state: 'claimed', claimedByName: 'Ana' }), 'v2'));
    expect(claimed.booking?.moveId).toBe('cb1');
    const moved = run(claimed, { type: 'bookingSent', slotStart: '2025-03-05T10:00:00.000Z' }, updated(booked({ start: '2025-03-05T10:00:00.000Z' }), 'v3'));
    expect(moved.booking).toBeNull();
    expect(activeCallback(moved)).toMatchObject({ ics: 'v3', callback: { start: '2025-03-05T10:00:00.000Z' } });
  });

  it('loses the race for the last place: says so by the times, and shows the fresh slots that follow', () => {
    let state = run(enabled(), { type: 'bookingOpen', moveId: null }, slotsFrame(['2025-03-04T10:00:00.000Z', '2025-03-04T11:00:00.000Z']));
    state = run(state, { type: 'bookingSent', slotStart: '2025-03-04T10:00:00.000Z' }, refused('slot_full', 'callback.book'));
    expect(state.booking).toMatchObject({ busy: null, error: { code: 'slot_full' } });
    expect(errorPlace('slot_full')).toBe('slot');
    state = reducer(state, slotsFrame(['2025-03-04T11:00:00.000Z']));
    expect(state.booking?.slots?.map((s) => s.start)).toEqual(['2025-03-04T11:00:00.000Z']);
    expect(state.booking?.error?.code).toBe('slot_full');
    // The visitor may try again at once; the next attempt clears the refusal.
    expect(bookFrame(state, { ...input, slotStart: '2025-03-04T11:00:00.000Z' })).not.toBeNull();
    expect(reducer(state, { type: 'bookingSent', slotStart: '2025-03-04T11:00:00.000Z' }).booking?.error).toBeNull();
  });

  it('puts a phone refusal by the phone field, and fails no chat message over a callback error', () => {
    let state = run(enabled(), { type: 'send', clientMsgId: 'x1', text: 'hi', createdAt: 'now' }, { type: 'bookingOpen', moveId: null });
    state = run(state, slotsFrame([input.slotStart]), { type: 'bookingSent', slotStart: input.slotStart }, refused('invalid_phone', 'callback.book'));
    expect(state.booking?.error).toEqual({ code: 'invalid_phone', message: 'English: invalid_phone' });
    expect(errorPlace('invalid_phone')).toBe('phone');
    expect(errorPlace('phone_country_not_served')).toBe('phone');
    expect(errorPlace('conflict')).toBe('form');
    expect(state.messages[0]?.delivery).toBe('sending');
  });

  it('stops loading when the slots request is refused', () => {
    const state = run(enabled(), { type: 'bookingOpen', moveId: null }, refused('callbacks_disabled', 'callback.slots'));
    expect(state.booking).toMatchObject({ slots: [], error: { code: 'callbacks_disabled' } });
  });

  it('says "not sent" when the link was down, so the visitor can send again', () => {
    const state = run(enabled(), { type: 'bookingOpen', moveId: null }, { type: 'callbackNotSent', ref: 'callback.book' });
    expect(state.booking?.error?.code).toBe('not_sent');
    expect(state.booking?.busy).toBeNull();
  });

  it('after a reconnect, closes the panel if the booking went through, and frees it otherwise', () => {
    const sent = run(enabled(), { type: 'bookingOpen', moveId: null }, slotsFrame([input.slotStart]), { type: 'bookingSent', slotStart: input.slotStart });
    // The same instant, written differently by the server.
    const landed = reducer(sent, frame(welcome([], true, conversation(), true, { callbacksEnabled: true, callback: { callback: booked({ start: '2025-03-04T10:00:00Z' }), ics: 'x' } })));
    expect(landed.booking).toBeNull();
    expect(activeCallback(landed)).not.toBeNull();
    const lost = reducer(sent, frame(welcome([], true, conversation(), true, { callbacksEnabled: true })));
    expect(lost.booking).toMatchObject({ busy: null, error: { code: 'not_sent' } });
    // The site stopped taking callbacks meanwhile: no panel.
    expect(reducer(sent, frame(welcome([], true, conversation()))).booking).toBeNull();
  });

  it('cancels once, then shows no booking to come', () => {
    let state = enabled({ callback: { callback: booked(), ics: 'v1' } });
    expect(cancelFrame(state, 'cb1')).toEqual({ type: 'callback.cancel', callbackId: 'cb1' });
    expect(cancelFrame(state, 'other')).toBeNull();
    state = reducer(state, { type: 'cancelSent' });
    expect(cancelFrame(state, 'cb1')).toBeNull();
    state = reducer(state, updated(booked({ state: 'cancelled' }), 'STATUS:CANCELLED'));
    expect(activeCallback(state)).toBeNull();
    expect(state.cancelling).toBe(false);
    expect(state.callback?.ics).toBe('STATUS:CANCELLED');
    // Done (the call happened) ends it too.
    expect(activeCallback(reducer(enabled({ callback: { callback: booked(), ics: 'v1' } }), updated(booked({ state: 'done', outcome: 'reached' }))))).toBeNull();
  });

  it('shows a refused cancel, and keeps the booking', () => {
    const state = run(enabled({ callback: { callback: booked(), ics: 'v1' } }), { type: 'cancelSent' }, refused('invalid_state', 'callback.cancel'));
    expect(state.cancelling).toBe(false);
    expect(state.cancelError).toEqual({ code: 'invalid_state', message: 'English: invalid_state' });
    expect(activeCallback(state)).not.toBeNull();
    expect(cancelFrame(state, 'cb1')).not.toBeNull();
  });

  it('keeps the booking to come over late news of an older, finished one, and keeps its ics when none is sent', () => {
    let state = enabled({ callback: { callback: booked({ id: 'cb2' }), ics: 'v2' } });
    state = reducer(state, updated(booked({ id: 'cb1', state: 'cancelled' }), 'old'));
    expect(activeCallback(state)?.callback.id).toBe('cb2');
    state = reducer(state, updated(booked({ id: 'cb2', state: 'claimed', claimedByName: 'Ana' })));
    expect(activeCallback(state)).toMatchObject({ ics: 'v2', callback: { state: 'claimed' } });
  });

  it('keeps a missed call as the booking to come: the visitor can still move or cancel it, and is not offered another', () => {
    const state = reducer(enabled({ callback: { callback: booked(), ics: 'v1' } }), updated(booked({ state: 'missed' })));
    expect(activeCallback(state)?.callback.state).toBe('missed');
    expect(cancelFrame(state, 'cb1')).toEqual({ type: 'callback.cancel', callbackId: 'cb1' });
    expect(callbackOffer(state)).toBeNull();
  });

  it('carries offerCallback on messages and on the queue position', () => {
    const state = enabled({}, [msg(1, { offerCallback: true })]);
    expect(state.messages[0]?.offerCallback).toBe(true);
    const queued = run(state, frame({ type: 'queue.position', conversationId: 'c1', position: 3, estimatedWaitSeconds: 900, offerCallback: true }));
    expect(queued.queue?.offerCallback).toBe(true);
  });

  it('follows the conversation into callback, and back to the bot when the visitor cancels', () => {
    const event = (seq: number, from: StatusEvent['from'], to: StatusEvent['to'], code: string): Action =>
      frame({ type: 'message.new', message: msg(seq, { author: 'system', event: { kind: 'status', from, to, reason: 'r', code } }) });
    let state = run(enabled(), event(1, 'bot', 'callback', 'callback_booked'));
    expect(state.status).toBe('callback');
    state = reducer(state, event(2, 'callback', 'bot', 'callback_cancelled'));
    expect(state.status).toBe('bot');
  });

  it('forgets the booking and the panel on reset', () => {
    const state = run(enabled({ callback: { callback: booked(), ics: 'v1' } }), { type: 'bookingOpen', moveId: 'cb1' }, { type: 'reset' });
    expect(state).toMatchObject({ callback: null, booking: null, callbacksEnabled: false, openNow: null });
  });
});

describe('the call-back offer', () => {
  const queuedConv = { ...conversation(), status: 'queued' as const, queuedAt: 't' };
  const withWelcome = (extra: Partial<VisitorWelcome>, messages: Message[] = [], conv: ConversationSummary = conversation()) =>
    run(initialState('en', true), frame(welcome(messages, false, conv, false, { callbacksEnabled: true, ...extra })));
  const spot = (offerCallback: boolean): Action =>
    frame({ type: 'queue.position', conversationId: 'c1', position: 4, estimatedWaitSeconds: 1200, offerCallback });

  it('goes under the latest message that offers it, in the conversation on screen', () => {
    const state = withWelcome({}, [msg(1, { offerCallback: true }), msg(2, { id: 'm2', offerCallback: true }), msg(3)]);
    expect(callbackOffer(state)).toEqual({ at: 'message', key: 'm2' });
    const older = run(state, frame({ type: 'message.new', message: msg(1, { id: 'n1', conversationId: 'c2' }) }));
    expect(callbackOffer(older)).toBeNull();
  });

  it('goes on the queue line when the wait is long, and only there', () => {
    let state = withWelcome({}, [msg(1, { offerCallback: true })], queuedConv);
    expect(callbackOffer(run(state, spot(false)))).toEqual({ at: 'message', key: 'm1' });
    state = reducer(state, spot(true));
    expect(callbackOffer(state)).toEqual({ at: 'queue' });
  });

  it('goes on the away line outside hours, which says when we are back', () => {
    const state = withWelcome({ openNow: false, opensAt: '2025-03-04T09:00:00.000Z' });
    expect(awayShown(state)).toBe(true);
    expect(callbackOffer(state)).toEqual({ at: 'away' });
    expect(awayShown(withWelcome({ openNow: true }))).toBe(false);
    expect(awayShown(withWelcome({ openNow: false }, [], { ...conversation(), status: 'live' }))).toBe(false);
    // A person became available: we are open after all.
    const open = reducer(state, frame({ type: 'site.availability', agentsAvailable: true }));
    expect(awayShown(open)).toBe(false);
    expect(open.opensAt).toBeNull();
    expect(awayShown(reducer(state, frame({ type: 'site.availability', agentsAvailable: false })))).toBe(true);
  });

  it('is not made when callbacks are off, a call is booked, a person is chatting, or the panel is open', () => {
    const offering = [msg(1, { offerCallback: true })];
    expect(callbackOffer(withWelcome({ callbacksEnabled: false }, offering))).toBeNull();
    const callback: Callback = {
      id: 'cb1', conversationId: 'c1', contactId: 'k1', contactName: null, start: 's', end: 'e', phone: 'p', phoneDisplay: 'p',
      note: null, timeZone: null, state: 'booked', claimedById: null, claimedByName: null, attempts: 0, outcome: null, createdAt: 't', updatedAt: 't',
    };
    expect(callbackOffer(withWelcome({ callback: { callback, ics: '' } }, offering))).toBeNull();
    expect(callbackOffer(withWelcome({}, offering, { ...conversation(), status: 'live' }))).toBeNull();
    expect(callbackOffer(run(withWelcome({}, offering), { type: 'bookingOpen', moveId: null }))).toBeNull();
  });

  it('puts the booking card after the latest booked or moved event, or at the end', () => {
    const event = (seq: number, code: string): Message =>
      msg(seq, { id: 'e' + seq, author: 'system', event: { kind: 'status', from: 'bot', to: 'callback', reason: 'r', code } });
    const callback: Callback = {
      id: 'cb1', conversationId: 'c1', contactId: 'k1', contactName: null, start: 's', end: 'e', phone: 'p', phoneDisplay: 'p',
      note: null, timeZone: null, state: 'booked', claimedById: null, claimedByName: null, attempts: 0, outcome: null, createdAt: 't', updatedAt: 't',
    };
    const state = withWelcome({ callback: { callback, ics: '' } }, [event(1, 'callback_booked'), event(2, 'callback_moved'), event(3, 'callback_claimed'), msg(4)]);
    expect(cardAnchor(state)).toBe('e2');
    expect(cardAnchor(withWelcome({ callback: { callback, ics: '' } }, [msg(1)]))).toBeNull();
  });
});

describe('hostEvents for call backs', () => {
  const callback = (over: Partial<Callback> = {}): Callback => ({
    id: 'cb1', conversationId: 'c1', contactId: 'k1', contactName: null, start: '2025-03-04T10:00:00.000Z', end: '2025-03-04T10:30:00.000Z',
    phone: '+351912345678', phoneDisplay: '+351 912 345 678', note: 'secret', timeZone: 'Europe/Lisbon', state: 'booked',
    claimedById: null, claimedByName: null, attempts: 0, outcome: null, createdAt: 't', updatedAt: 't', ...over,
  });
  const updated = (c: Callback): Action => frame({ type: 'callback.updated', callback: c, ics: 'ics' });

  it('tells the host page when the booking is made, moved and cancelled — times and state only', () => {
    const start = run(initialState('en', true), frame(welcome([], false, conversation(), true, { callbacksEnabled: true })));
    const booked = reducer(start, updated(callback()));
    expect(hostEvents(start, booked)).toEqual([
      { type: 'callback', detail: { state: 'booked', start: '2025-03-04T10:00:00.000Z', end: '2025-03-04T10:30:00.000Z' } },
    ]);
    const moved = reducer(booked, updated(callback({ start: '2025-03-05T10:00:00.000Z', end: '2025-03-05T10:30:00.000Z' })));
    expect(hostEvents(booked, moved)).toEqual([
      { type: 'callback', detail: { state: 'booked', start: '2025-03-05T10:00:00.000Z', end: '2025-03-05T10:30:00.000Z' } },
    ]);
    const cancelled = reducer(moved, updated(callback({ state: 'cancelled', start: '2025-03-05T10:00:00.000Z', end: '2025-03-05T10:30:00.000Z' })));
    const events = hostEvents(moved, cancelled);
    expect(events).toEqual([{ type: 'callback', detail: { state: 'cancelled', start: '2025-03-05T10:00:00.000Z', end: '2025-03-05T10:30:00.000Z' } }]);
    expect(JSON.stringify(events)).not.toMatch(/351|secret/);
    // The same news again (another tab's echo) is not news.
    expect(hostEvents(cancelled, reducer(cancelled, updated(callback({ state: 'cancelled', start: '2025-03-05T10:00:00.000Z', end: '2025-03-05T10:30:00.000Z' }))))).toEqual([]);
  });

  it('says nothing about the booking the first welcome brings', () => {
    const before = initialState('en', true);
    const after = reducer(before, frame(welcome([], false, conversation(), true, { callbacksEnabled: true, callback: { callback: callback(), ics: 'x' } })));
    expect(hostEvents(before, after)).toEqual([]);
  });
});
