import { describe, expect, it } from 'vitest';
import type { ConversationSummary, Message, ServerFrame } from '../../protocol/frames';
import { readReceiptFrame, seenMessageKey, typingAgent, typingDeadline } from './signals';
import { TypingTimeoutMs } from '../../client/typing';
import { initialState, reducer, type Action, type State } from './state';

const site = { key: 'demo', name: 'Demo Shop', greeting: 'Hi!', locale: 'en' as const };

const msg = (seq: number, over: Partial<Message> = {}): Message => ({
  id: 'm' + seq,
  conversationId: 'c1',
  seq,
  author: 'agent',
  authorName: 'Ana',
  text: 'text ' + seq,
  createdAt: '2025-01-01T00:00:00.000Z',
  clientMsgId: null,
  ...over,
});
const mine = (seq: number, over: Partial<Message> = {}): Message =>
  msg(seq, { author: 'visitor', authorName: null, clientMsgId: 'x' + seq, ...over });

const conversation = (id = 'c1'): ConversationSummary => ({
  id,
  siteKey: 'demo',
  status: 'live',
  contactId: 'k1',
  contactName: null,
  contactEmail: null,
  contactPhone: null,
  contactOrderNumber: null,
  assignedAgentId: 'a1',
  assignedAgentName: 'Ana',
  locale: 'en',
  lastSeq: 0,
  lastMessage: null,
  page: null,
  createdAt: 't',
  updatedAt: 't',
  offeredToAgentId: null,
  offerExpiresAt: null,
  queuedAt: null,
});

const frame = (f: ServerFrame): Action => ({ type: 'frame', frame: f });
const run = (state: State, ...actions: Action[]): State => actions.reduce(reducer, state);
const chat = (messages: Message[] = [], open = true): State =>
  run(initialState('en', open), frame({ type: 'welcome', role: 'visitor', v: 1, token: 't', contactId: 'k1', site, conversation: conversation(), messages, resumed: false, agentsAvailable: true, callbacksEnabled: false, openNow: true, opensAt: null, callback: null }));
const typing = (typingNow: boolean, now: number, over: { from?: 'agent' | 'visitor'; name?: string | null; conversationId?: string } = {}): Action => ({
  type: 'typing',
  frame: { type: 'typing', conversationId: over.conversationId ?? 'c1', from: over.from ?? 'agent', name: over.name === undefined ? 'Ana' : over.name, typing: typingNow },
  now,
});
const read = (seq: number, by: 'agent' | 'visitor' = 'agent', conversationId = 'c1'): Action =>
  frame({ type: 'conversation.read', conversationId, by, seq });
const arrives = (m: Message): Action => frame({ type: 'message.new', message: m });

describe('typing, incoming', () => {
  it('shows the agent typing, by name, until 6 s without an update', () => {
    let state = run(chat(), typing(true, 1_000));
    expect(typingAgent(state)).toBe('Ana');
    expect(typingDeadline(state)).toBe(1_000 + TypingTimeoutMs);

    state = run(state, typing(true, 4_000), { type: 'expireTyping', now: 1_000 + TypingTimeoutMs });
    expect(typingAgent(state)).toBe('Ana'); // refreshed at 4 s

    state = run(state, { type: 'expireTyping', now: 4_000 + TypingTimeoutMs });
    expect(typingAgent(state)).toBeUndefined();
    expect(typingDeadline(state)).toBeNull();
  });

  it('hides on typing:false and when that agent’s message arrives', () => {
    expect(typingAgent(run(chat(), typing(true, 0), typing(false, 1)))).toBeUndefined();
    expect(typingAgent(run(chat(), typing(true, 0), arrives(msg(1))))).toBeUndefined();
    // A bot line or another agent's message is not what Ana was typing.
    expect(typingAgent(run(chat(), typing(true, 0), arrives(msg(1, { author: 'bot', authorName: 'Bot' }))))).toBe('Ana');
    expect(typingAgent(run(chat(), typing(true, 0), arrives(msg(1, { authorName: 'Bea' }))))).toBe('Ana');
  });

  it('keeps an unnamed agent as null, and ignores visitor typing and other conversations', () => {
    expect(typingAgent(run(chat(), typing(true, 0, { name: null })))).toBeNull();
    const before = chat();
    expect(run(before, typing(true, 0, { from: 'visitor' }))).toBe(before);
    expect(run(before, typing(true, 0, { conversationId: 'c2' }))).toBe(before);
  });

  it('ignores internal notes (never meant for visitors)', () => {
    const before = chat();
    const note = { id: 'n1', conversationId: 'c1', authorId: 'a1', authorName: 'Ana', text: 'secret', clientMsgId: 'n', createdAt: 't' };
    expect(reducer(before, frame({ type: 'note.new', note }))).toBe(before);
  });
});

describe('read receipts, outgoing', () => {
  it('reads up to the highest seq once a new agent message is shown, and only once', () => {
    let state = chat([mine(1), msg(2), mine(3)]);
    expect(readReceiptFrame(state, true)).toEqual({ type: 'conversation.read', seq: 3 });
    state = reducer(state, { type: 'readSent', conversationId: 'c1', seq: 3 });
    expect(readReceiptFrame(state, true)).toBeNull();

    // The visitor's own and the bot's messages need no receipt; the agent's next one does.
    state = run(state, arrives(mine(4)), arrives(msg(5, { author: 'bot', authorName: 'Bot' })));
    expect(readReceiptFrame(state, true)).toBeNull();
    state = reducer(state, arrives(msg(6)));
    expect(readReceiptFrame(state, true)).toEqual({ type: 'conversation.read', seq: 6 });
  });

  it('sends nothing while the panel is closed or the tab hidden', () => {
    expect(readReceiptFrame(chat([msg(1)], false), true)).toBeNull();
    expect(readReceiptFrame(chat([msg(1)]), false)).toBeNull();
    // Opening the panel shows them: now it reads.
    expect(readReceiptFrame(reducer(chat([msg(1)], false), { type: 'panel', open: true }), true)).toEqual({ type: 'conversation.read', seq: 1 });
  });

  it('sends nothing when offline (it is sent after the next welcome instead)', () => {
    const state = reducer(chat([msg(1)]), { type: 'connection', connection: 'reconnecting' });
    expect(readReceiptFrame(state, true)).toBeNull();
  });

  it('never moves the sent mark back', () => {
    const state = run(chat([msg(1), msg(2)]), { type: 'readSent', conversationId: 'c1', seq: 2 });
    expect(reducer(state, { type: 'readSent', conversationId: 'c1', seq: 1 })).toBe(state);
  });
});

describe('read receipts, incoming', () => {
  it('shows "Seen" under my last message once the agent read up to it', () => {
    let state = chat([mine(1), msg(2), mine(3)]);
    expect(seenMessageKey(state)).toBeNull();
    state = reducer(state, read(2));
    expect(seenMessageKey(state)).toBeNull(); // my last message (3) is not read yet
    state = reducer(state, read(3));
    expect(seenMessageKey(state)).toBe('x3');
  });

  it('moves on when I write again, and ignores stale or visitor receipts', () => {
    let state = run(chat([mine(1)]), read(1), arrives(mine(2)));
    expect(seenMessageKey(state)).toBeNull();
    expect(reducer(state, read(1))).toBe(state);
    expect(reducer(state, read(5, 'visitor'))).toBe(state);
    state = reducer(state, read(2));
    expect(seenMessageKey(state)).toBe('x2');
  });

  it('shows nothing for an unsent last message or another conversation', () => {
    const unsent = run(chat([mine(1)]), read(1), { type: 'send', clientMsgId: 'y', text: 'more', createdAt: 'now' });
    expect(seenMessageKey(unsent)).toBeNull();
    expect(seenMessageKey(run(chat([mine(1)]), read(1, 'agent', 'c2')))).toBeNull();
  });
});
