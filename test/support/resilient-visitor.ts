import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '../../protocol/codes';
import type { Frame } from './client';
import { SseClient } from './sse-client';

type Msg = { id: string; seq: number; author: string; text: string; clientMsgId: string | null; conversationId: string };

/**
 * A visitor client that does what the widget promises: an outbox keyed by clientMsgId,
 * resume from the last seq, either transport. Its `view` is what the visitor would see; the
 * fault suite compares it with the stored transcript.
 */
export class ResilientVisitor {
  token: string | undefined;
  conversationId: string | undefined;
  readonly view = new Map<number, Msg>();
  readonly outbox = new Map<string, string>();
  readonly acked = new Map<string, number>();
  /** Same seq delivered twice with a different id, or a clientMsgId acked with two seqs. */
  readonly anomalies: string[] = [];
  connected = false;
  transport: 'ws' | 'sse' = 'ws';
  private ws: WebSocket | undefined;
  private sse: SseClient | undefined;
  private welcomed: (() => void) | undefined;
  private posting: Promise<void> = Promise.resolve();

  constructor(
    private readonly baseUrl: () => string,
    readonly name: string,
  ) {}

  lastSeq(): number {
    let seq = 0;
    while (this.view.has(seq + 1)) seq += 1;
    return seq;
  }

  private hello(): Record<string, unknown> {
    const resume = this.conversationId === undefined ? {} : { conversationId: this.conversationId, lastSeq: this.lastSeq() };
    return {
      type: 'hello',
      v: PROTOCOL_VERSION,
      role: 'visitor',
      siteKey: 'demo',
      hostOrigin: 'http://shop.test',
      locale: 'en',
      ...(this.token === undefined ? {} : { token: this.token }),
      ...resume,
    };
  }

  /** Connects and resolves once the welcome is applied and the outbox re-sent. */
  async connect(transport: 'ws' | 'sse' = this.transport): Promise<void> {
    this.transport = transport;
    const welcomed = new Promise<void>((done) => {
      this.welcomed = done;
    });
    if (transport === 'ws') {
      const ws = new WebSocket(`${this.baseUrl().replace('http', 'ws')}/ws`);
      this.ws = ws;
      ws.on('message', (data) => this.onFrame(JSON.parse(data.toString()) as Frame));
      ws.on('close', () => {
        if (this.ws === ws) this.connected = false;
      });
      ws.on('error', () => undefined);
      await new Promise<void>((done, fail) => {
        ws.once('open', () => done());
        ws.once('error', fail);
      });
      ws.send(JSON.stringify(this.hello()));
    } else {
      this.sse = await SseClient.open(this.baseUrl(), this.hello(), { onFrame: (frame) => this.onFrame(frame) });
    }
    await welcomed;
    // NOTE: resend only now: over SSE the welcome can arrive before `open` has handed us the new
    // stream, and a resend then would go to the old, closed one and sit in the outbox.
    for (const [clientMsgId, text] of this.outbox) this.sendRaw({ type: 'message.send', clientMsgId, text });
  }

  private onFrame(frame: Frame): void {
    switch (frame.type) {
      case 'welcome': {
        if (frame.role !== 'visitor') throw new Error('a visitor was welcomed as an agent');
        this.token = frame.token;
        if (!frame.resumed) this.view.clear();
        if (frame.conversation !== null) this.conversationId = frame.conversation.id;
        for (const message of frame.messages) this.add(message);
        this.connected = true;
        this.welcomed?.();
        break;
      }
      case 'message.new':
        this.add(frame.message);
        break;
      case 'message.ack': {
        const clientMsgId = frame.clientMsgId;
        const before = this.acked.get(clientMsgId);
        if (before !== undefined && before !== frame.seq) this.anomalies.push(`${clientMsgId} acked as ${before} and ${String(frame.seq)}`);
        this.acked.set(clientMsgId, frame.seq);
        this.outbox.delete(clientMsgId);
        this.conversationId = frame.conversationId;
        break;
      }
      default:
        break;
    }
  }

  private add(message: Msg): void {
    if (this.conversationId !== undefined && message.conversationId !== this.conversationId) return;
    const existing = this.view.get(message.seq);
    if (existing !== undefined && existing.id !== message.id) {
      this.anomalies.push(`seq ${message.seq} seen as ${existing.id} and ${message.id}`);
    }
    this.view.set(message.seq, message);
  }

  private sendRaw(frame: unknown): void {
    if (!this.connected) return;
    if (this.transport === 'ws') {
      if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(frame));
    } else {
      // POSTs go one at a time: parallel requests may reach the server out of order. A POST
      // lost to a dying server is resent from the outbox after the reconnect.
      const sse = this.sse;
      this.posting = this.posting.then(() => sse?.post(frame)).then(
        () => undefined,
        () => undefined,
      );
    }
  }

  /** Queues a message in the outbox and sends it if connected. */
  send(clientMsgId: string, text: string): void {
    this.outbox.set(clientMsgId, text);
    this.sendRaw({ type: 'message.send', clientMsgId, text });
  }

  /** Sends a message the server already has again, as a flaky network would. */
  duplicate(clientMsgId: string, text: string): void {
    this.sendRaw({ type: 'message.send', clientMsgId, text });
  }

  /** Drops the connection without a goodbye. */
  drop(): void {
    this.connected = false;
    this.ws?.terminate();
    this.ws = undefined;
    this.sse?.close();
    this.sse = undefined;
  }

  async settle(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.outbox.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  }

  close(): void {
    this.drop();
  }
}
