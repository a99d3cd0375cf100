import { describe, expect, it, vi } from 'vitest';
import { BackoffBaseMs, BackoffCapMs, backoffDelay, RestartDelayMaxMs, RestartDelayMinMs, restartDelay } from '../client/link/backoff';
import { LivenessPingMs, LivenessTimeoutMs } from '../client/link/link';
import { CloseCode } from '../protocol/codes';
import { createConnection, type FatalReason } from './connection';
import type { LinkStatus } from './state';
import { FakeSocket, fakeTimers } from './testing';

const welcome = { type: 'welcome', role: 'agent', v: 1, agent: { id: 'a1', name: 'Ana', email: 'a@x' }, conversations: [] };

function setup(random = () => 0.5, timing: { pingIntervalMs?: number; livenessTimeoutMs?: number } = { pingIntervalMs: 1000, livenessTimeoutMs: 500 }) {
  const clock = fakeTimers();
  const sockets: FakeSocket[] = [];
  const statuses: LinkStatus[] = [];
  const fatal: FatalReason[] = [];
  const frames: unknown[] = [];
  const connection = createConnection({
    url: 'ws://relay/ws',
    createSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    onFrame: (frame) => frames.push(frame),
    onStatus: (status) => statuses.push(status),
    onFatal: (reason) => fatal.push(reason),
    timers: clock.timers,
    random,
    ...timing,
    attemptTimeoutMs: 2000,
  });
  const last = () => {
    const socket = sockets[sockets.length - 1];
    if (socket === undefined) throw new Error('no socket yet');
    return socket;
  };
  return { clock, sockets, statuses, fatal, frames, connection, last };
}

describe('backoffDelay', () => {
  it('grows exponentially, stays within [half, full] and is capped', () => {
    expect(backoffDelay(0, () => 0)).toBe(BackoffBaseMs / 2);
    expect(backoffDelay(0, () => 1)).toBe(BackoffBaseMs);
    expect(backoffDelay(3, () => 1)).toBe(BackoffBaseMs * 8);
    expect(backoffDelay(50, () => 1)).toBe(BackoffCapMs);
    expect(backoffDelay(50, () => 0)).toBe(BackoffCapMs / 2);
  });
});

describe('createConnection', () => {
  it('says hello as an agent and is online only after the welcome', () => {
    const { connection, last, statuses, frames } = setup();
    connection.start();
    expect(statuses).toEqual(['connecting']);
    last().serverOpen();
    expect(last().sent).toEqual([{ type: 'hello', v: 1, role: 'agent' }]);
    expect(connection.send({ type: 'ping' })).toBe(false);
    last().serverSend(welcome);
    expect(statuses).toEqual(['connecting', 'online']);
    expect(frames).toEqual([welcome]);
    expect(connection.send({ type: 'conversation.open', conversationId: 'c1' })).toBe(true);
    connection.close();
  });

  it('reconnects with growing delays and greets again', () => {
    const { connection, last, sockets, statuses, clock } = setup(() => 1);
    connection.start();
    last().serverOpen();
    last().serverSend(welcome);

    last().serverClose(1006);
    expect(statuses.at(-1)).toBe('reconnecting');
    expect(clock.delays()).toEqual([BackoffBaseMs]);
    clock.advance(BackoffBaseMs);
    expect(sockets).toHaveLength(2);

    last().serverClose(1006);
    expect(clock.delays()).toEqual([BackoffBaseMs * 2]);
    clock.advance(BackoffBaseMs * 2);
    expect(sockets).toHaveLength(3);
    last().serverOpen();
    expect(last().sentTypes()).toEqual(['hello']);
    last().serverSend(welcome);
    expect(statuses.at(-1)).toBe('online');

    // A successful welcome resets the backoff.
    last().serverClose(1006);
    expect(clock.delays()).toEqual([BackoffBaseMs]);
    connection.close();
  });

  it('gives up on 4401 and reports the session as unauthorized', () => {
    const { connection, last, sockets, fatal, statuses, clock } = setup();
    connection.start();
    last().serverOpen();
    last().serverClose(4401);
    clock.advance(60_000);
    expect(fatal).toEqual(['unauthorized']);
    expect(statuses.at(-1)).toBe('offline');
    expect(sockets).toHaveLength(1);
  });

  it('drops a socket that does not answer pings and reconnects', () => {
    const { connection, last, sockets, clock } = setup();
    connection.start();
    last().serverOpen();
    last().serverSend(welcome);
    clock.advance(1000);
    expect(last().sentTypes()).toEqual(['hello', 'ping']);
    last().serverSend({ type: 'pong' });
    clock.advance(1000);
    expect(sockets).toHaveLength(1);
    clock.advance(500);
    expect(sockets[0]?.closedWith).toBe(1000);
    expect(clock.delays()).toEqual([backoffDelay(0, () => 0.5)]);
    clock.advance(backoffDelay(0, () => 0.5));
    expect(sockets).toHaveLength(2);
    connection.close();
  });

  it('retries an attempt that never reaches the welcome', () => {
    const { connection, sockets, clock } = setup();
    connection.start();
    clock.advance(2000);
    expect(sockets[0]?.closedWith).toBe(1000);
    expect(clock.delays()).toEqual([backoffDelay(0, () => 0.5)]);
    clock.advance(backoffDelay(0, () => 0.5));
    expect(sockets).toHaveLength(2);
    connection.close();
  });

  it('wakes up early on a hint and stops for good on close', () => {
    const clock = fakeTimers();
    const sockets: FakeSocket[] = [];
    let wake: () => void = () => {};
    const dispose = vi.fn();
    const connection = createConnection({
      url: 'ws://relay/ws',
      createSocket: (url) => {
        const socket = new FakeSocket(url);
        sockets.push(socket);
        return socket;
      },
      onFrame: () => {},
      onStatus: () => {},
      onFatal: () => {},
      timers: clock.timers,
      random: () => 1,
      subscribeWakeHints: (fn) => {
        wake = fn;
        return dispose;
      },
    });
    connection.start();
    sockets[0]?.serverClose(1006);
    wake();
    expect(sockets).toHaveLength(2);
    connection.close();
    connection.close();
    expect(dispose).toHaveBeenCalledTimes(1);
    expect(sockets[1]?.closedWith).toBe(1000);
    clock.advance(BackoffCapMs * 2);
    expect(sockets).toHaveLength(2);
  });
});

describe('createConnection close codes and liveness', () => {
  function greeted(random = () => 0.5, timing?: { pingIntervalMs?: number; livenessTimeoutMs?: number }) {
    const harness = setup(random, timing);
    harness.connection.start();
    harness.last().serverOpen();
    harness.last().serverSend(welcome);
    return harness;
  }

  it('pings every 20 s by default and drops the socket 10 s after an unanswered ping', () => {
    expect([LivenessPingMs, LivenessTimeoutMs]).toEqual([20_000, 10_000]);
    const { connection, last, sockets, clock } = greeted(() => 0.5, {});
    clock.advance(LivenessPingMs - 1);
    expect(last().sentTypes()).toEqual(['hello']);
    clock.advance(1);
    expect(last().sentTypes()).toEqual(['hello', 'ping']);
    clock.advance(LivenessTimeoutMs - 1);
    expect(sockets[0]?.closedWith).toBeNull();
    clock.advance(1);
    expect(sockets[0]?.closedWith).toBe(1000);
    connection.close();
  });

  it('comes back within about a second after a relay restart (1012), jittered', () => {
    expect(restartDelay(() => 0)).toBe(RestartDelayMinMs);
    expect(restartDelay(() => 1)).toBe(RestartDelayMaxMs);
    const { connection, last, sockets, clock } = greeted(() => 0.5);
    last().serverClose(1012);
    expect(clock.delays()).toEqual([restartDelay(() => 0.5)]);
    expect(restartDelay(() => 0.5)).toBeLessThan(RestartDelayMaxMs);
    clock.advance(RestartDelayMaxMs);
    expect(sockets).toHaveLength(2);
    connection.close();
  });

  it('reconnects at once, without giving up, when the agent\'s access changed (4100), and greets again for a fresh welcome', () => {
    const { connection, last, sockets, clock, fatal, statuses } = greeted(() => 1);
    last().serverClose(CloseCode.AccessChanged);
    expect(fatal).toEqual([]);
    expect(statuses.at(-1)).toBe('reconnecting');
    // The backoff started over at the welcome: the first retry, at most half a second.
    expect(clock.delays()).toEqual([BackoffBaseMs]);
    clock.advance(BackoffBaseMs);
    expect(sockets).toHaveLength(2);
    last().serverOpen();
    expect(last().sent).toEqual([{ type: 'hello', v: 1, role: 'agent' }]);
    connection.close();
  });

  it('waits the longest backoff after being dropped as too slow (4429)', () => {
    const { connection, last, sockets, clock, fatal } = greeted(() => 0);
    last().serverClose(4429);
    expect(clock.delays()).toEqual([BackoffCapMs / 2]);
    clock.advance(BackoffCapMs / 2 - 1);
    expect(sockets).toHaveLength(1);
    clock.advance(1);
    expect(sockets).toHaveLength(2);
    expect(fatal).toEqual([]);
    connection.close();
  });

  it('retries after a hello timeout (4408) but gives up on any other 44xx', () => {
    const first = greeted(() => 0);
    first.last().serverClose(4408);
    expect(first.fatal).toEqual([]);
    expect(first.clock.delays()).toEqual([BackoffBaseMs / 2]);
    first.connection.close();

    const second = greeted(() => 0);
    second.last().serverClose(4499);
    second.clock.advance(BackoffCapMs * 2);
    expect(second.fatal).toEqual(['refused']);
    expect(second.sockets).toHaveLength(1);
  });

  it('gives up on 4403 and 4426 with their own reasons', () => {
    const forbidden = greeted();
    forbidden.last().serverClose(4403);
    const version = greeted();
    version.last().serverClose(4426);
    expect([...forbidden.fatal, ...version.fatal]).toEqual(['forbidden', 'version']);
  });
});
