import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { type Conversation, type Driver, type IdlePool, idlePool, pool, type Sink } from './types';
import { closeWs, openWs, watchWs } from './ws-sockets';

/**
 * Drivers for the two minimal forwarders (ws-forwarder.ts, socketio-forwarder.ts): connect with
 * the conversation and agent in the query string, then send plain text.
 */

export const wsDriver: Driver = {
  async pairs(options, sink) {
    const base = options.url.replace(/^http/, 'ws');
    let closing = false;
    const agents = await Promise.all(Array.from({ length: options.agents }, (_, agent) => openWs(`${base}/?a=${agent}`)));
    agents.forEach((ws) => {
      watchWs(ws, sink, () => closing);
      ws.on('message', (data) => {
        const text = String(data);
        const space = text.indexOf(' ');
        sink.delivered(Number(text.slice(0, space)), 'visitorToAgent', text.slice(space + 1));
      });
    });
    const visitors: WebSocket[] = [];
    const failures: unknown[] = [];
    await pool(
      options.count,
      options.concurrency,
      async (index) => {
        const ws = await openWs(`${base}/?v=${index}&a=${index % options.agents}`);
        watchWs(ws, sink, () => closing);
        ws.on('message', (data) => sink.delivered(index, 'agentToVisitor', String(data)));
        visitors[index] = ws;
      },
      (error) => failures.push(error),
    );
    if (failures.length > 0) throw new Error(`${failures.length} visitor connections failed: ${String(failures[0])}`);
    const conversations = visitors.map((visitor, index): Conversation => {
      const agent = agents[index % options.agents];
      if (agent === undefined) throw new Error('no agent for a conversation');
      return { fromVisitor: (text) => visitor.send(text), fromAgent: (text) => agent.send(`${index} ${text}`) };
    });
    return {
      conversations,
      connections: visitors.length + agents.length,
      close: () => {
        closing = true;
        return closeWs([...visitors, ...agents]);
      },
    };
  },

  idle(options, sink): IdlePool {
    const base = options.url.replace(/^http/, 'ws');
    return idlePool(options, sink, {
      async open(index, isClosing) {
        const ws = await openWs(`${base}/?v=idle-${index}&a=none`);
        watchWs(ws, sink, isClosing);
        return ws;
      },
      isOpen: (ws) => ws.readyState === WebSocket.OPEN,
      closeAll: closeWs,
    });
  },
};

function openIo(url: string, query: Record<string, string>): Promise<Socket> {
  return new Promise((resolve, reject) => {
    // NOTE: WebSocket only and no reconnection, so a failure shows as an error, not as a retry.
    const socket = io(url, { transports: ['websocket'], query, reconnection: false, forceNew: true, timeout: 20_000 });
    socket.once('connect', () => {
      socket.off('connect_error', reject);
      resolve(socket);
    });
    socket.once('connect_error', reject);
  });
}

function watchIo(socket: Socket, sink: Pick<Sink, 'error'>, closing: () => boolean): void {
  socket.on('disconnect', (reason) => {
    if (!closing()) sink.error(`closed:${reason}`);
  });
}

function closeIo(sockets: readonly Socket[]): Promise<void> {
  for (const socket of sockets) socket.disconnect();
  return Promise.resolve();
}

export const socketIoDriver: Driver = {
  async pairs(options, sink) {
    let closing = false;
    const agents = await Promise.all(Array.from({ length: options.agents }, (_, agent) => openIo(options.url, { a: String(agent) })));
    agents.forEach((socket) => {
      watchIo(socket, sink, () => closing);
      socket.on('m', (conversation: unknown, text: unknown) => {
        if (typeof conversation !== 'string' || typeof text !== 'string') return sink.error('malformed');
        sink.delivered(Number(conversation), 'visitorToAgent', text);
      });
    });
    const visitors: Socket[] = [];
    const failures: unknown[] = [];
    await pool(
      options.count,
      options.concurrency,
      async (index) => {
        const socket = await openIo(options.url, { v: String(index), a: String(index % options.agents) });
        watchIo(socket, sink, () => closing);
        socket.on('m', (text: unknown) => {
          if (typeof text !== 'string') return sink.error('malformed');
          sink.delivered(index, 'agentToVisitor', text);
        });
        visitors[index] = socket;
      },
      (error) => failures.push(error),
    );
    if (failures.length > 0) throw new Error(`${failures.length} visitor connections failed: ${String(failures[0])}`);
    const conversations = visitors.map((visitor, index): Conversation => {
      const agent = agents[index % options.agents];
      if (agent === undefined) throw new Error('no agent for a conversation');
      const id = String(index);
      return { fromVisitor: (text) => visitor.emit('m', text), fromAgent: (text) => agent.emit('m', id, text) };
    });
    return {
      conversations,
      connections: visitors.length + agents.length,
      close: () => {
        closing = true;
        return closeIo([...visitors, ...agents]);
      },
    };
  },

  idle(options, sink): IdlePool {
    return idlePool(options, sink, {
      async open(index, isClosing) {
        const socket = await openIo(options.url, { v: `idle-${index}`, a: 'none' });
        watchIo(socket, sink, isClosing);
        return socket;
      },
      isOpen: (socket) => socket.connected,
      closeAll: closeIo,
    });
  },
};
