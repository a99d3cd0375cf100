/**
 * One link to the relay, whatever carries it (WebSocket, or SSE + POST when WebSockets are blocked).
 * A transport is used once: it opens, says hello, passes frames up, and reports its end exactly once.
 * Reconnecting, backoff, liveness and the choice of transport belong to link.ts.
 */
import type { ClientFrame, Hello, ServerFrame } from '../../protocol/frames';

export interface Transport {
  /** Queues a frame on the link; false when the link is not (or no longer) up. */
  send(frame: ClientFrame): boolean;
  /** Ends the link without reporting `onClose` (the caller already knows); `reason` is for the logs. */
  close(reason?: string): void;
}

export interface TransportEvents {
  /** The link is up and the hello is on its way (WebSocket `open`; SSE: the stream answered 2xx). */
  onOpen(): void;
  onFrame(frame: ServerFrame): void;
  /** The link ended, with a WebSocket close code (1006 when it was simply lost). Called at most once. */
  onClose(code: number): void;
}

/** Opens a transport; `hello` is built when it is sent, so it carries the latest token and cursor. */
export type TransportFactory = (hello: () => Hello, events: TransportEvents) => Transport;
