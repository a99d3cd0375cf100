import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { CloseCode, Limits } from '../../protocol/codes';
import { SESSION_COOKIE, readCookie } from '../http/cookies';
import type { Network } from '../http/network';
import type { Peer } from './peer';
import { createSession, type SessionDeps } from './session';

export type Gateway = {
  /** Closes every socket with 1012 (service restart) so clients reconnect elsewhere or soon. */
  close(): Promise<void>;
  connections(): number;
};

const HELLO_TIMEOUT_MS = 10_000;
/** Half-open connections are found within two of these. */
const HEARTBEAT_MS = 15_000;

/**
 * The WebSocket endpoint at `/ws`. Checks the Origin and resolves the agent's session cookie
 * before the socket is accepted; everything after that is per-connection (`session.ts`).
 */
export function attachGateway(
  server: Server,
  deps: Omit<SessionDeps, 'agent' | 'userAgent' | 'agentToken' | 'clientIp'> & { network: Network },
): Gateway {
  const wss = new WebSocketServer({ noServer: true, maxPayload: Limits.framePayloadBytes });
  const alive = new WeakMap<WebSocket, boolean>();

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, HEARTBEAT_MS);

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // NOTE: the boundary. Whatever an upgrade request holds (headers, cookie, URL), a throw here
    // would escape into the HTTP server's 'upgrade' emitter and end the process; it gets a 400.
    try {
      upgrade(req, socket, head);
    } catch (error) {
      console.warn(`[ws] refused a malformed upgrade: ${error instanceof Error ? error.message : String(error)}`);
      refuse(socket, 400, 'Bad Request');
    }
  };

  const upgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A socket error before the handshake completes (reset, garbage) must not be unhandled.
    const beforeUpgrade = (error: Error) => console.warn(`[ws] socket error before upgrade: ${error.message}`);
    socket.on('error', beforeUpgrade);
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/ws') {
      refuse(socket, 404, 'Not Found');
      return;
    }
    if (!deps.network.isSameOrigin(req)) {
      refuse(socket, 403, 'Forbidden');
      return;
    }
    const clientIp = deps.network.clientIp(req);
    const release = deps.limits.openConnection(clientIp);
    if (release === undefined) {
      refuse(socket, 429, 'Too Many Requests');
      return;
    }
    socket.once('close', release);
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    deps.agentAuth
      .bySession(token)
      .then((agent) => {
        if (socket.destroyed) return;
        socket.off('error', beforeUpgrade);
        wss.handleUpgrade(req, socket, head, (ws) => accept(ws, agent, req.headers['user-agent'], token, clientIp));
      })
      .catch((error: unknown) => {
        console.error('[ws] session lookup failed during upgrade', error);
        refuse(socket, 500, 'Internal Server Error');
      });
  };

  const accept = (
    ws: WebSocket,
    agent: SessionDeps['agent'],
    userAgent: string | undefined,
    agentToken: string | undefined,
    clientIp: string,
  ) => {
    const peer: Peer = {
      send: (text) => ws.send(text),
      close: (code, reason) => ws.close(code, reason),
      isOpen: () => ws.readyState === ws.OPEN,
      bufferedBytes: () => ws.bufferedAmount,
    };
    const session = createSession(peer, { ...deps, agent, userAgent, agentToken, clientIp });
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    ws.on('message', (data, isBinary) => {
      alive.set(ws, true);
      session.receive(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer), isBinary);
    });
    const helloTimer = setTimeout(() => {
      if (!session.greeted()) ws.close(CloseCode.HelloTimeout, 'hello expected');
    }, HELLO_TIMEOUT_MS);
    // An 'error' event without a listener would crash the process; ws closes the socket
    // itself (1009 for an oversized frame, 1002 for a protocol violation), so log only.
    ws.on('error', (error) => console.warn(`[ws] connection error: ${error.message}`));
    ws.on('close', () => {
      clearTimeout(helloTimer);
      session.dispose();
    });
  };

  server.on('upgrade', onUpgrade);

  let closed: Promise<void> | undefined;
  return {
    connections: () => wss.clients.size,
    close() {
      closed ??= new Promise<void>((resolve) => {
        clearInterval(heartbeat);
        server.off('upgrade', onUpgrade);
        for (const ws of wss.clients) ws.close(CloseCode.ServiceRestart, 'server restarting');
        wss.close(() => resolve());
      });
      return closed;
    },
  };
}

function refuse(socket: Duplex, status: number, text: string): void {
  if (socket.destroyed) return;
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
