import { describe, expect, it } from 'vitest';
import { createConnection } from './connection';
import { createController } from './controller';
import { initialState } from './state';
import { createStore } from './store';
import { callback, FakeSocket, fakeTimers, stubApi, summary } from './testing';

const agent = { id: 'a1', name: 'Ana', email: 'ana@example.com' };
const booked = callback({ id: 'cb1', conversationId: 'c1', contactName: 'Maria', updatedAt: '2025-07-10T10:00:00.000Z' });
const claimedByMe = { ...booked, state: 'claimed' as const, claimedById: 'a1', claimedByName: 'Ana', updatedAt: '2025-07-10T10:01:00.000Z' };

/** A signed-in controller on a fake socket; the test plays the relay. */
async function setup(callbacks: unknown[] = [booked]) {
  const clock = fakeTimers();
  const sockets: FakeSocket[] = [];
  const store = createStore(initialState());
  let ids = 0;
  const controller = createController({
    api: stubApi(agent),
    store,
    newId: () => `k${++ids}`,
    now: () => new Date('2025-07-10T10:00:00.000Z'),
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
  await controller.start();
  const socket = sockets[0];
  if (socket === undefined) throw new Error('no socket');
  socket.serverOpen();
  socket.serverSend({ type: 'welcome', role: 'agent', v: 1, agent, conversations: [], callbacks });
  const sentOf = (type: string) => socket.sent.filter((f) => (f as { type: string }).type === type);
  return { store, controller, socket, sentOf, clock };
}

describe('controller callbacks', () => {
  it('fills the callback list from the welcome, and a later welcome with none empties it', async () => {
    const { store, controller } = await setup();
    expect(store.getState().callbacks.cb1).toEqual(booked);
    controller.dispose();

    const old = await setup();
    old.socket.serverSend({ type: 'welcome', role: 'agent', v: 1, agent, conversations: [], callbacks: [] });
    expect(old.store.getState().callbacks).toEqual({});
    old.controller.dispose();
  });

  it("opening a callback selects it, shows the Callbacks view and asks for its conversation's whole transcript", async () => {
    const { store, controller, sentOf } = await setup();
    controller.openCallback('cb1');
    expect(sentOf('conversation.open')).toEqual([{ type: 'conversation.open', conversationId: 'c1' }]);
    expect(store.getState()).toMatchObject({ openId: 'c1', selectedCallbackId: 'cb1', view: 'callbacks' });
    controller.openCallback('unknown');
    expect(sentOf('conversation.open')).toHaveLength(1);
    controller.dispose();
  });

  it('claims a call and shows it claimed once the relay says so', async () => {
    const { store, controller, socket, sentOf } = await setup();
    controller.claimCallback('cb1');
    expect(sentOf('callback.claim')).toEqual([{ type: 'callback.claim', callbackId: 'cb1', reqId: 'callback.claim:cb1' }]);
    expect(store.getState().callbackRequests.cb1?.status).toBe('sending');
    socket.serverSend({ type: 'callback.updated', callback: claimedByMe });
    expect(store.getState().callbacks.cb1?.state).toBe('claimed');
    expect(store.getState().callbackRequests).toEqual({});
    controller.dispose();
  });

  it('shows a refused claim in the callback bar, not as a banner; an unmatched one becomes a banner', async () => {
    const { store, controller, socket } = await setup();
    controller.claimCallback('cb1');
    socket.serverSend({ type: 'error', code: 'invalid_state', message: 'Already claimed by Bruno.', ref: 'callback.claim' });
    expect(store.getState().callbackRequests.cb1).toMatchObject({ status: 'failed', error: 'Already claimed by Bruno.' });
    expect(store.getState().alerts).toEqual([]);
    socket.serverSend({ type: 'error', code: 'not_found', message: 'No such callback.', ref: 'callback.outcome' });
    expect(store.getState().alerts.map((a) => a.message)).toEqual(['No such callback.']);
    controller.dispose();
  });

  it('a refusal that echoes its reqId lands in the bar of the call it was about, not the oldest on its way', async () => {
    const { store, controller, socket } = await setup();
    controller.claimCallback('cb1');
    controller.claimCallback('cb2');
    socket.serverSend({ type: 'error', code: 'invalid_state', message: 'Bruno claimed it.', ref: 'callback.claim', reqId: 'callback.claim:cb2' });
    expect(store.getState().callbackRequests.cb2).toMatchObject({ status: 'failed', error: 'Bruno claimed it.' });
    expect(store.getState().callbackRequests.cb1).toMatchObject({ status: 'sending', error: null });
    controller.dispose();
  });

  it('records outcomes with a trimmed call note, leaving a blank note out', async () => {
    const { controller, sentOf } = await setup([claimedByMe]);
    controller.recordOutcome('cb1', 'reached', { note: '  Sorted the refund  ' });
    controller.recordOutcome('cb1', 'no_answer_retry', { note: '   ' });
    controller.recordOutcome('cb1', 'no_answer_close');
    expect(sentOf('callback.outcome')).toEqual([
      { type: 'callback.outcome', callbackId: 'cb1', outcome: 'reached', note: 'Sorted the refund', reqId: 'callback.outcome:cb1' },
      { type: 'callback.outcome', callbackId: 'cb1', outcome: 'no_answer_retry', reqId: 'callback.outcome:cb1' },
      { type: 'callback.outcome', callbackId: 'cb1', outcome: 'no_answer_close', reqId: 'callback.outcome:cb1' },
    ]);
    controller.dispose();
  });

  it('reschedules: asks for free times for that call, then sends the picked slot', async () => {
    const { store, controller, socket, sentOf } = await setup([claimedByMe]);
    controller.requestRescheduleSlots('cb1');
    expect(sentOf('callback.slots')).toEqual([{ type: 'callback.slots', callbackId: 'cb1', reqId: 'callback.slots:cb1' }]);
    const slots = [{ start: '2025-07-11T13:00:00.000Z', end: '2025-07-11T13:15:00.000Z', remaining: 1 }];
    socket.serverSend({ type: 'callback.slots', slots, siteTimeZone: 'Europe/Lisbon', countries: [], callbackId: 'cb1' });
    expect(store.getState().rescheduleSlots?.slots).toEqual(slots);
    // A visitor's answer (no callbackId) is not for the console.
    socket.serverSend({ type: 'callback.slots', slots: [], siteTimeZone: 'Europe/Lisbon', countries: [] });
    expect(store.getState().rescheduleSlots?.slots).toEqual(slots);

    controller.recordOutcome('cb1', 'rescheduled');
    expect(sentOf('callback.outcome')).toEqual([]);
    expect(store.getState().alerts.map((a) => a.message)).toEqual(['Pick the new time first.']);
    controller.recordOutcome('cb1', 'rescheduled', { slotStart: '2025-07-11T13:00:00.000Z', note: 'Asked for tomorrow' });
    expect(sentOf('callback.outcome')).toEqual([
      { type: 'callback.outcome', callbackId: 'cb1', reqId: 'callback.outcome:cb1', outcome: 'rescheduled', slotStart: '2025-07-11T13:00:00.000Z', note: 'Asked for tomorrow' },
    ]);
    socket.serverSend({
      type: 'callback.updated',
      callback: { ...claimedByMe, state: 'booked', claimedById: null, start: '2025-07-11T13:00:00.000Z', outcome: 'rescheduled', updatedAt: '2025-07-10T10:03:00.000Z' },
    });
    expect(store.getState().callbackRequests).toEqual({});
    controller.dispose();
  });

  it('tells the agent when a callback command cannot go out, and remembers no request', async () => {
    const { store, controller, socket } = await setup();
    socket.serverClose(1006);
    controller.claimCallback('cb1');
    expect(store.getState().alerts.map((a) => a.code)).toEqual(['offline']);
    expect(store.getState().callbackRequests).toEqual({});
    controller.dispose();
  });

  it('alerts on callback.due with the contact and phone', async () => {
    const { store, controller, socket } = await setup([]);
    socket.serverSend({ type: 'callback.due', callback: booked });
    expect(store.getState().alerts.map((a) => [a.message, a.action])).toEqual([
      ['Callback due: Maria +55 11 98765-4321', { kind: 'open-callback', callbackId: 'cb1' }],
    ]);
    controller.dispose();
  });

  it("keeps the contact's callbacks from a detail, and holds none for a context that lists none", async () => {
    const { store, controller, socket } = await setup();
    const conversation = summary({ id: 'c1', status: 'callback' });
    const context = { contact: { id: 'v1', name: 'Maria', email: null, phone: null, orderNumber: null }, page: null, locale: 'en', timeZone: 'America/Sao_Paulo', userAgent: null, past: [], callbacks: [] };
    controller.openCallback('cb1');
    socket.serverSend({ type: 'conversation.detail', conversation, messages: [], resumed: false, handoff: null, notes: [], context });
    expect(store.getState().transcripts.c1?.context?.callbacks).toEqual([]);
    socket.serverSend({
      type: 'conversation.detail',
      conversation,
      messages: [],
      resumed: true,
      handoff: null,
      notes: [],
      context: { ...context, callbacks: [booked, callback({ id: 'older', conversationId: 'c0', state: 'done' })] },
    });
    expect(Object.keys(store.getState().callbacks).sort()).toEqual(['cb1', 'older']);
    controller.dispose();
  });
});
