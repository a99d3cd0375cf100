import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '../../../protocol/codes';
import { isRecord } from '../ipc';
import { type Conversation, type Driver, type IdlePool, idlePool, pool, type Sink } from './types';
import { closeWs, openWs, watchWs } from './ws-sockets';

/**
 * Ponte's own protocol (protocol/frames.ts), as the widget and the console speak it: a visitor
 * says hello and asks for a person (`handoff.request`), its agent opens and accepts the queued
 * conversation, then both send `message.send` and read `message.new`.
 *
 * NOTE: Ponte sends more than the chat line (acks, echoes to the sender's other tabs,
 * `conversation.updated` to every agent). The generator looks at the first bytes of a frame and
 * parses only `message.new` and `error`: a real console parses everything, but the generator
 * shares two cores with the server, and the server's cost of sending those frames is what counts.
 */

const HOST_ORIGIN = 'http://shop.test';
const SETUP_TIMEOUT_MS = 30_000;

type Frame = Record<string, unknown> & { type: string };

function parse(data: WebSocket.RawData): Frame {
  const value: unknown = JSON.parse(String(data));
  if (!isRecord(value) || typeof value.type !== 'string') throw new Error(`not a frame: ${String(data).slice(0, 80)}`);
  return value as Frame;
}

/** The frame type from the first bytes, without decoding the rest: `{"type":"message.new",…`. */
function typeOf(data: WebSocket.RawData): string {
  const head = Buffer.isBuffer(data) ? data.toString('latin1', 0, 40) : String(data).slice(0, 40);
  const start = head.indexOf('"type":"');
  if (start === -1) return '';
  const from = start + 8;
  return head.slice(from, head.indexOf('"', from));
}

function openSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return openWs(`${url.replace(/^http/, 'ws')}/ws`, headers);
}

/** The next frame matching `match`, listened for before the caller sends what provokes it. */
function nextFrame(ws: WebSocket, match: (frame: Frame) => boolean, what: string): Promise<Frame> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      ws.off('message', listener);
      reject(new Error(`timed out waiting for ${what}`));
    }, SETUP_TIMEOUT_MS);
    const listener = (data: WebSocket.RawData) => {
      const frame = parse(data);
      if (frame.type === 'error') {
        clearTimeout(timer);
        ws.off('message', listener);
        reject(new Error(`error frame while waiting for ${what}: ${String(frame.code)} ${String(frame.message)}`));
        return;
      }
      if (!match(frame)) return;
      clearTimeout(timer);
      ws.off('message', listener);
      resolve(frame);
    };
    ws.on('message', listener);
  });
}

const isWelcome = (frame: Frame) => frame.type === 'welcome';
const conversationIn = (status: string) => (frame: Frame) =>
  frame.type === 'conversation.updated' && isRecord(frame.conversation) && frame.conversation.status === status;

async function visitorHello(url: string, index: number): Promise<{ ws: WebSocket; welcome: Frame }> {
  const ws = await openSocket(url, { 'user-agent': 'ponte-bench' });
  const welcome = nextFrame(ws, isWelcome, 'welcome');
  ws.send(
    JSON.stringify({
      type: 'hello',
      v: PROTOCOL_VERSION,
      role: 'visitor',
      siteKey: 'demo',
      hostOrigin: HOST_ORIGIN,
      locale: 'en',
      page: { url: `${HOST_ORIGIN}/products.html?bench=${index}`, title: 'Products' },
    }),
  );
  return { ws, welcome: await welcome };
}

/** `message.new` from the other side, or an error frame; everything else is skipped unread. */
function onChat(ws: WebSocket, from: 'visitor' | 'agent', sink: Sink, deliver: (message: Record<string, unknown>) => void): void {
  ws.on('message', (data) => {
    const type = typeOf(data);
    if (type === 'error') {
      const frame = parse(data);
      sink.error(`error:${String(frame.code)}`);
      return;
    }
    if (type !== 'message.new') return;
    const message = parse(data).message;
    if (isRecord(message) && message.author === from) deliver(message);
  });
}

export const ponteDriver: Driver = {
  async pairs(options, sink) {
    if (options.agentTokens.length < options.agents) throw new Error('Ponte needs one session token per agent');
    let closing = false;
    const conversationIndex = new Map<string, number>();
    const agents = await Promise.all(
      options.agentTokens.slice(0, options.agents).map(async (token) => {
        const ws = await openSocket(options.url, { cookie: `ponte_session=${encodeURIComponent(token)}` });
        const welcome = nextFrame(ws, isWelcome, 'agent welcome');
        ws.send(JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION, role: 'agent' }));
        await welcome;
        watchWs(ws, sink, () => closing);
        onChat(ws, 'visitor', sink, (message) => {
          const index = conversationIndex.get(String(message.conversationId));
          if (index === undefined) return sink.error('unknown-conversation');
          sink.delivered(index, 'visitorToAgent', String(message.text));
        });
        return ws;
      }),
    );

    const conversations: Conversation[] = [];
    const visitors: WebSocket[] = [];
    const failures: unknown[] = [];
    await pool(
      options.count,
      options.concurrency,
      async (index) => {
        const { ws } = await visitorHello(options.url, index);
        visitors.push(ws);
        const queued = nextFrame(ws, conversationIn('queued'), 'the conversation to be queued');
        ws.send(JSON.stringify({ type: 'handoff.request' }));
        const conversation = (await queued).conversation;
        const id = isRecord(conversation) ? String(conversation.id) : '';
        conversationIndex.set(id, index);
        const agent = agents[index % options.agents];
        if (agent === undefined) throw new Error('no agent for a conversation');
        const live = nextFrame(ws, conversationIn('live'), 'the agent to accept');
        agent.send(JSON.stringify({ type: 'conversation.open', conversationId: id }));
        agent.send(JSON.stringify({ type: 'conversation.accept', conversationId: id }));
        await live;
        watchWs(ws, sink, () => closing);
        onChat(ws, 'agent', sink, (message) => sink.delivered(index, 'agentToVisitor', String(message.text)));
        let visitorSent = 0;
        let agentSent = 0;
        conversations[index] = {
          fromVisitor: (text) => ws.send(JSON.stringify({ type: 'message.send', clientMsgId: `v${(visitorSent += 1)}`, text })),
          fromAgent: (text) =>
            agent.send(JSON.stringify({ type: 'message.send', conversationId: id, clientMsgId: `a${(agentSent += 1)}`, text })),
        };
      },
      (error) => failures.push(error),
    );
    if (failures.length > 0) {
      closing = true;
      await closeWs([...visitors, ...agents]);
      throw new Error(`${failures.length} conversations could not be set up: ${String(failures[0])}`);
    }
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
    return idlePool(options, sink, {
      async open(index, isClosing) {
        const { ws } = await visitorHello(options.url, index);
        watchWs(ws, sink, isClosing);
        onChat(ws, 'agent', { delivered: () => undefined, error: sink.error }, () => undefined);
        return ws;
      },
      isOpen: (ws) => ws.readyState === WebSocket.OPEN,
      closeAll: closeWs,
    });
  },
};
