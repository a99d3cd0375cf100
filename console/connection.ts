/**
 * The console's link to the relay: the shared client link (client/link/link.ts: backoff, attempt
 * timeout, liveness) over WebSocket only, with the agent's hello and what a close means for an
 * agent (sign in again, reload). It reports the link as the console shows it (`LinkStatus`).
 */
import { PROTOCOL_VERSION } from '../protocol/codes';
import type { ClientFrame, ServerFrame } from '../protocol/frames';
import { closeMeaning, CloseMeaning } from '../client/link/close';
import { createLink, type Timers } from '../client/link/link';
import { wsTransport, type OpenSocket } from '../client/link/ws-transport';
import type { LinkStatus } from './state';

/**
 * Why the connection gave up for good; every other close is retried. `refused` is any other
 * 44xx close: those codes are for auth, version and abuse only, so retrying cannot help.
 */
export type FatalReason = Exclude<CloseMeaning, 'retry'>;

export interface ConnectionOptions {
  url: string;
  createSocket: OpenSocket;
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
  /** Skips the backoff wait and reconnects now, if waiting; checks the link if up. */
  wake(): void;
  /** Idempotent. */
  close(): void;
}

export function createConnection(options: ConnectionOptions): Connection {
  let started = false;
  let closed = false;
  let everGreeted = false;
  let fatal: FatalReason | null = null;
  let disposeHints: (() => void) | null = null;
  const unhint = (): void => {
    disposeHints?.();
    disposeHints = null;
  };

  const link = createLink({
    ws: wsTransport(options.url, options.createSocket),
    hello: () => ({ type: 'hello', v: PROTOCOL_VERSION, role: 'agent' }),
    onFrame(frame) {
      if (frame.type === 'welcome') everGreeted = true;
      // The link's own business: liveness is proven by any frame, a pong says nothing more.
      if (frame.type !== 'pong') options.onFrame(frame);
    },
    onPhase(phase) {
      switch (phase) {
        case 'connecting':
          return options.onStatus(everGreeted ? 'reconnecting' : 'connecting');
        case 'online':
          return options.onStatus('online');
        case 'waiting':
          return options.onStatus('reconnecting');
        case 'stopped': {
          closed = true;
          unhint();
          options.onStatus('offline');
          if (fatal !== null) options.onFatal(fatal);
          return;
        }
        default:
          return phase satisfies never;
      }
    },
    onClose(code) {
      const meaning = closeMeaning(code);
      if (meaning === CloseMeaning.Retry) return true;
      fatal = meaning;
      return false;
    },
    timers: options.timers,
    random: options.random,
    ...(options.pingIntervalMs === undefined ? {} : { pingIntervalMs: options.pingIntervalMs }),
    ...(options.livenessTimeoutMs === undefined ? {} : { deadAfterMs: options.livenessTimeoutMs }),
    ...(options.attemptTimeoutMs === undefined ? {} : { attemptTimeoutMs: options.attemptTimeoutMs }),
  });

  const connection: Connection = {
    start() {
      if (started || closed) return;
      started = true;
      disposeHints = options.subscribeWakeHints?.(() => connection.wake()) ?? null;
      link.start();
    },
    send: (frame) => link.send(frame),
    wake() {
      if (!closed) link.wake();
    },
    close() {
      if (closed) return;
      closed = true;
      unhint();
      link.stop('signed out');
    },
  };
  return connection;
}
