import { describe, expect, it } from 'vitest';
import type { ClientFrame, Hello, ServerFrame } from '../../protocol/frames';
import { backoffDelay, retryDelay } from './backoff';
import { closeMeaning } from './close';
import { createLink, type Timers } from './link';
import type { TransportEvents, TransportFactory } from './transport';

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
  return { timers, advance };
}

interface FakeLink {
  via: 'ws' | 'sse';
  hello: Hello;
  events: TransportEvents;
  sent: ClientFrame[];
  closed: boolean;
}

const welcome: ServerFrame = {
  type: 'welcome',
  role: 'visitor',
  v: 1,
  token: 'tok',
  contactId: 'k1',
  site: { key: 'demo', name: 'Demo', greeting: 'Hi', locale: 'en' },
  conversation: null,
  messages: [],
  resumed: false,
  agentsAvailable: true,
  callbacksEnabled: false,
  openNow: true,
  opensAt: null,
  callback: null,
};

const flushPromises = () => new Promise((resolve) => setTimeout(resolve, 0));

function setup(over: { probeOk?: boolean; onClose?: (code: number) => boolean } = {}) {
  const clock = manualTimers();
  const links: FakeLink[] = [];
  const phases: string[] = [];
  const frames: ServerFrame[] = [];
  const probes: Array<(ok: boolean) => void> = [];
  let sseLoads = 0;
  let cursor = 0;
  let autoPong = false;
  const factory =
    (via: 'ws' | 'sse'): TransportFactory =>
    (hello, events) => {
      const link: FakeLink = { via, hello: hello(), events, sent: [], closed: false };
      links.push(link);
      return {
        send: (frame) => {
          if (link.closed) return false;
          link.sent.push(frame);
          if (frame.type === 'ping' && autoPong) events.onFrame({ type: 'pong' });
          return true;
        },
        close: () => void (link.closed = true),
      };
    };
  const connection = createLink({
    ws: factory('ws'),
    loadSse: async () => {
      sseLoads++;
      return factory('sse');
    },
    probeWs: (done) => {
      probes.push(done);
      return () => {};
    },
    hello: () => ({ type: 'hello', v: 1, role: 'visitor', siteKey: 'demo', hostOrigin: 'http://a.example', locale: 'en', conversationId: 'c1', lastSeq: cursor }),
    onFrame: (f) => frames.push(f),
    onPhase: (p, via) => phases.push(p + ':' + via),
    onClose: over.onClose ?? (() => true),
    timers: clock.timers,
    random: () => 1,
    baseDelayMs: 100,
    maxDelayMs: 1_000,
  });
  const last = () => links[links.length - 1]!;
  return { clock, links, phases, frames, probes, connection, last, loads: () => sseLoads, pongs: (on: boolean) => (autoPong = on), setCursor: (n: number) => (cursor = n) };
}

describe('createLink', () => {
  it('sends the resume cursor built at each attempt, and sends only once welcomed', () => {
    const t = setup();
    t.setCursor(7);
    t.connection.start();
    expect(t.last().hello).toMatchObject({ conversationId: 'c1', lastSeq: 7 });
    t.last().events.onOpen();
    expect(t.connection.send({ type: 'handoff.request' })).toBe(false);
    t.last().events.onFrame(welcome);
    expect(t.connection.send({ type: 'handoff.request' })).toBe(true);
    expect(t.frames).toEqual([welcome]);
    t.setCursor(9);
    t.last().events.onClose(1006);
    t.clock.advance(100);
    expect(t.links).toHaveLength(2);
    expect(t.last().hello).toMatchObject({ lastSeq: 9 });
  });

  it('falls back to SSE after two WebSocket attempts fail before opening, and returns when a probe opens', async () => {
    const t = setup();
    t.connection.start();
    t.last().events.onClose(1006);
    t.clock.advance(100);
    expect(t.last().via).toBe('ws');
    t.last().events.onClose(1006);
    expect(t.connection.via).toBe('sse');
    t.clock.advance(200);
    await flushPromises(); // the lazy chunk
    expect(t.loads()).toBe(1);
    const sse = t.last();
    expect(sse.via).toBe('sse');
    sse.events.onOpen();
    sse.events.onFrame(welcome);
    expect(t.phases).toContain('online:sse');
    expect(t.connection.send({ type: 'handoff.request' })).toBe(true);

    t.pongs(true);
    t.clock.advance(60_000);
    expect(sse.closed).toBe(false);
    expect(t.probes).toHaveLength(1);
    t.probes[0]!(false);
    t.clock.advance(60_000);
    expect(t.probes).toHaveLength(2);
    t.probes[1]!(true);
    expect(sse.closed).toBe(true);
    expect(t.connection.via).toBe('ws');
    expect(t.last().via).toBe('ws');
  });

  it('does not fall back when a welcomed WebSocket is closed by the server', () => {
    const t = setup();
    t.connection.start();
    for (let i = 0; i < 3; i++) {
      t.last().events.onOpen();
      t.last().events.onFrame(welcome);
      t.last().events.onClose(1012);
      t.clock.advance(1_000);
    }
    expect(t.links.every((l) => l.via === 'ws')).toBe(true);
    expect(t.links).toHaveLength(4);
  });

  it('counts an attempt that hangs as a failure', async () => {
    const t = setup();
    t.connection.start();
    t.clock.advance(10_000);
    expect(t.last().closed).toBe(true);
    t.clock.advance(100);
    t.clock.advance(10_000);
    expect(t.connection.via).toBe('sse');
  });

  it('pings after a quiet interval and reconnects when nothing answers', () => {
    const t = setup();
    t.connection.start();
    const first = t.last();
    first.events.onOpen();
    first.events.onFrame(welcome);
    t.clock.advance(20_000);
    expect(first.sent).toEqual([{ type: 'ping' }]);
    first.events.onFrame({ type: 'pong' });
    t.clock.advance(15_000);
    expect(t.links).toHaveLength(1); // answered: still the same link, next ping not yet due
    t.clock.advance(5_000);
    expect(first.sent).toHaveLength(2);
    t.clock.advance(10_000);
    expect(first.closed).toBe(true);
    t.clock.advance(100);
    expect(t.links).toHaveLength(2);
  });

  it('checks the link at once when the browser says offline, and retries at once on wake', () => {
    const t = setup();
    t.connection.start();
    t.last().events.onOpen();
    t.last().events.onFrame(welcome);
    t.connection.suspect();
    expect(t.last().sent).toEqual([{ type: 'ping' }]);
    t.clock.advance(10_000);
    expect(t.last().closed).toBe(true);
    expect(t.links).toHaveLength(1); // waiting for the backoff
    t.connection.wake();
    expect(t.links).toHaveLength(2);
  });

  it('stops on a fatal close code and waits long on 4429', () => {
    const t = setup({ onClose: (code) => closeMeaning(code) === 'retry' });
    t.connection.start();
    t.last().events.onOpen();
    t.last().events.onClose(4429);
    t.clock.advance(29_000);
    expect(t.links).toHaveLength(1);
    t.clock.advance(1_000);
    expect(t.links).toHaveLength(2);
    t.last().events.onOpen();
    t.last().events.onClose(4403);
    expect(t.phases[t.phases.length - 1]).toBe('stopped:ws');
    t.clock.advance(120_000);
    expect(t.links).toHaveLength(2);
  });
});

describe('delays', () => {
  it('backs off exponentially with jitter, capped', () => {
    expect(backoffDelay(0, () => 0, 500, 30_000)).toBe(250);
    expect(backoffDelay(0, () => 1, 500, 30_000)).toBe(500);
    expect(backoffDelay(3, () => 1, 500, 30_000)).toBe(4_000);
    expect(backoffDelay(20, () => 1, 500, 30_000)).toBe(30_000);
    expect(backoffDelay(20, () => 0, 500, 30_000)).toBe(15_000);
    const spread = new Set(Array.from({ length: 20 }, (_, i) => backoffDelay(4, () => i / 20)));
    expect(spread.size).toBeGreaterThan(10);
  });

  it('retries a restarting server soon and a 4429 late', () => {
    expect(retryDelay(1012, 10, () => 0)).toBe(250);
    expect(retryDelay(1012, 10, () => 1)).toBe(1_000);
    expect(retryDelay(4429, 0, () => 0)).toBeGreaterThanOrEqual(15_000);
    expect(retryDelay(4429, 0, () => 1)).toBe(30_000);
  });
});

describe('closeMeaning', () => {
  it('retries what the network or a restart did, and stops on auth, version and any other 44xx', () => {
    expect(closeMeaning(4401)).toBe('unauthorized');
    expect(closeMeaning(4403)).toBe('forbidden');
    expect(closeMeaning(4426)).toBe('version');
    expect(closeMeaning(4499)).toBe('refused');
    expect(closeMeaning(4408)).toBe('retry');
    expect(closeMeaning(4429)).toBe('retry');
    expect(closeMeaning(1001)).toBe('retry');
    expect(closeMeaning(1012)).toBe('retry');
  });
});
