import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { CloseCode, Limits } from '../../protocol/codes';
import type { Bus } from '../bus/bus';
import type { ConversationService } from '../domain/conversations';
import type { BotRegistry } from '../domain/bots';
import { SESSION_COOKIE, readCookie } from '../http/cookies';
import { isSameOrigin } from '../http/origin';
import type { Db } from '../store/db';
import { findAgentBySession } from '../store/agents';
import { createSession } from './session';

export type Gateway = { close(): Promise<void>; connections(): number };

const HELLO_TIMEOUT_MS = 10_000;

/**
 * The WebSocket endpoint at `/ws`. Checks the Origin and resolves the agent's session cookie
 * before the socket is accepted; everything after that is per-connection (`session.ts`).
 */
export function attachGateway(
  server: Server,
  deps: { db: Db; bus: Bus; conversations: ConversationService; bots: BotRegistry; now: () => Date },
): Gateway {
  const wss = new WebSocketServer({ noServer: true, maxPayload: Limits.framePayloadBytes });

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/ws') {
      refuse(socket, 404, 'Not Found');
      return;
    }
    if (!isSameOrigin(req)) {
      refuse(socket, 403, 'Forbidden');
      return;
    }
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    const agentLookup = token === undefined ? Promise.resolve(undefined) : findAgentBySession(deps.db, token, deps.now());
    agentLookup.then(
      (agent) => {
        wss.handleUpgrade(req, socket, head, (ws) => {
          const session = createSession(ws, { ...deps, agent });
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
        });
      },
      (error: unknown) => {
        console.error('[ws] session lookup failed during upgrade', error);
        refuse(socket, 500, 'Internal Server Error');
      },
    );
  };
  server.on('upgrade', onUpgrade);

  let closed: Promise<void> | undefined;
  return {
    connections: () => wss.clients.size,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.off('upgrade', onUpgrade);
        for (const ws of wss.clients) ws.close(1001, 'server shutting down');
        wss.close(() => resolve());
      });
      return closed;
    },
  };
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}
