import { describe, expect, it } from 'vitest';
import { AutoResendDelayMs, AutoResendMaxAttempts } from '../../client/resend';
import { manualTimers } from '../../client/testing/timers';
import type { VisitorFrame, Message, ServerFrame } from '../../protocol/frames';
import type { FrameMessage } from '../loader/messages';
import { createChat } from './chat';
import { initialState } from './state';
import type { OutboxItem } from './storage/outbox';
import type { StoredValue } from './storage/token';
import { createStore } from './store';

const memory = (initial: string | null = null): StoredValue & { value: string | null } => {
  const held = {
    value: initial,
    get: () => held.value,
    set: (value: string) => void (held.value = value),
    clear: () => void (held.value = null),
  };
  return held;
};

const item = (id: string): OutboxItem => ({ clientMsgId: id, text: 'text ' + id, createdAt: '2025-01-01T10:00:00.000Z' });

const stored = (clientMsgId: string, seq: number): Message => ({
  id: 'm' + seq,
  conversationId: 'c1',
  seq,
  author: 'visitor',
  authorName: null,
  text: 'text ' + clientMsgId,
  createdAt: '2025-01-01T10:00:00.000Z',
  clientMsgId,
});

const welcome = (messages: Message[] = []): ServerFrame => ({
  type: 'welcome',
  role: 'visitor',
  v: 1,
  token: 'tok',
  contactId: 'k1',
  site: { key: 'demo', name: 'Demo', greeting: 'Hi', locale: 'en' },
  conversation: null,
  messages,
  resumed: false,
  agentsAvailable: true,
  callbacksEnabled: false,
  openNow: true,
  opensAt: null,
  callback: null,
});

function setup(options: { stored?: string } = {}) {
  const clock = manualTimers();
  const store = createStore(initialState('en', true));
  const sent: VisitorFrame[] = [];
  const posts: FrameMessage[] = [];
  let up = false;
  let connects = 0;
  const outboxStore = memory(options.stored ?? null);
  const tokens = memory();
  let ids = 0;
  const chat = createChat({
    store,
    send: (frame) => {
      if (!up) return false;
      sent.push(frame);
      return true;
    },
    connect: () => void connects++,
    tokens,
    outboxStore,
    post: (message) => posts.push(message),
    newId: () => 'n' + ++ids,
    now: clock.now,
    timers: clock.timers,
    isVisible: () => true,
    online: () => true,
  });
  /** The link comes up and the server welcomes us. */
  const online = (messages: Message[] = []): void => {
    up = true;
    chat.phase('online');
    chat.frame(welcome(messages));
  };
  const sends = () => sent.filter((f) => f.type === 'message.send').map((f) => (f.type === 'message.send' ? f.clientMsgId : ''));
  const queued = () => (JSON.parse(outboxStore.value ?? '[]') as OutboxItem[]).map((i) => i.clientMsgId);
  const delivery = (id: string) => store.getState().messages.find((m) => m.clientMsgId === id)?.delivery;
  return { clock, store, chat, sent, posts, tokens, outboxStore, online, sends, queued, delivery, connects: () => connects };
}

describe('chat controller: flush after welcome', () => {
  it('sends what is still unsent in typing order, and drops what the transcript shows as stored', () => {
    const t = setup();
    t.chat.adopt([item('a'), item('b'), item('c')]);
    expect(t.sends()).toEqual([]);
    t.online([stored('a', 1)]);
    expect(t.sends()).toEqual(['b', 'c']);
    expect(t.queued()).toEqual(['b', 'c']);
    expect(t.delivery('a')).toBe('sent');
    expect(t.posts.at(-1)).toEqual({ type: 'outbox', outbox: t.outboxStore.value });
  });

  it('keeps the outbox until each message is acknowledged, then clears storage and the host copy', () => {
    const t = setup();
    t.chat.actions.send('hello');
    expect(t.queued()).toEqual(['n1']);
    expect(t.connects()).toBe(1);
    t.online();
    expect(t.sends()).toEqual(['n1']);
    t.chat.frame({ type: 'message.ack', clientMsgId: 'n1', conversationId: 'c1', id: 'm1', seq: 1, createdAt: '2025-01-01T10:00:01.000Z' });
    expect(t.outboxStore.value).toBeNull();
    expect(t.posts.at(-1)).toEqual({ type: 'outbox', outbox: '' });
    expect(t.delivery('n1')).toBe('sent');
  });
});

describe('chat controller: adopt', () => {
  it('shows and queues a stored outbox once, and sends it at once when the link is up', () => {
    const t = setup();
    t.online();
    t.chat.adopt([item('a'), item('b')]);
    t.chat.adopt([item('b'), item('c')]);
    expect(t.sends()).toEqual(['a', 'b', 'c']);
    expect(t.store.getState().messages.map((m) => m.clientMsgId)).toEqual(['a', 'b', 'c']);
    expect(t.chat.pendingCount()).toBe(3);
  });

  it('does not adopt what the transcript already shows as stored', () => {
    const t = setup();
    t.online([stored('a', 1)]);
    t.chat.adopt([item('a')]);
    expect(t.sends()).toEqual([]);
    expect(t.chat.pendingCount()).toBe(0);
  });

  it("keeps another tab's items in the shared store while writing its own", () => {
    const t = setup({ stored: JSON.stringify([item('other')]) });
    t.chat.actions.send('mine');
    expect(t.queued()).toEqual(['n1', 'other']);
  });
});

describe('chat controller: resend after a refusal', () => {
  const refuse = (t: ReturnType<typeof setup>, ref: string, code: string) =>
    t.chat.frame({ type: 'error', code, message: 'refused: ' + code, ref });

  it('sends a message refused for now again after a while, only that one, and gives up after the last attempt', () => {
    const t = setup();
    t.chat.adopt([item('a'), item('b')]);
    t.online();
    expect(t.sends()).toEqual(['a', 'b']);
    for (let attempt = 0; attempt < AutoResendMaxAttempts; attempt++) {
      refuse(t, 'a', 'rate_limited');
      expect(t.delivery('a')).toBe('sending');
      t.clock.advance(AutoResendDelayMs * 2 ** attempt);
      expect(t.sends()).toEqual(['a', 'b', ...Array.from({ length: attempt + 1 }, () => 'a')]);
    }
    refuse(t, 'a', 'rate_limited');
    expect(t.delivery('a')).toBe('failed');
    expect(t.queued()).toEqual(['b']);
  });

  it('marks a message refused for good failed at once, and Retry queues it again with the same id', () => {
    const t = setup();
    t.online();
    t.chat.actions.send('too long?');
    refuse(t, 'n1', 'too_large');
    expect(t.delivery('n1')).toBe('failed');
    expect(t.chat.pendingCount()).toBe(0);
    t.clock.advance(60_000);
    expect(t.sends()).toEqual(['n1']);
    t.chat.actions.retry('n1');
    expect(t.delivery('n1')).toBe('sending');
    expect(t.sends()).toEqual(['n1', 'n1']);
  });

  it('a new welcome sends everything once and cancels the pending resends', () => {
    const t = setup();
    t.online();
    t.chat.actions.send('one');
    refuse(t, 'n1', 'internal');
    t.online();
    expect(t.sends()).toEqual(['n1', 'n1']);
    t.clock.advance(60_000);
    expect(t.sends()).toEqual(['n1', 'n1']);
  });
});

describe('chat controller: close codes', () => {
  it('starts over as a new visitor on 4401, still showing what this one typed', () => {
    const t = setup();
    t.tokens.set('old');
    t.chat.actions.send('kept');
    expect(t.chat.closed(4401)).toBe(true);
    expect(t.tokens.value).toBeNull();
    expect(t.store.getState().messages.map((m) => m.clientMsgId)).toEqual(['n1']);
    expect(t.chat.pendingCount()).toBe(1);
  });

  it('stops on 4403, 4426 and unknown 44xx, and retries anything else', () => {
    const t = setup();
    expect(t.chat.closed(1006)).toBe(true);
    expect(t.chat.closed(4429)).toBe(true);
    expect(t.chat.closed(4426)).toBe(false);
    expect(t.store.getState().failure).toBe('version');
    expect(t.chat.closed(4499)).toBe(false);
    expect(t.store.getState().failure).toBe('forbidden');
  });
});
