import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { answerRequests, sendToParent } from './ipc';

/**
 * The common alternative: the same minimal forwarder as ws-forwarder.ts, on Socket.IO (WebSocket
 * transport only, no long-polling upgrade dance, per-message compression off as in ws). A
 * visitor's `m(text)` reaches its agent as `m(conversation, text)`; an agent's
 * `m(conversation, text)` reaches that visitor as `m(text)`. No validation, no storage.
 */
const server = createServer();
const io = new Server(server, { transports: ['websocket'], serveClient: false, perMessageDeflate: false });
const visitors = new Map<string, Socket>();
const agents = new Map<string, Socket>();

io.on('connection', (socket) => {
  const { v: conversation, a: agent } = socket.handshake.query;
  if (typeof agent !== 'string') {
    socket.disconnect(true);
    return;
  }
  if (typeof conversation === 'string') {
    visitors.set(conversation, socket);
    socket.on('m', (text: unknown) => agents.get(agent)?.emit('m', conversation, text));
    socket.on('disconnect', () => visitors.delete(conversation));
    return;
  }
  agents.set(agent, socket);
  socket.on('m', (to: unknown, text: unknown) => {
    if (typeof to === 'string') visitors.get(to)?.emit('m', text);
  });
  socket.on('disconnect', () => agents.delete(agent));
});

server.listen(0, '127.0.0.1', () => {
  answerRequests();
  sendToParent({ type: 'ready', port: (server.address() as AddressInfo).port, agentTokens: [] });
});
