import { describe, expect, it } from 'vitest';
import type { Hello } from '../../../protocol/frames';
import { backoffDelay, closeAction, createSocket, type SocketLike, type Timers } from './socket';

class FakeSocket implements SocketLike {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  closedWith: number | null = null;
  onopen: SocketLike['onopen'] = null;
  onmessage: SocketLike['onmessage'] = null;
  onclose: SocketLike['onclose'] = null;
  onerror: SocketLike['onerror'] = null;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(data);
  }
  close(code?: number) {
    this.closedWith = code ?? 1000;
    this.readyState = 3;
  }
  serverOpens() {
    this.readyState = 1;
    this.onopen?.({});
  }
  serverSays(frame: object) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  serverCloses(code: number) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

/** Manual timers: the test advances time. */
function manualTimers() {
  let now = 0;
  let nextId = 1;
  const queue = new Map<number, { at: number; fn: () => void }>();
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      const id = nextId++;
      queue.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout: (id) => void queue.delete(id as number),
  };
  const advance = (ms: number) => {
    const until = now + ms;
    for (;;) {
      const due = [...queue.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      queue.delete(due[0]);
      now = due[1].at;
      due[1].fn();
    }
    now = until;
  };
  return { timers, advance, pending: () => queue.size };
}

const hello: Hello = { type: 'hello', v: 1, role: 'visitor', siteKey: 'demo', hostOrigin: 'http://a.example', locale: 'en' };

function setup(onClose: (code: number) => boolean = () => true) {
  FakeSocket.all = [];
  const clock = manualTimers();
  const frames: unknown[] = [];
  const phases: string[] = [];
  const socket = createSocket({
    url: 'ws://relay/ws',
    WebSocket: FakeSocket,
    hello: () => hello,
    onFrame: (f) => frames.push(f),
    onPhase: (p) => phases.push(p),
    onClose,
    timers: clock.timers,
    random: () => 1,
    baseDelayMs: 100,
    maxDelayMs: 1000,
  });
  return { socket, clock, frames, phases };
}

describe('backoffDelay', () => {
  it('grows exponentially, is capped, and is jittered', () => {
    expect(backoffDelay(0, () => 1, 100, 1000)).toBe(100);
    expect(backoffDelay(3, () => 1, 100, 1000)).toBe(800);
    expect(backoffDelay(10, () => 1, 100, 1000)).toBe(1000);
    expect(backoffDelay(10, () => 0, 100, 1000)).toBe(500);
  });
});

describe('closeAction', () => {
  it('starts fresh on 4401, stops on 4403 and 4426, retries otherwise', () => {
    expect(closeAction(4401)).toBe('fresh');
    expect(closeAction(4403)).toBe('stop');
    expect(closeAction(4426)).toBe('stop');
    expect(closeAction(1006)).toBe('retry');
  });
});

describe('createSocket', () => {
  it('says hello on open and passes frames on', () => {
    const { socket, frames } = setup();
    socket.connect();
    const ws = FakeSocket.all[0]!;
    ws.serverOpens();
    expect(JSON.parse(ws.sent[0]!)).toEqual(hello);
    ws.serverSays({ type: 'pong' });
    expect(frames).toEqual([{ type: 'pong' }]);
    expect(socket.send({ type: 'handoff.request' })).toBe(true);
    socket.close();
  });

  it('reconnects with growing delays after drops', () => {
    const { socket, clock } = setup();
    socket.connect();
    FakeSocket.all[0]!.serverCloses(1006);
    clock.advance(99);
    expect(FakeSocket.all).toHaveLength(1);
    clock.advance(1);
    expect(FakeSocket.all).toHaveLength(2);
    FakeSocket.all[1]!.serverCloses(1006);
    clock.advance(199);
    expect(FakeSocket.all).toHaveLength(2);
    clock.advance(1);
    expect(FakeSocket.all).toHaveLength(3);
    socket.close();
  });

  it('stops when the caller says so, without looping', () => {
    const { socket, clock, phases } = setup((code) => code !== 4403);
    socket.connect();
    FakeSocket.all[0]!.serverCloses(4403);
    clock.advance(60_000);
    expect(FakeSocket.all).toHaveLength(1);
    expect(phases.at(-1)).toBe('stopped');
    socket.close();
  });

  it('abandons an attempt that never answers', () => {
    const { socket, clock } = setup();
    socket.connect();
    clock.advance(10_000);
    expect(FakeSocket.all[0]!.closedWith).toBe(4000);
    clock.advance(100);
    expect(FakeSocket.all).toHaveLength(2);
    socket.close();
  });

  it('does not send while not open, and leaves no timers after close', () => {
    const { socket, clock } = setup();
    socket.connect();
    expect(socket.send({ type: 'ping' })).toBe(false);
    socket.close();
    expect(clock.pending()).toBe(0);
    expect(FakeSocket.all[0]!.closedWith).toBe(4000);
  });
});
