/**
 * The visitor's WebSocket: connect, say hello, reconnect with capped exponential backoff and jitter,
 * give up on an attempt that hangs, and detect a dead link with an app-level ping. What the close
 * codes mean is decided by the caller (`onClose`); this file knows sockets, not the chat.
 */
import { CloseCode } from '../../../protocol/codes';
import type { ClientFrame, Hello, ServerFrame } from '../../../protocol/frames';
import { parseServerFrame } from '../../../protocol/guard';

/**
 * A handler slot typed with method bivariance, so the browser's `WebSocket` (whose handlers take
 * `MessageEvent`/`CloseEvent`) fits, and a test fake can pass plain `{ data }` / `{ code }` objects.
 */
type Handler<E> = { bivariance(event: E): void }['bivariance'] | null;

/** The part of the browser WebSocket we use, so tests can pass a fake constructor. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: Handler<unknown>;
  onmessage: Handler<{ data: unknown }>;
  onclose: Handler<{ code: number }>;
  onerror: Handler<unknown>;
}
export type SocketConstructor = new (url: string) => SocketLike;

export type SocketPhase = 'connecting' | 'open' | 'waiting' | 'stopped';

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface SocketOptions {
  url: string;
  WebSocket: SocketConstructor;
  /** Built at each (re)connect, so it carries the current token and locale. */
  hello: () => Hello;
  onFrame: (frame: ServerFrame) => void;
  onPhase: (phase: SocketPhase) => void;
  /** Called when the server closes; return false to stop (no reconnect). */
  onClose: (code: number) => boolean;
  timers?: Timers;
  random?: () => number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** An attempt that hasn't received any frame by then is abandoned and retried. */
  attemptTimeoutMs?: number;
  pingIntervalMs?: number;
}

export interface Socket {
  /** Starts connecting (idempotent while running). */
  connect(): void;
  /** Sends when the link is open; false otherwise (the caller keeps it in its outbox). */
  send(frame: ClientFrame): boolean;
  /** Skips a pending backoff wait, e.g. on `online` or when the tab becomes visible. */
  retryNow(): void;
  /** Drops the current link and connects again at once (new hello). */
  restart(): void;
  close(): void;
}

const OPEN = 1;
/** Our own code when we drop a link we consider dead. */
const DEAD_LINK = 4000;

/** Full-jitter backoff: a random delay up to min(max, base·2^attempt), never below half of it. */
export function backoffDelay(attempt: number, random: () => number, baseMs = 500, maxMs = 30_000): number {
  const cap = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.round(cap / 2 + (random() * cap) / 2);
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

export function createSocket(options: SocketOptions): Socket {
  const timers: Timers = options.timers ?? {
    setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
    clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
  const random = options.random ?? Math.random;
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 10_000;
  const pingIntervalMs = options.pingIntervalMs ?? 25_000;

  let ws: SocketLike | null = null;
  let attempt = 0;
  let running = false;
  let retryTimer: unknown = null;
  let livenessTimer: unknown = null;
  let pingTimer: unknown = null;

  const clear = (handle: unknown): null => {
    if (handle !== null) timers.clearTimeout(handle);
    return null;
  };

  const stopTimers = (): void => {
    retryTimer = clear(retryTimer);
    livenessTimer = clear(livenessTimer);
    pingTimer = clear(pingTimer);
  };

  const drop = (current: SocketLike): void => {
    current.onopen = current.onmessage = current.onclose = current.onerror = null;
    current.close(DEAD_LINK, 'dead link');
    if (ws === current) ws = null;
  };

  const scheduleRetry = (): void => {
    if (!running) return;
    options.onPhase('waiting');
    retryTimer = timers.setTimeout(open, backoffDelay(attempt++, random, options.baseDelayMs, options.maxDelayMs));
  };

  /** No frame for a whole ping interval plus the attempt timeout: the link is dead, start over. */
  const watch = (current: SocketLike, ms: number): void => {
    livenessTimer = clear(livenessTimer);
    livenessTimer = timers.setTimeout(() => {
      console.warn('[ponte] no answer from the server; reconnecting');
      drop(current);
      stopTimers();
      scheduleRetry();
    }, ms);
  };

  const ping = (current: SocketLike): void => {
    pingTimer = timers.setTimeout(() => {
      if (current.readyState === OPEN) current.send(JSON.stringify({ type: 'ping' } satisfies ClientFrame));
      ping(current);
    }, pingIntervalMs);
  };

  function open(): void {
    retryTimer = null;
    if (!running) return;
    options.onPhase('connecting');
    let current: SocketLike;
    try {
      current = new options.WebSocket(options.url);
    } catch (error) {
      console.warn('[ponte] could not open the socket', error);
      scheduleRetry();
      return;
    }
    ws = current;
    watch(current, attemptTimeoutMs);
    current.onopen = () => {
      current.send(JSON.stringify(options.hello()));
      options.onPhase('open');
      ping(current);
    };
    current.onmessage = (event) => {
      const frame = parseServerFrame(event.data);
      if (!frame) return;
      attempt = 0;
      watch(current, pingIntervalMs + attemptTimeoutMs);
      options.onFrame(frame);
    };
    current.onerror = (event) => {
      // The close event always follows and carries the code; the error itself has no detail.
      console.warn('[ponte] socket error', event);
    };
    current.onclose = (event) => {
      if (ws === current) ws = null;
      stopTimers();
      if (!running) return;
      if (options.onClose(event.code)) scheduleRetry();
      else {
        running = false;
        options.onPhase('stopped');
      }
    };
  }

  const connect = (): void => {
    if (running) return;
    running = true;
    attempt = 0;
    open();
  };

  return {
    connect,
    send(frame) {
      if (!ws || ws.readyState !== OPEN) return false;
      ws.send(JSON.stringify(frame));
      return true;
    },
    retryNow() {
      if (!running || retryTimer === null) return;
      retryTimer = clear(retryTimer);
      open();
    },
    restart() {
      if (!running) return connect();
      if (ws) drop(ws);
      stopTimers();
      open();
    },
    close() {
      running = false;
      stopTimers();
      if (ws) drop(ws);
    },
  };
}
