/** The WebSocket transport: hello on `open`, one JSON frame per message. */
import { CloseCode } from '../../protocol/codes';
import type { ClientFrame } from '../../protocol/frames';
import { parseServerFrame } from '../../protocol/guard';
import type { TransportFactory } from './transport';

/**
 * A handler slot typed with method bivariance, so the browser's `WebSocket` (whose handlers take
 * `MessageEvent`/`CloseEvent`) fits, and a test fake can pass plain `{ data }` / `{ code }` objects.
 */
type Handler<E> = { bivariance(event: E): void }['bivariance'] | null;

/** The part of the browser WebSocket we use, so tests can pass a fake. */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: Handler<unknown>;
  onmessage: Handler<{ data: unknown }>;
  onclose: Handler<{ code: number }>;
  onerror: Handler<unknown>;
}
/** Opens a socket: `(url) => new WebSocket(url)` in the browser, a fake in tests. */
export type OpenSocket = (url: string) => SocketLike;

const OPEN = 1;

export function wsTransport(url: string, openSocket: OpenSocket): TransportFactory {
  return (hello, events) => {
    let ws: SocketLike | null = null;
    const end = (code: number): void => {
      const current = ws;
      if (!current) return;
      ws = null;
      current.onopen = current.onmessage = current.onclose = current.onerror = null;
      events.onClose(code);
    };
    try {
      ws = openSocket(url);
    } catch (error) {
      // e.g. a blocked or malformed URL: report it like a failed attempt, asynchronously like a real one.
      console.warn('[ponte] could not open the socket', error);
      queueMicrotask(() => events.onClose(CloseCode.Lost));
      return { send: () => false, close() {} };
    }
    const current = ws;
    current.onopen = () => {
      current.send(JSON.stringify(hello()));
      events.onOpen();
    };
    current.onmessage = (event) => {
      const frame = parseServerFrame(event.data);
      if (frame && ws === current) events.onFrame(frame);
    };
    current.onerror = (event) => {
      // The close event always follows and carries the code; the error itself has no detail.
      console.warn('[ponte] socket error', event);
    };
    current.onclose = (event) => end(event.code || CloseCode.Lost);
    return {
      send(frame: ClientFrame) {
        if (ws !== current || current.readyState !== OPEN) return false;
        current.send(JSON.stringify(frame));
        return true;
      },
      close(reason = 'dropped') {
        if (ws !== current) return;
        ws = null;
        current.onopen = current.onmessage = current.onclose = current.onerror = null;
        // NOTE: 1000, not a private 4xxx code: ending our own link (dead, replaced, signed out) is a normal closure.
        current.close(CloseCode.Normal, reason);
      },
    };
  };
}

/**
 * Checks whether a WebSocket can open at all (used while on the fallback), without a hello: the
 * socket is closed as soon as it opens. Returns a cancel function; `done` is called at most once.
 */
export function wsProbe(url: string, openSocket: OpenSocket): (done: (ok: boolean) => void) => () => void {
  return (done) => {
    let ws: SocketLike;
    try {
      ws = openSocket(url);
    } catch (error) {
      console.warn('[ponte] could not open the socket', error);
      queueMicrotask(() => done(false));
      return () => {};
    }
    const finish = (ok: boolean): void => {
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
      ws.close(CloseCode.Normal, 'probe');
      done(ok);
    };
    ws.onopen = () => finish(true);
    ws.onclose = () => finish(false);
    ws.onerror = null; // The close event follows; a failed probe is expected and not worth a warning.
    return () => {
      ws.onopen = ws.onmessage = ws.onclose = ws.onerror = null;
      ws.close(CloseCode.Normal, 'probe');
    };
  };
}
