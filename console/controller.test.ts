import { describe, expect, it } from 'vitest';
import { ApiError, type ApiClient } from './api';
import { createConnection } from './connection';
import { createController } from './controller';
import { initialState } from './state';
import { createStore } from './store';
import { FakeSocket, fakeTimers, summary } from './testing';

const agent = { id: 'a1', name: 'Ana', email: 'ana@example.com' };
const welcome = (conversations: unknown[] = []) => ({ type: 'welcome', role: 'agent', v: 1, agent, conversations });

function fakeApi(overrides: Partial<ApiClient> = {}): ApiClient {
  return {
    me: async () => agent,
    login: async () => agent,
    logout: async () => {},
    ...overrides,
  };
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
    expect(store.getState().pending.k1).toMatchObject({ status: 'failed', error: 'Accept the chat first.' });

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
