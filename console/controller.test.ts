import { describe, expect, it } from 'vitest';
import { ApiError, type ApiClient } from './api';
import { createConnection } from './connection';
import { AutoResendDelayMs, AutoResendMaxAttempts } from '../client/resend';
import { createController } from './controller';
import { initialState } from './state';
import { createStore } from './store';
import { FakeSocket, fakeTimers, message, stubApi, summary } from './testing';

const agent = { id: 'a1', name: 'Ana', email: 'ana@example.com' };
const welcome = (conversations: unknown[] = []) => ({ type: 'welcome', role: 'agent', v: 1, agent, conversations, callbacks: [] });
const context = { contact: { id: 'v1', name: null, email: null, phone: null, orderNumber: null }, page: null, locale: 'en', timeZone: null, userAgent: null, past: [], callbacks: [] };

function fakeApi(overrides: Partial<ApiClient> = {}): ApiClient {
  return stubApi(agent, overrides);
}

function setup(api: ApiClient = fakeApi()) {
  const clock = fakeTimers();
  const sockets: FakeSocket[] = [];
  const store = createStore(initialState());
  let ids = 0;
  const controller = createController({
    api,
    store,
    newId: () => `k${++ids}`,
    now: () => new Date('2025-01-01T10:00:00.000Z'),
    timers: clock.timers,
    connect: (handlers) =>
      createConnection({
        ...handlers,
        url: 'ws://relay/ws',
        createSocket: (url) => {
          const socket = new FakeSocket(url);
          sockets.push(socket);
          return socket;
        },
        timers: clock.timers,
        random: () => 0,
      }),
  });
  const last = () => {
    const socket = sockets[sockets.length - 1];
    if (socket === undefined) throw new Error('no socket yet');
    return socket;
  };
  const greet = (conversations: unknown[] = []) => {
    last().serverOpen();
    last().serverSend(welcome(conversations));
  };
  return { clock, sockets, store, controller, last, greet };
}

describe('createController', () => {
  it('shows the sign-in form when there is no session, without connecting', async () => {
    const { controller, store, sockets } = setup(fakeApi({ me: async () => null }));
    await controller.start();
    expect(store.getState().auth).toEqual({ phase: 'signed_out', submitting: false, error: null });
    expect(sockets).toHaveLength(0);
  });

  it('shows the server message when signing in fails', async () => {
    const api = fakeApi({
      me: async () => null,
      login: async () => {
        throw new ApiError('unauthorized', 401, 'Email or password is incorrect.');
      },
    });
    const { controller, store } = setup(api);
    await controller.start();
    await controller.signIn('ana@example.com', 'wrong');
    expect(store.getState().auth).toEqual({ phase: 'signed_out', submitting: false, error: 'Email or password is incorrect.' });
  });

  it('signs in, connects and fills the inbox from the welcome', async () => {
    const { controller, store, greet } = setup(fakeApi({ me: async () => null }));
    await controller.start();
    await controller.signIn(' ana@example.com ', 'secret');
    greet([summary({ id: 'c1', status: 'queued' })]);
    const state = store.getState();
    expect(state.auth).toEqual({ phase: 'signed_in', agent });
    expect(state.link).toBe('online');
    expect(Object.keys(state.conversations)).toEqual(['c1']);
  });

  it('after a reconnect says hello, reopens the open conversation and resends unacknowledged replies', async () => {
    const { controller, last, greet, clock, sockets } = setup();
    await controller.start();
    greet([summary({ id: 'c1', status: 'live', assignedAgentId: 'a1' })]);
    controller.open('c1');
    expect(last().sent.at(-1)).toEqual({ type: 'conversation.open', conversationId: 'c1' });

    last().serverClose(1006);
    controller.send('c1', '  On my way  ');
    clock.advance(1000);
    expect(sockets).toHaveLength(2);
    greet();
    expect(last().sent).toEqual([
      { type: 'hello', v: 1, role: 'agent' },
      { type: 'conversation.open', conversationId: 'c1' },
      { type: 'message.send', conversationId: 'c1', clientMsgId: 'k1', text: 'On my way' },
    ]);
    controller.dispose();
  });

  it('marks a reply failed when the server refuses it, and alerts for other errors', async () => {
    const { controller, store, last, greet } = setup();
    await controller.start();
    greet();
    controller.send('c1', 'hello');
    last().serverSend({ type: 'error', code: 'forbidden', message: 'Accept the chat first.', ref: 'k1' });
    expect(store.getState().pending[0]).toMatchObject({ status: 'failed', error: 'Accept the chat first.' });

    last().serverSend({ type: 'error', code: 'conflict', message: 'Someone else took this chat.' });
    expect(store.getState().alerts.map((a) => a.message)).toEqual(['Someone else took this chat.']);

    controller.retry('k1');
    expect(last().sent.at(-1)).toEqual({ type: 'message.send', conversationId: 'c1', clientMsgId: 'k1', text: 'hello' });
    controller.dispose();
  });

  it('tells the agent when a command cannot go out while offline', async () => {
    const { controller, store } = setup();
    await controller.start();
    controller.accept('c1');
    expect(store.getState().alerts).toHaveLength(1);
    controller.dispose();
  });

  it('returns to the sign-in form when the socket closes with 4401', async () => {
    const { controller, store, last } = setup();
    await controller.start();
    last().serverOpen();
    last().serverClose(4401);
    expect(store.getState().auth).toEqual({
      phase: 'signed_out',
      submitting: false,
      error: 'Your session has ended. Please sign in again.',
    });
  });

  it('signs out, closing the socket', async () => {
    const { controller, store, last, greet } = setup();
    await controller.start();
    greet();
    await controller.signOut();
    expect(last().closedWith).toBe(1000);
    expect(store.getState().auth.phase).toBe('signed_out');
  });
});

describe('createController resume and outbox', () => {
  const live = (id: string) => summary({ id, status: 'live', assignedAgentId: 'a1' });
  const detail = (id: string, seqs: number[], resumed = false) => ({
    type: 'conversation.detail',
    conversation: live(id),
    messages: seqs.map((seq) => message({ id: `${id}-m${seq}`, conversationId: id, seq })),
    resumed,
    handoff: null,
    notes: [],
    context,
  });

  /** Signed in with c1 and c2 loaded (c1 up to seq 3, c2 up to seq 5) and c1 on screen. */
  async function withTwoLoaded() {
    const harness = setup();
    await harness.controller.start();
    harness.greet([live('c1'), live('c2')]);
    harness.controller.open('c2');
    harness.last().serverSend(detail('c2', [1, 2, 3, 4, 5]));
    harness.controller.open('c1');
    harness.last().serverSend(detail('c1', [1, 2, 3]));
    return harness;
  }

  function reconnect(harness: Awaited<ReturnType<typeof withTwoLoaded>>) {
    harness.last().serverClose(1006);
    harness.clock.advance(1000);
    harness.greet([live('c1'), live('c2')]);
  }

  it('reopening a loaded conversation asks only for what came after it', async () => {
    const harness = await withTwoLoaded();
    harness.controller.open('c2');
    expect(harness.last().sent.at(-1)).toEqual({ type: 'conversation.open', conversationId: 'c2', afterSeq: 5 });
    harness.controller.dispose();
  });

  it('resumes every loaded conversation after a reconnect and appends what was missed', async () => {
    const harness = await withTwoLoaded();
    reconnect(harness);
    expect(harness.last().sent).toEqual([
      { type: 'hello', v: 1, role: 'agent' },
      { type: 'conversation.open', conversationId: 'c1', afterSeq: 3 },
      { type: 'conversation.open', conversationId: 'c2', afterSeq: 5 },
    ]);
    harness.last().serverSend(detail('c2', [6], true));
    harness.last().serverSend(detail('c1', [3, 4], true));
    const { transcripts } = harness.store.getState();
    expect(transcripts.c1?.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(transcripts.c2?.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    harness.controller.dispose();
  });

  it('on invalid_seq asks again in full for the resumes still in flight, and replaces the transcript', async () => {
    const harness = await withTwoLoaded();
    reconnect(harness);
    // c1 resumes fine; c2's cursor is ahead of the server (its data was reset).
    harness.last().serverSend(detail('c1', [4], true));
    harness.last().serverSend({ type: 'error', code: 'invalid_seq', message: 'afterSeq is ahead', ref: 'conversation.open' });
    expect(harness.last().sent.at(-1)).toEqual({ type: 'conversation.open', conversationId: 'c2' });
    expect(harness.last().sentTypes().filter((t) => t === 'conversation.open')).toHaveLength(3);
    harness.last().serverSend(detail('c2', [1, 2], false));
    expect(harness.store.getState().transcripts.c2?.messages.map((m) => m.id)).toEqual(['c2-m1', 'c2-m2']);
    expect(harness.store.getState().transcripts.c1?.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    // No alert: the console recovered by itself.
    expect(harness.store.getState().alerts).toEqual([]);
    harness.controller.dispose();
  });

  it('resends unacknowledged replies in typing order after a reconnect, with the same clientMsgId', async () => {
    const harness = await withTwoLoaded();
    harness.controller.send('c1', 'one');
    harness.last().serverClose(1006);
    harness.controller.send('c2', 'two');
    harness.controller.send('c1', 'three');
    harness.clock.advance(1000);
    harness.greet([live('c1'), live('c2')]);
    const sends = harness.last().sent.filter((f) => (f as { type: string }).type === 'message.send');
    expect(sends).toEqual([
      { type: 'message.send', conversationId: 'c1', clientMsgId: 'k1', text: 'one' },
      { type: 'message.send', conversationId: 'c2', clientMsgId: 'k2', text: 'two' },
      { type: 'message.send', conversationId: 'c1', clientMsgId: 'k3', text: 'three' },
    ]);
    // Opens go before sends, so the resumed details can settle replies stored before the drop.
    expect(harness.last().sentTypes().indexOf('message.send')).toBeGreaterThan(harness.last().sentTypes().lastIndexOf('conversation.open'));
    harness.controller.dispose();
  });

  it('shows each reply once whether the ack, the echo or the resumed detail comes first', async () => {
    const harness = await withTwoLoaded();
    const { controller, last, store } = harness;
    controller.send('c1', 'one');
    controller.send('c1', 'two');
    controller.send('c1', 'three');
    const echo = (seq: number, key: string, text: string) =>
      message({ id: `c1-m${seq}`, seq, author: 'agent', authorName: 'Ana', text, clientMsgId: key });
    const ack = (seq: number, key: string) => ({ type: 'message.ack', clientMsgId: key, conversationId: 'c1', id: `c1-m${seq}`, seq, createdAt: '2025-01-01T10:00:00.000Z' });
    // k1: ack, then echo. k2: echo, then ack.
    last().serverSend(ack(4, 'k1'));
    last().serverSend({ type: 'message.new', message: echo(4, 'k1', 'one') });
    last().serverSend({ type: 'message.new', message: echo(5, 'k2', 'two') });
    last().serverSend(ack(5, 'k2'));
    // k3 was stored but the socket dropped before the ack; the resumed detail shows it and
    // the resend is acknowledged again with the same seq.
    reconnect(harness);
    harness.last().serverSend({ type: 'conversation.detail', conversation: live('c1'), messages: [echo(6, 'k3', 'three')], resumed: true, handoff: null, notes: [], context });
    harness.last().serverSend(ack(6, 'k3'));
    const state = store.getState();
    expect(state.pending).toEqual([]);
    expect(state.transcripts.c1?.messages.map((m) => m.text)).toEqual(['text 1', 'text 2', 'text 3', 'one', 'two', 'three']);
    harness.controller.dispose();
  });

  it('sends a reply again after a retryable error, and shows Retry once that keeps failing', async () => {
    const harness = await withTwoLoaded();
    const { controller, last, store, clock } = harness;
    controller.send('c1', 'one');
    // Long waits below also trip the ping timeout and reconnect; count on this socket.
    const socket = last();
    const sendsOf = () => socket.sent.filter((f) => (f as { clientMsgId?: string }).clientMsgId === 'k1').length;
    for (let attempt = 0; attempt < AutoResendMaxAttempts; attempt += 1) {
      last().serverSend({ type: 'error', code: 'rate_limited', message: 'Slow down.', ref: 'k1' });
      expect(store.getState().pending[0]?.status).toBe('sending');
      clock.advance(AutoResendDelayMs * 2 ** attempt);
      expect(sendsOf()).toBe(attempt + 2);
    }
    last().serverSend({ type: 'error', code: 'rate_limited', message: 'Slow down.', ref: 'k1' });
    expect(store.getState().pending[0]).toMatchObject({ status: 'failed', error: 'Slow down.' });
    clock.advance(60_000);
    expect(sendsOf()).toBe(AutoResendMaxAttempts + 1);
    controller.dispose();
  });

  it('marks a reply failed at once on a non-retryable error, and Retry keeps its place and id', async () => {
    const harness = await withTwoLoaded();
    const { controller, last, store, clock } = harness;
    controller.send('c1', 'one');
    controller.send('c1', 'two');
    last().serverSend({ type: 'error', code: 'forbidden', message: 'Not your chat.', ref: 'k1' });
    expect(store.getState().pending.map((p) => [p.clientMsgId, p.status])).toEqual([['k1', 'failed'], ['k2', 'sending']]);
    clock.advance(AutoResendDelayMs * 4);
    expect(last().sent.filter((f) => (f as { clientMsgId?: string }).clientMsgId === 'k1')).toHaveLength(1);
    controller.retry('k1');
    expect(last().sent.at(-1)).toEqual({ type: 'message.send', conversationId: 'c1', clientMsgId: 'k1', text: 'one' });
    expect(store.getState().pending.map((p) => p.clientMsgId)).toEqual(['k1', 'k2']);
    controller.dispose();
  });
});

describe('createController handoff', () => {
  it('stores the handoff a conversation.detail carries, and none when it carries none', async () => {
    const harness = setup();
    await harness.controller.start();
    const queued = summary({ id: 'c1', status: 'queued' });
    harness.greet([queued, summary({ id: 'c2', status: 'queued' })]);
    const handoff = { reason: 'two low-confidence answers', summary: 'Asks about a warranty.', facts: { email: 'ana@example.com' }, createdAt: '2025-01-01T10:00:00.000Z' };
    harness.controller.open('c1');
    harness.last().serverSend({ type: 'conversation.detail', conversation: queued, messages: [], resumed: false, handoff, notes: [], context });
    expect(harness.store.getState().transcripts.c1?.handoff).toEqual(handoff);

    harness.controller.open('c2');
    harness.last().serverSend({ type: 'conversation.detail', conversation: summary({ id: 'c2', status: 'queued' }), messages: [], resumed: false, handoff: null, notes: [], context });
    expect(harness.store.getState().transcripts.c2).toMatchObject({ loaded: true, handoff: null });
  });
});
