import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { type Conversation, type Driver, errorKind, type IdlePool, pool, type Sink } from './types';

/**
 * Drivers for the two minimal forwarders (ws-forwarder.ts, socketio-forwarder.ts): connect with
 * the conversation and agent in the query string, then send plain text.
 */

function openWs(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    ws.once('open', () => {
      ws.off('error', reject);
      resolve(ws);
    });
    ws.once('error', reject);
  });
}

function closeWs(sockets: readonly WebSocket[]): Promise<void> {
  return Promise.all(
    sockets.map(
      (ws) =>
        new Promise<void>((resolve) => {
          if (ws.readyState === WebSocket.CLOSED) return resolve();
          ws.once('close', () => resolve());
          ws.close();
        }),
    ),
  ).then(() => undefined);
}

/** Counts a socket that goes away before we close it. */
function watchWs(ws: WebSocket, sink: Pick<Sink, 'error'>, closing: () => boolean): void {
  ws.on('error', (error) => sink.error(`socket:${error.message.slice(0, 60)}`));
  ws.on('close', (code) => {
    if (!closing()) sink.error(`closed:${code}`);
  });
}

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
    const sockets: WebSocket[] = [];
    let closing = false;
    return {
      async add(count) {
        let failed = 0;
        const start = sockets.length;
        await pool(
          count,
          options.concurrency,
          async (offset) => {
            const ws = await openWs(`${base}/?v=idle-${start + offset}&a=none`);
            watchWs(ws, sink, () => closing);
            sockets.push(ws);
          },
          (error) => {
            failed += 1;
            sink.error(errorKind(error));
          },
        );
        return failed;
      },
      open: () => sockets.filter((ws) => ws.readyState === WebSocket.OPEN).length,
      close: () => {
        closing = true;
        return closeWs(sockets);
      },
    };
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
    const sockets: Socket[] = [];
    let closing = false;
    return {
      async add(count) {
        let failed = 0;
        const start = sockets.length;
        await pool(
          count,
          options.concurrency,
          async (offset) => {
            const socket = await openIo(options.url, { v: `idle-${start + offset}`, a: 'none' });
            watchIo(socket, sink, () => closing);
            sockets.push(socket);
          },
          (error) => {
            failed += 1;
            sink.error(errorKind(error));
          },
        );
        return failed;
      },
      open: () => sockets.filter((socket) => socket.connected).length,
      close: () => {
        closing = true;
        return closeIo(sockets);
      },
    };
  },
};
