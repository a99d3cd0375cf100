import { describe, expect, it } from 'vitest';
import { AgentStatus } from '../protocol/codes';
import { createController } from './controller';
import { createConnection } from './connection';
import { formatCountdown } from './format';
import { arrivals, watchArrivals, type Note, type Notifier } from './notify';
import { initialState, reduce, type Action, type ConsoleState, type TeamMember } from './state';
import { isOfferedTo, queueEnteredAt, selectMe, selectSections, teamMemberName } from './selectors';
import { createStore } from './store';
import { FakeSocket, fakeTimers, stubApi, summary } from './testing';

const me = { id: 'a1', name: 'Ana', email: 'ana@example.com' };
const now = new Date('2025-01-01T10:10:00.000Z');
const team: TeamMember[] = [
  { id: 'a1', name: 'Ana', status: AgentStatus.Away, activeChats: 1, capacity: 3 },
  { id: 'a2', name: 'Bruno', status: AgentStatus.Online, activeChats: 3, capacity: 3 },
];

const run = (actions: Action[], from: ConsoleState = initialState()) => actions.reduce(reduce, from);
const signedIn = () => run([{ type: 'welcome', agent: me, conversations: [], callbacks: [] }]);

describe('team presence', () => {
  it('replaces the team on every team.presence and finds me by id', () => {
    let state = run([{ type: 'team.presence', agents: team }], signedIn());
    expect(selectMe(state, 'a1')?.status).toBe('away');
    expect(teamMemberName(state, 'a2')).toBe('Bruno');
    state = reduce(state, { type: 'team.presence', agents: [{ ...team[0]!, status: 'online' }] });
    expect(state.team).toHaveLength(1);
    expect(selectMe(state, 'a1')?.status).toBe('online');
    expect(teamMemberName(state, 'a2')).toBe('another agent');
  });

  it('keeps the team across a welcome and forgets it on sign-out', () => {
    const state = run([{ type: 'team.presence', agents: team }, { type: 'welcome', agent: me, conversations: [], callbacks: [] }]);
    expect(state.team).toEqual(team);
    expect(reduce(state, { type: 'auth.signedOut', error: null }).team).toEqual([]);
  });
});

describe('queue order and offers', () => {
  const offer = (id: string, to: string, expiresAt: string, queuedAt: string) =>
    summary({ id, status: 'queued', offeredToAgentId: to, offerExpiresAt: expiresAt, queuedAt });

  it('puts the offer to me first, then everyone else by queuedAt, oldest first', () => {
    const state = run(
      [
        summary({ id: 'late', status: 'queued', queuedAt: '2025-01-01T10:05:00.000Z', updatedAt: '2025-01-01T10:00:00.000Z' }),
        summary({ id: 'early', status: 'queued', queuedAt: '2025-01-01T10:01:00.000Z', updatedAt: '2025-01-01T10:09:00.000Z' }),
        offer('other', 'a2', '2025-01-01T10:10:20.000Z', '2025-01-01T10:00:30.000Z'),
        offer('mine', 'a1', '2025-01-01T10:10:20.000Z', '2025-01-01T10:08:00.000Z'),
      ].map((conversation): Action => ({ type: 'conversation.upsert', conversation })),
      signedIn(),
    );
    expect(selectSections(state, 'a1', now).queue.map((c) => c.id)).toEqual(['mine', 'other', 'early', 'late']);
    // Bruno's view: his offer on top, mine is just another queued chat to him.
    expect(selectSections(state, 'a2', now).queue.map((c) => c.id)).toEqual(['other', 'early', 'late', 'mine']);
  });

  it('drops an expired offer back into queue order', () => {
    const expired = offer('mine', 'a1', '2025-01-01T10:09:59.000Z', '2025-01-01T10:08:00.000Z');
    const older = summary({ id: 'older', status: 'queued', queuedAt: '2025-01-01T10:01:00.000Z' });
    expect(isOfferedTo(expired, 'a1', now)).toBe(false);
    const state = run([expired, older].map((conversation): Action => ({ type: 'conversation.upsert', conversation })), signedIn());
    expect(selectSections(state, 'a1', now).queue.map((c) => c.id)).toEqual(['older', 'mine']);
  });

  it('uses queuedAt for the waiting time, and the first-seen time only when it is null', () => {
    const state = run(
      [
        summary({ id: 'new', status: 'queued', queuedAt: '2025-01-01T10:02:00.000Z', updatedAt: '2025-01-01T10:09:00.000Z' }),
        summary({ id: 'old', status: 'queued', updatedAt: '2025-01-01T10:04:00.000Z' }),
      ].map((conversation): Action => ({ type: 'conversation.upsert', conversation })),
      signedIn(),
    );
    expect(queueEnteredAt(state, state.conversations.new!)).toBe('2025-01-01T10:02:00.000Z');
    expect(queueEnteredAt(state, state.conversations.old!)).toBe('2025-01-01T10:04:00.000Z');
  });
});

describe('formatCountdown', () => {
  it('shows whole seconds, rounded up, and never below zero', () => {
    expect(formatCountdown(27_000)).toBe('27 s');
    expect(formatCountdown(26_001)).toBe('27 s');
    expect(formatCountdown(400)).toBe('1 s');
    expect(formatCountdown(0)).toBe('0 s');
    expect(formatCountdown(-5_000)).toBe('0 s');
    expect(formatCountdown(65_000)).toBe('1:05');
  });
});

describe('new chat notifications', () => {
  it('announces a chat entering the queue and an offer reaching me, not a welcome snapshot', () => {
    const afterWelcome = run([{ type: 'welcome', agent: me, conversations: [summary({ id: 'old', status: 'queued' })], callbacks: [] }]);
    expect(arrivals(initialState(), afterWelcome, 'a1')).toEqual([]);

    const queued = reduce(afterWelcome, {
      type: 'conversation.upsert',
      conversation: summary({ id: 'c1', status: 'queued', contactName: 'Maria', lastMessage: 'Help', updatedAt: '2025-01-01T10:01:00.000Z' }),
    });
    expect(arrivals(afterWelcome, queued, 'a1')).toEqual([{ title: 'New chat waiting', body: 'Maria: Help', tag: 'ponte-c1' }]);

    const visitorTyped = reduce(queued, {
      type: 'conversation.upsert',
      conversation: summary({ id: 'c1', status: 'queued', contactName: 'Maria', lastMessage: 'Hello?', updatedAt: '2025-01-01T10:02:00.000Z' }),
    });
    expect(arrivals(queued, visitorTyped, 'a1')).toEqual([]);

    const offered = reduce(visitorTyped, {
      type: 'conversation.upsert',
      conversation: summary({ id: 'c1', status: 'queued', contactName: 'Maria', offeredToAgentId: 'a1', updatedAt: '2025-01-01T10:03:00.000Z' }),
    });
    expect(arrivals(visitorTyped, offered, 'a1').map((n) => n.title)).toEqual(['Chat offered to you']);
  });

  it('shows notifications only while permission is granted', () => {
    const store = createStore(signedIn());
    const shown: Note[] = [];
    let permission: 'granted' | 'default' = 'default';
    const notifier: Notifier = { permission: () => permission, request: async () => permission, show: (n) => shown.push(n) };
    const dispose = watchArrivals(store, notifier);
    store.dispatch({ type: 'conversation.upsert', conversation: summary({ id: 'c1', status: 'queued' }) });
    expect(shown).toEqual([]);
    permission = 'granted';
    store.dispatch({ type: 'conversation.upsert', conversation: summary({ id: 'c2', status: 'queued' }) });
    expect(shown.map((n) => n.tag)).toEqual(['ponte-c2']);
    dispose();
    store.dispatch({ type: 'conversation.upsert', conversation: summary({ id: 'c3', status: 'queued' }) });
    expect(shown).toHaveLength(1);
  });
});

describe('controller presence', () => {
  it('stores team.presence, ignores visitor frames and sends agent.status', async () => {
    const clock = fakeTimers();
    const sockets: FakeSocket[] = [];
    const store = createStore(initialState());
    const controller = createController({
      api: stubApi(me),
      store,
      newId: () => 'k1',
      now: () => now,
      timers: clock.timers,
      connect: (handlers) =>
        createConnection({
          ...handlers,
          url: 'ws://relay/ws',
          createSocket: (url) => {
            const socket = new FakeSocket(url);
            sockets.push(socket);
            return socket as unknown as WebSocket;
          },
          timers: clock.timers,
          random: () => 0,
        }),
    });
    await controller.start();
    const socket = sockets[0]!;
    socket.serverOpen();
    socket.serverSend({ type: 'welcome', role: 'agent', v: 1, agent: me, conversations: [], callbacks: [] });
    socket.serverSend({ type: 'team.presence', agents: team });
    socket.serverSend({ type: 'queue.position', conversationId: 'c1', position: 1, estimatedWaitSeconds: null });
    socket.serverSend({ type: 'site.availability', agentsAvailable: true });
    expect(store.getState().team).toEqual(team);
    expect(store.getState().alerts).toEqual([]);
    controller.setStatus('online');
    expect(socket.sent.at(-1)).toEqual({ type: 'agent.status', status: 'online' });
    controller.dispose();
  });
});
