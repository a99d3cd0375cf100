import { describe, expect, it } from 'vitest';
import { createConnection } from './connection';
import { createController } from './controller';
import { initialState } from './state';
import { isVisitorTyping } from './selectors';
import { createStore } from './store';
import { FakeSocket, fakeTimers, message, stubApi, summary } from './testing';

const agent = { id: 'a1', name: 'Ana', email: 'ana@example.com' };
const mine = summary({ id: 'c1', status: 'live', assignedAgentId: 'a1', assignedAgentName: 'Ana' });
const context = { contact: { id: 'v1', name: null, email: null, phone: null, orderNumber: null }, page: null, locale: 'en', timeZone: null, userAgent: null, past: [], callbacks: [] };
const detail = (messages: unknown[] = [], notes: unknown[] = []) => ({
  type: 'conversation.detail',
  conversation: mine,
  messages,
  resumed: false,
  handoff: null,
  notes,
  context,
});

/** A controller on a fake socket whose clock (`now`) moves with the fake timers. */
async function setup(visible = true) {
  const clock = fakeTimers();
  let elapsed = 0;
  const base = Date.parse('2025-01-01T10:00:00.000Z');
  const sockets: FakeSocket[] = [];
  const store = createStore(initialState());
  let ids = 0;
  const controller = createController({
    api: stubApi(agent),
    store,
    newId: () => `k${++ids}`,
    now: () => new Date(base + elapsed),
    timers: clock.timers,
    isVisible: () => visible,
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
  await controller.start();
  const socket = sockets[0];
  if (socket === undefined) throw new Error('no socket');
  socket.serverOpen();
  socket.serverSend({ type: 'welcome', role: 'agent', v: 1, agent, conversations: [mine], callbacks: [] });
  const advance = (ms: number) => {
    elapsed += ms;
    clock.advance(ms);
  };
  const sentOf = (type: string) => socket.sent.filter((f) => (f as { type: string }).type === type);
  return { store, controller, socket, advance, sentOf, nowMs: () => base + elapsed };
}

describe('collaboration frames', () => {
  it('sends a note with a clientMsgId and shows the echo once', async () => {
    const { controller, socket, store, sentOf } = await setup();
    controller.addNote('c1', '  VIP customer  ');
    expect(sentOf('note.add')).toEqual([{ type: 'note.add', conversationId: 'c1', clientMsgId: 'k1', text: 'VIP customer' }]);
    const note = { id: 'n1', conversationId: 'c1', authorId: 'a1', authorName: 'Ana', text: 'VIP customer', clientMsgId: 'k1', createdAt: '2025-01-01T10:00:01.000Z' };
    socket.serverSend({ type: 'note.new', note });
    socket.serverSend({ type: 'note.new', note });
    expect(store.getState().transcripts.c1?.notes).toEqual([note]);
    controller.dispose();
  });

  it('hides the visitor typing indicator 6 s after the last update', async () => {
    const { controller, socket, store, advance, nowMs } = await setup();
    socket.serverSend({ type: 'typing', conversationId: 'c1', from: 'visitor', name: null, typing: true });
    expect(isVisitorTyping(store.getState(), 'c1', nowMs())).toBe(true);
    advance(5_999);
    expect(store.getState().visitorTyping.c1).toBe(nowMs() - 5_999);
    advance(1);
    expect(store.getState().visitorTyping.c1).toBeUndefined();
    controller.dispose();
  });

  it('throttles my typing frames and says false on send', async () => {
    const { controller, advance, sentOf } = await setup();
    controller.typing('c1', true);
    advance(1_000);
    controller.typing('c1', true);
    advance(2_000);
    controller.typing('c1', true);
    controller.send('c1', 'hi');
    expect(sentOf('typing')).toEqual([
      { type: 'typing', conversationId: 'c1', typing: true },
      { type: 'typing', conversationId: 'c1', typing: true },
      { type: 'typing', conversationId: 'c1', typing: false },
    ]);
    controller.dispose();
  });

  it('sends a read receipt for new visitor messages in my open conversation, only while visible', async () => {
    const { controller, socket, sentOf } = await setup();
    controller.open('c1');
    socket.serverSend(detail([message({ id: 'm1', seq: 1, author: 'visitor' })]));
    socket.serverSend({ type: 'message.new', message: message({ id: 'm2', seq: 2, author: 'visitor' }) });
    socket.serverSend({ type: 'message.new', message: message({ id: 'm2', seq: 2, author: 'visitor' }) });
    expect(sentOf('conversation.read')).toEqual([
      { type: 'conversation.read', conversationId: 'c1', seq: 1 },
      { type: 'conversation.read', conversationId: 'c1', seq: 2 },
    ]);
    controller.dispose();

    const hidden = await setup(false);
    hidden.controller.open('c1');
    hidden.socket.serverSend(detail([message({ id: 'm1', seq: 1, author: 'visitor' })]));
    expect(hidden.sentOf('conversation.read')).toEqual([]);
    hidden.controller.dispose();
  });

  it('records the visitor read position for "Seen"', async () => {
    const { controller, socket, store } = await setup();
    socket.serverSend({ type: 'conversation.read', conversationId: 'c1', by: 'visitor', seq: 4 });
    socket.serverSend({ type: 'conversation.read', conversationId: 'c1', by: 'agent', seq: 9 });
    expect(store.getState().readByVisitor.c1).toBe(4);
    controller.dispose();
  });

  it('sends a transfer with the note only when there is one', async () => {
    const { controller, sentOf } = await setup();
    controller.transfer('c1', 'a2', '  ');
    controller.transfer('c1', 'a2', 'Billing question');
    expect(sentOf('conversation.transfer')).toEqual([
      { type: 'conversation.transfer', conversationId: 'c1', toAgentId: 'a2' },
      { type: 'conversation.transfer', conversationId: 'c1', toAgentId: 'a2', note: 'Billing question' },
    ]);
    controller.dispose();
  });
});
