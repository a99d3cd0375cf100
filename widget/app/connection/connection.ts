/**
 * The visitor's link to the relay, over whichever transport works: WebSocket first, SSE + POST when
 * WebSockets fail twice before opening (loaded lazily), and back to WebSocket as soon as a probe
 * opens one. It owns the hello (built by the caller, with the resume cursor), reconnecting with
 * capped exponential backoff and jitter, the attempt timeout, and liveness (app-level ping; a link
 * that answers nothing within `deadAfterMs` is dropped and replaced). What a close code means for
 * the chat (forget the token, stop) is the caller's business (`onClose`).
 */
import { CloseCode } from '../../../protocol/codes';
import type { ClientFrame, Hello, ServerFrame } from '../../../protocol/frames';
import { LOST, type Transport, type TransportFactory } from './transport';

export type Via = 'ws' | 'sse';
export type Phase = 'connecting' | 'online' | 'waiting' | 'stopped';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ConnectionOptions {
  ws: TransportFactory;
  /** The fallback transport, loaded on first need (a dynamic import in the app). */
  loadSse: () => Promise<TransportFactory>;
  /** Tries to open a bare WebSocket; returns a cancel function (see ws-transport.ts `wsProbe`). */
  probeWs: (done: (ok: boolean) => void) => () => void;
  /** Built at each attempt, so it carries the current token and resume cursor. */
  hello: () => Hello;
  onFrame: (frame: ServerFrame) => void;
  onPhase: (phase: Phase, via: Via) => void;
  /** The link ended with this code; return false to stop for good (no reconnect). */
  onClose: (code: number) => boolean;
  timers?: Timers;
  random?: () => number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** An attempt not welcomed by then is abandoned (and, on WebSocket, counts as a failure). */
  attemptTimeoutMs?: number;
  /** Quiet time after which we ping. */
  pingIntervalMs?: number;
  /** No frame at all this long after a ping: the link is dead. */
  deadAfterMs?: number;
  /** While on the fallback, how often to try WebSocket again. */
  probeIntervalMs?: number;
  /** WebSocket attempts failing before `open` in a row before switching to the fallback. */
  wsFailuresBeforeFallback?: number;
}

export interface Connection {
  /** Starts connecting (idempotent while running). */
  start(): void;
  /** Sends on a welcomed link; false otherwise (the caller keeps the frame in its outbox). */
  send(frame: ClientFrame): boolean;
  /** Network or tab came back: retry now if waiting; check the link if up; on SSE, try WebSocket. */
  wake(): void;
  /** The browser says we're offline: ping now, so a dead link is found in seconds, not minutes. */
  suspect(): void;
  /** Drops the current link and connects again at once (new hello). */
  restart(): void;
  stop(): void;
  readonly via: Via;
}

/** Full-jitter backoff: a random delay between half and all of min(max, base·2^attempt). */
export function backoffDelay(attempt: number, random: () => number, baseMs = 500, maxMs = 30_000): number {
  const cap = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.round(cap / 2 + (random() * cap) / 2);
}

/** 1012 Service Restart: back soon. */
const RESTART = 1012;

/** The wait before the next attempt, from the code the last link ended with. */
export function retryDelay(code: number, attempt: number, random: () => number, baseMs?: number, maxMs?: number): number {
  if (code === RESTART) return Math.round(250 + random() * 750);
  // Dropped for being too slow: give the server (or our network) a real break.
  if (code === CloseCode.Abuse) return Math.round(30_000 + random() * 30_000);
  return backoffDelay(attempt, random, baseMs, maxMs);
}

/** What a close code means for the visitor: 'fresh' = forget the token and reconnect. */
export function closeAction(code: number): 'retry' | 'fresh' | 'stop' {
  switch (code) {
    case CloseCode.Unauthorized:
      return 'fresh';
    case CloseCode.Forbidden:
    case CloseCode.UnsupportedVersion:
      return 'stop';
    default:
      return 'retry';
  }
}

interface Link {
  via: Via;
  transport: Transport | null;
  opened: boolean;
  welcomed: boolean;
}

export function createConnection(options: ConnectionOptions): Connection {
  const timers: Timers = options.timers ?? {
    setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
    clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
  const random = options.random ?? Math.random;
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 10_000;
  const pingIntervalMs = options.pingIntervalMs ?? 20_000;
  const deadAfterMs = options.deadAfterMs ?? 10_000;
  const probeIntervalMs = options.probeIntervalMs ?? 60_000;
  const failuresBeforeFallback = options.wsFailuresBeforeFallback ?? 2;

  let running = false;
  let via: Via = 'ws';
  let sse: TransportFactory | null = null;
  let loading = false;
  let link: Link | null = null;
  let attempt = 0;
  let wsFailures = 0;
  let retryTimer: unknown = null;
  let attemptTimer: unknown = null;
  let pingTimer: unknown = null;
  let deadTimer: unknown = null;
  let probeTimer: unknown = null;
  let probeTimeout: unknown = null;
  let cancelProbe: (() => void) | null = null;

  const clear = (handle: unknown): null => {
    if (handle !== null) timers.clearTimeout(handle);
    return null;
  };

  const clearLinkTimers = (): void => {
    attemptTimer = clear(attemptTimer);
    pingTimer = clear(pingTimer);
    deadTimer = clear(deadTimer);
  };

  const stopProbe = (): void => {
    probeTimer = clear(probeTimer);
    probeTimeout = clear(probeTimeout);
    cancelProbe?.();
    cancelProbe = null;
  };

  /** Ends our side of the current link without the reconnect logic (the caller decides next). */
  const dropLink = (): void => {
    clearLinkTimers();
    link?.transport?.close();
    link = null;
  };

  function scheduleRetry(code: number): void {
    options.onPhase('waiting', via);
    retryTimer = timers.setTimeout(open, retryDelay(code, attempt++, random, options.baseDelayMs, options.maxDelayMs));
  }

  function loadFallback(): void {
    if (loading) return;
    loading = true;
    options.onPhase('connecting', via);
    options.loadSse().then(
      (factory) => {
        loading = false;
        sse = factory;
        if (running && !link && retryTimer === null) open();
      },
      (error: unknown) => {
        loading = false;
        console.warn('[ponte] could not load the fallback transport; trying WebSocket again', error);
        via = 'ws';
        wsFailures = 0;
        if (running && !link && retryTimer === null) scheduleRetry(LOST);
      },
    );
  }

  function open(): void {
    retryTimer = clear(retryTimer);
    if (!running || link) return;
    const factory = via === 'ws' ? options.ws : sse;
    if (!factory) return loadFallback();
    options.onPhase('connecting', via);
    const me: Link = { via, transport: null, opened: false, welcomed: false };
    link = me;
    attemptTimer = timers.setTimeout(() => fail(me, 'the attempt timed out'), attemptTimeoutMs);
    me.transport = factory(options.hello, {
      onOpen() {
        if (link === me) me.opened = true;
      },
      onFrame(frame) {
        if (link === me) received(me, frame);
      },
      onClose(code) {
        if (link === me) lost(me, code);
      },
    });
  }

  function received(me: Link, frame: ServerFrame): void {
    if (frame.type === 'welcome') {
      attemptTimer = clear(attemptTimer);
      me.welcomed = true;
      attempt = 0;
      if (me.via === 'ws') wsFailures = 0;
      else if (probeTimer === null && !cancelProbe) probeTimer = timers.setTimeout(probe, probeIntervalMs);
      options.onPhase('online', me.via);
    }
    if (me.welcomed) {
      // Any frame proves the link alive: the next ping is due a quiet interval from now.
      deadTimer = clear(deadTimer);
      pingTimer = clear(pingTimer);
      pingTimer = timers.setTimeout(() => check(me), pingIntervalMs);
    }
    options.onFrame(frame);
  }

  /** Pings and gives the link `deadAfterMs` to say anything at all. */
  function check(me: Link): void {
    pingTimer = clear(pingTimer);
    if (link !== me || deadTimer !== null) return;
    // Armed before sending, so an answer however quick clears it.
    deadTimer = timers.setTimeout(() => fail(me, 'no answer from the server'), deadAfterMs);
    if (!me.transport?.send({ type: 'ping' })) fail(me, 'the link is not writable');
  }

  function fail(me: Link, why: string): void {
    if (link !== me) return;
    console.warn('[ponte] ' + why + '; reconnecting');
    me.transport?.close();
    lost(me, LOST);
  }

  function lost(me: Link, code: number): void {
    link = null;
    clearLinkTimers();
    if (me.via === 'ws' && !me.welcomed && (!me.opened || code === LOST)) {
      // WebSockets may be blocked here (a proxy, a firewall): after a few such failures, fall back.
      if (++wsFailures >= failuresBeforeFallback) via = 'sse';
    } else if (me.via === 'sse' && !me.opened) {
      // The fallback fails too (the relay may just be down): alternate with one WebSocket try.
      via = 'ws';
      wsFailures = failuresBeforeFallback - 1;
      stopProbe();
    }
    if (!running) return;
    if (!options.onClose(code)) {
      stop();
      options.onPhase('stopped', via);
      return;
    }
    scheduleRetry(code);
  }

  function probe(): void {
    probeTimer = null;
    if (!running || via !== 'sse' || cancelProbe) return;
    const finish = (): void => {
      probeTimeout = clear(probeTimeout);
      cancelProbe = null;
    };
    cancelProbe = options.probeWs((ok) => {
      finish();
      if (!running || via !== 'sse') return;
      if (!ok) {
        probeTimer = timers.setTimeout(probe, probeIntervalMs);
        return;
      }
      // WebSockets work again: move back (the hello resumes, the outbox is resent, nothing is lost).
      via = 'ws';
      wsFailures = 0;
      attempt = 0;
      dropLink();
      open();
    });
    probeTimeout = timers.setTimeout(() => {
      cancelProbe?.();
      finish();
      probeTimer = timers.setTimeout(probe, probeIntervalMs);
    }, attemptTimeoutMs);
  }

  function stop(): void {
    running = false;
    retryTimer = clear(retryTimer);
    stopProbe();
    dropLink();
  }

  return {
    start() {
      if (running) return;
      running = true;
      attempt = 0;
      open();
    },
    send(frame) {
      return !!link?.welcomed && !!link.transport?.send(frame);
    },
    wake() {
      if (!running) return;
      if (retryTimer !== null) open();
      else if (link?.welcomed) check(link);
      if (via === 'sse' && !cancelProbe) {
        probeTimer = clear(probeTimer);
        probe();
      }
    },
    suspect() {
      if (running && link?.welcomed) check(link);
    },
    restart() {
      if (!running) return this.start();
      retryTimer = clear(retryTimer);
      dropLink();
      attempt = 0;
      open();
    },
    stop,
    get via() {
      return via;
    },
  };
}
