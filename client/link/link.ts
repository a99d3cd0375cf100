/**
 * A client's link to the relay, over whichever transport works: WebSocket first; when the app
 * gives a fallback (the widget does), SSE + POST after WebSockets fail twice before opening (loaded
 * lazily), and back to WebSocket as soon as a probe opens one. It owns the hello (built by the
 * caller, with the resume cursor), reconnecting with capped exponential backoff and jitter
 * (backoff.ts), the attempt timeout, and liveness (an app-level ping after a quiet interval; a link
 * that answers nothing within `deadAfterMs` is dropped and replaced). What a close code means for
 * the app (forget the token, sign out, stop) is the caller's business (`onClose`, close.ts).
 */
import { CloseCode } from '../../protocol/codes';
import type { ClientFrame, Hello, ServerFrame } from '../../protocol/frames';
import { retryDelay } from './backoff';
import type { Transport, TransportFactory } from './transport';

export type Via = 'ws' | 'sse';
export type Phase = 'connecting' | 'online' | 'waiting' | 'stopped';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The real timers, for the composition roots (and the link's default); tests pass fakes. */
export const systemTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface LinkOptions {
  ws: TransportFactory;
  /** The fallback transport, loaded on first need (a dynamic import in the widget); none: WebSocket only. */
  loadSse?: () => Promise<TransportFactory>;
  /** Tries to open a bare WebSocket; returns a cancel function (see ws-transport.ts `wsProbe`). */
  probeWs?: (done: (ok: boolean) => void) => () => void;
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

export interface Link {
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
  /** Idempotent; `reason` goes with our close of the current socket. */
  stop(reason?: string): void;
  readonly via: Via;
}

const LOST = CloseCode.Lost;

/** Contract (transport-contract.md, Liveness): ping after 20 s of quiet, dead after 10 s of silence. */
export const LivenessPingMs = 20_000;
export const LivenessTimeoutMs = 10_000;

interface Attempt {
  via: Via;
  transport: Transport | null;
  opened: boolean;
  welcomed: boolean;
}

export function createLink(options: LinkOptions): Link {
  const timers = options.timers ?? systemTimers;
  const random = options.random ?? Math.random;
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 10_000;
  const pingIntervalMs = options.pingIntervalMs ?? LivenessPingMs;
  const deadAfterMs = options.deadAfterMs ?? LivenessTimeoutMs;
  const probeIntervalMs = options.probeIntervalMs ?? 60_000;
  const failuresBeforeFallback = options.wsFailuresBeforeFallback ?? 2;

  let running = false;
  let via: Via = 'ws';
  let sse: TransportFactory | null = null;
  let loading = false;
  let link: Attempt | null = null;
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
  const dropLink = (reason?: string): void => {
    clearLinkTimers();
    link?.transport?.close(reason);
    link = null;
  };

  function scheduleRetry(code: number): void {
    // The relay restarted: the next failure, if any, starts the backoff over.
    if (code === CloseCode.ServiceRestart) attempt = 0;
    options.onPhase('waiting', via);
    retryTimer = timers.setTimeout(open, retryDelay(code, attempt++, random, options.baseDelayMs, options.maxDelayMs));
  }

  function loadFallback(loadSse: LinkOptions['loadSse']): void {
    if (loading || !loadSse) return;
    loading = true;
    options.onPhase('connecting', via);
    loadSse().then(
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
    if (!factory) return loadFallback(options.loadSse);
    options.onPhase('connecting', via);
    const me: Attempt = { via, transport: null, opened: false, welcomed: false };
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

  function received(me: Attempt, frame: ServerFrame): void {
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
  function check(me: Attempt): void {
    pingTimer = clear(pingTimer);
    if (link !== me || deadTimer !== null) return;
    // Armed before sending, so an answer however quick clears it.
    deadTimer = timers.setTimeout(() => fail(me, 'no answer from the server'), deadAfterMs);
    if (!me.transport?.send({ type: 'ping' })) fail(me, 'the link is not writable');
  }

  function fail(me: Attempt, why: string): void {
    if (link !== me) return;
    console.warn('[ponte] ' + why + '; reconnecting');
    me.transport?.close(why);
    lost(me, LOST);
  }

  function lost(me: Attempt, code: number): void {
    link = null;
    clearLinkTimers();
    if (me.via === 'ws' && options.loadSse && !me.welcomed && (!me.opened || code === LOST)) {
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
    const probeWs = options.probeWs;
    if (!running || via !== 'sse' || cancelProbe || !probeWs) return;
    const finish = (): void => {
      probeTimeout = clear(probeTimeout);
      cancelProbe = null;
    };
    cancelProbe = probeWs((ok) => {
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

  function stop(reason?: string): void {
    running = false;
    retryTimer = clear(retryTimer);
    stopProbe();
    dropLink(reason);
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
