import { CloseCode, PROTOCOL_VERSION } from '../protocol/codes';
import type { ClientFrame, Hello, ServerFrame } from '../protocol/frames';
import { parseServerFrame } from '../protocol/guard';
import type { LinkStatus } from './state';

/** The part of the browser WebSocket the connection uses; tests pass a fake. */
export interface SocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Why the connection gave up for good; every other close is retried. `refused` is any other
 * 44xx close: those codes are for auth, version and abuse only, so retrying cannot help.
 */
export type FatalReason = 'unauthorized' | 'forbidden' | 'version' | 'refused';

/** Close codes outside the 44xx range that the relay sends and the console treats specially. */
export const ServiceRestart = 1012;

export interface ConnectionOptions {
  url: string;
  createSocket: (url: string) => SocketLike;
  onFrame: (frame: ServerFrame) => void;
  onStatus: (status: LinkStatus) => void;
  onFatal: (reason: FatalReason) => void;
  timers: Timers;
  random: () => number;
  /** Hints that the network may be back (`online`, tab visible again); returns the disposer. */
  subscribeWakeHints?: (wake: () => void) => () => void;
  pingIntervalMs?: number;
  /** How long after a ping without any frame before the socket is considered dead. */
  livenessTimeoutMs?: number;
  /** How long a connection attempt may take to reach `welcome`. */
  attemptTimeoutMs?: number;
}

export interface Connection {
  /** Opens the socket; idempotent. */
  start(): void;
  /** Sends when greeted; returns false (and sends nothing) otherwise — callers resend on welcome. */
  send(frame: ClientFrame): boolean;
  /** Skips the backoff wait and reconnects now, if waiting. */
  wake(): void;
  /** Idempotent. */
  close(): void;
}

export const Backoff = { baseMs: 500, capMs: 30_000 } as const;

/**
 * After a graceful relay restart (1012) the new process is up within moments: come back soon,
 * spread over a window so every console does not land on it in the same millisecond.
 */
export const RestartDelay = { minMs: 250, maxMs: 1_000 } as const;

/** Contract (transport-contract.md, Liveness): ping every 20 s, dead after 10 s of silence. */
export const Liveness = { pingIntervalMs: 20_000, timeoutMs: 10_000 } as const;

/**
 * Capped exponential backoff with jitter: the cap keeps a long outage from turning into
 * minutes-long waits, the jitter keeps a relay restart from being hit by every console at once.
 * `attempt` is 0 for the first retry. The delay lies in [half, full] of the capped exponential.
 */
export function backoffDelay(attempt: number, random: () => number): number {
  const ceiling = Math.min(Backoff.capMs, Backoff.baseMs * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/**
 * Attempts to jump to after a close for being too slow (4429): straight to the longest wait,
 * [capMs/2, capMs], so a console on a choked link backs off instead of hammering the relay.
 */
const AbuseAttempt = 16;

export function restartDelay(random: () => number): number {
  return Math.round(RestartDelay.minMs + (RestartDelay.maxMs - RestartDelay.minMs) * random());
}

export function createConnection(options: ConnectionOptions): Connection {
  const { timers } = options;
  const pingIntervalMs = options.pingIntervalMs ?? Liveness.pingIntervalMs;
  const livenessTimeoutMs = options.livenessTimeoutMs ?? Liveness.timeoutMs;
  const attemptTimeoutMs = options.attemptTimeoutMs ?? 10_000;

  let socket: SocketLike | null = null;
  let greeted = false;
  let started = false;
  let closed = false;
  let attempt = 0;
  let everGreeted = false;
  let retryTimer: unknown = null;
  let attemptTimer: unknown = null;
  let pingTimer: unknown = null;
  let livenessTimer: unknown = null;
  let disposeHints: (() => void) | null = null;

  function clear(handle: unknown): null {
    if (handle !== null) timers.clearTimeout(handle);
    return null;
  }

  function stopSocketTimers(): void {
    attemptTimer = clear(attemptTimer);
    pingTimer = clear(pingTimer);
    livenessTimer = clear(livenessTimer);
  }

  function detach(ws: SocketLike): void {
    ws.onopen = null;
    ws.onmessage = null;
    ws.onclose = null;
    ws.onerror = null;
  }

  function connect(): void {
    retryTimer = clear(retryTimer);
    greeted = false;
    options.onStatus(everGreeted ? 'reconnecting' : 'connecting');
    const ws = options.createSocket(options.url);
    socket = ws;
    attemptTimer = timers.setTimeout(() => drop(ws, 'no welcome in time'), attemptTimeoutMs);
    ws.onopen = () => {
      const hello: Hello = { type: 'hello', v: PROTOCOL_VERSION, role: 'agent' };
      ws.send(JSON.stringify(hello));
    };
    ws.onmessage = (event) => {
      const frame = parseServerFrame(event.data);
      if (frame === null) return;
      // Any frame proves the link is alive.
      livenessTimer = clear(livenessTimer);
      if (frame.type === 'pong') return;
      if (frame.type === 'welcome') {
        greeted = true;
        everGreeted = true;
        attempt = 0;
        attemptTimer = clear(attemptTimer);
        schedulePing(ws);
        options.onStatus('online');
      }
      options.onFrame(frame);
    };
    ws.onerror = (event) => {
      // The close event that always follows carries the code; this one only explains it.
      console.warn('[ponte] console socket error', event);
    };
    ws.onclose = (event) => {
      detach(ws);
      if (socket !== ws) return;
      socket = null;
      greeted = false;
      stopSocketTimers();
      switch (event.code) {
        case CloseCode.Unauthorized:
          return giveUp('unauthorized');
        case CloseCode.Forbidden:
          return giveUp('forbidden');
        case CloseCode.UnsupportedVersion:
          return giveUp('version');
        case CloseCode.Abuse:
          attempt = Math.max(attempt, AbuseAttempt);
          return scheduleRetry();
        case CloseCode.HelloTimeout:
          // Our hello was late (a stalled tab, a slow link): a fresh attempt can succeed.
          return scheduleRetry();
        case ServiceRestart:
          attempt = 0;
          return scheduleRetry(restartDelay(options.random));
        default:
          if (event.code >= 4400 && event.code < 4500) return giveUp('refused');
          // 1001, 1006 and anything else: the network or the relay went away.
          return scheduleRetry();
      }
    };
  }

  function schedulePing(ws: SocketLike): void {
    pingTimer = timers.setTimeout(() => {
      if (socket !== ws) return;
      const ping: ClientFrame = { type: 'ping' };
      ws.send(JSON.stringify(ping));
      livenessTimer = timers.setTimeout(() => drop(ws, 'no answer to ping'), livenessTimeoutMs);
      schedulePing(ws);
    }, pingIntervalMs);
  }

  /** Abandons a socket that stopped answering, without waiting for the browser to notice. */
  function drop(ws: SocketLike, why: string): void {
    if (socket !== ws) return;
    console.warn(`[ponte] console socket dropped: ${why}`);
    detach(ws);
    socket = null;
    greeted = false;
    stopSocketTimers();
    ws.close(1000, why);
    scheduleRetry();
  }

  function scheduleRetry(delay = backoffDelay(attempt, options.random)): void {
    if (closed) return;
    options.onStatus('reconnecting');
    attempt += 1;
    retryTimer = timers.setTimeout(connect, delay);
  }

  function giveUp(reason: FatalReason): void {
    closed = true;
    options.onStatus('offline');
    disposeHints?.();
    disposeHints = null;
    options.onFatal(reason);
  }

  const connection: Connection = {
    start() {
      if (started || closed) return;
      started = true;
      disposeHints = options.subscribeWakeHints?.(() => connection.wake()) ?? null;
      connect();
    },
    send(frame) {
      if (socket === null || !greeted) return false;
      socket.send(JSON.stringify(frame));
      return true;
    },
    wake() {
      if (closed || retryTimer === null) return;
      connect();
    },
    close() {
      if (closed) return;
      closed = true;
      retryTimer = clear(retryTimer);
      stopSocketTimers();
      disposeHints?.();
      disposeHints = null;
      const ws = socket;
      socket = null;
      if (ws !== null) {
        detach(ws);
        ws.close(1000, 'signed out');
      }
    },
  };
  return connection;
}
