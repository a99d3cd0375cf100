import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { answerRequests, sendToParent } from './ipc';

/**
 * The ceiling: a minimal chat forwarder on bare `ws`, nothing between the sockets. No hello, no
 * validation, no storage, no acknowledgement, no fan-out beyond the one peer. A visitor connects
 * to `/?v=<conversation>&a=<agent>`, an agent to `/?a=<agent>`. Visitor text goes to its agent as
 * `<conversation> <text>`; agent text `<conversation> <text>` goes to that visitor as `<text>`.
 * Run by bench/relay/relay.ts in its own process.
 */
const server = createServer();
const wss = new WebSocketServer({ server });
const visitors = new Map<string, WebSocket>();
const agents = new Map<string, WebSocket>();

wss.on('connection', (ws, req) => {
  const query = new URL(req.url ?? '/', 'http://bench.invalid').searchParams;
  const conversation = query.get('v');
  const agent = query.get('a') ?? '';
  ws.on('error', (error) => console.error(`[ws-forwarder] socket error: ${error.message}`));
  if (conversation !== null) {
    visitors.set(conversation, ws);
    ws.on('message', (data) => agents.get(agent)?.send(`${conversation} ${String(data)}`));
    ws.on('close', () => visitors.delete(conversation));
    return;
  }
  agents.set(agent, ws);
  ws.on('message', (data) => {
    const text = String(data);
    const space = text.indexOf(' ');
    visitors.get(text.slice(0, space))?.send(text.slice(space + 1));
  });
  ws.on('close', () => agents.delete(agent));
});

server.listen(0, '127.0.0.1', () => {
  answerRequests();
  sendToParent({ type: 'ready', port: (server.address() as AddressInfo).port, agentTokens: [] });
});
