import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '../../protocol/codes';
import type { Rng } from './random';
import { SHOP_ORIGIN } from './frames';
import { type Frame, readServerFrame } from './server-frames';

type Ack = { seq: number; id: string };
type StoredMessage = { id: string; seq: number; author: string; text: string; clientMsgId: string | null };

/** Already trimmed and NFC: the server stores a message trimmed, and these must come back as sent. */
const TEXTS = ['hello', 'what are your opening hours?', 'how much is shipping?', 'olá, tudo bem? ação', '¿cuánto tarda el envío?', 'emoji 😀 ok', '日本語のテキスト', 'order #1234', 'a **bold** move'];

/**
 * Text the schema accepts but a store, a normaliser or a JSON layer may bend: lone surrogates,
 * NUL, NFD, bidi overrides, padding, the length limit. Whatever the server does with it, what it
 * acknowledged and showed live must be what it stored.
 */
const EDGE_TEXTS = [
  'lone \ud800 surrogate',
  '\udfff at the start',
  'NUL \u0000 inside',
  '  padded both sides  ',
  'e\u0301 in NFD',
  '\u202eRTL override',
  '<script>alert(1)</script>',
  'line\nbreak\r\nand CRLF',
  '\ufeffBOM first',
  'family 👩‍👩‍👧 ZWJ',
  'tab\tand\u2028separator',
  'x'.repeat(4000),
];
const EDGE_ID_SUFFIXES = ['', '', '', '-\ud800', '-\u0000', '-😀', '-\udc00\ud800'];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A visitor chatting while the fuzz runs: every message has a clientMsgId, is kept in an outbox
 * until acknowledged, and is resent after a reconnect. Whatever the fuzz does to the server, this
 * visitor's record must stay whole. An `edgy` witness sends valid but unusual text and ids; it
 * accepts a clean refusal (`invalid_frame`), not a stored message that differs from the ack.
 */
export class Witness {
  token: string | undefined;
  conversationId: string | undefined;
  /** Every message ever queued: clientMsgId → text. */
  readonly sent = new Map<string, string>();
  readonly acks = new Map<string, Ack>();
  /** The text of each acknowledged message as the server broadcast it live (`message.new`). */
  readonly live = new Map<string, string>();
  readonly outbox = new Set<string>();
  /** The id as sent on the wire, when it differs from the well-formed one everything is kept by. */
  private readonly wireIds = new Map<string, string>();
  /** Messages the server refused as invalid (edgy witness only): not stored, not owed an ack. */
  readonly refused = new Set<string>();
  readonly problems: string[] = [];
  reconnects = 0;
  /** Acknowledged messages resent after a reconnect, to check the server answers with the same seq. */
  probes = 0;
  private ws: WebSocket | undefined;
  private connected = false;
  private count = 0;
  private closed = false;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly url: () => string,
    readonly name: string,
    readonly edgy = false,
  ) {}

  private hello(lastSeq?: number): Record<string, unknown> {
    return {
      type: 'hello',
      v: PROTOCOL_VERSION,
      role: 'visitor',
      siteKey: 'demo',
      hostOrigin: SHOP_ORIGIN,
      locale: 'en',
      ...(this.token === undefined ? {} : { token: this.token }),
      ...(lastSeq !== undefined && this.conversationId !== undefined ? { conversationId: this.conversationId, lastSeq } : {}),
    };
  }

  /** Opens a socket and says hello; resolves with the welcome, rejects on a refused hello or a timeout. */
  private async open(hello: Record<string, unknown>, onFrame: (frame: Frame) => void): Promise<{ ws: WebSocket; welcome: Frame }> {
    const ws = new WebSocket(`${this.url().replace(/^http/, 'ws')}/ws`);
    // A failed connection shows up as the rejected promise below (and 'close'); nothing to add here.
    ws.on('error', () => undefined);
    let welcomed: (frame: Frame) => void = () => undefined;
    let refused: (error: Error) => void = () => undefined;
    const welcome = new Promise<Frame>((resolve, reject) => {
      welcomed = resolve;
      refused = reject;
    });
    // Awaited below once the socket is open; when it never opens, its rejection has no one to tell.
    welcome.catch(() => undefined);
    ws.on('message', (data) => {
      const text = data.toString();
      const { frame, problem } = readServerFrame(text);
      if (problem !== undefined) this.problems.push(`${this.name}: ${problem}`);
      if (frame === undefined) return;
      if (frame.type === 'welcome') welcomed(frame);
      else if (frame.type === 'error' && frame.ref === 'hello') refused(new Error(`hello refused: ${text}`));
      onFrame(frame);
    });
    ws.on('close', () => refused(new Error('closed before welcome')));
    const timeout = setTimeout(() => refused(new Error('no welcome within 5 s')), 5000);
    try {
      await new Promise<void>((resolve, reject) => {
        ws.once('open', () => resolve());
        ws.once('error', reject);
      });
      ws.send(JSON.stringify(hello));
      return { ws, welcome: await welcome };
    } catch (error) {
      ws.terminate();
      throw error;
    } finally {
      clearTimeout(timeout);
    }
  }

  async connect(): Promise<void> {
    const first = this.token === undefined;
    const { ws, welcome } = await this.open(this.hello(this.token === undefined ? undefined : 0), (frame) => this.onFrame(frame));
    this.ws = ws;
    this.token = welcome.token as string;
    const conversation = welcome.conversation as { id: string } | null;
    if (conversation !== null) this.conversationId = conversation.id;
    ws.on('close', () => {
      if (this.ws === ws) this.connected = false;
    });
    this.connected = ws.readyState === WebSocket.OPEN;
    if (!first) {
      this.reconnects += 1;
      const acked = [...this.acks.keys()];
      const probe = acked[acked.length - 1];
      if (probe !== undefined) {
        this.probes += 1;
        this.sendRaw(probe);
      }
    }
    for (const clientMsgId of this.outbox) this.sendRaw(clientMsgId);
  }

  private onFrame(frame: Frame): void {
    if (frame.type === 'message.ack') this.recordAck(frame);
    if (frame.type === 'message.new') {
      const message = frame.message as StoredMessage;
      if (message.author === 'visitor' && message.clientMsgId !== null && this.sent.has(message.clientMsgId)) this.live.set(message.clientMsgId, message.text);
    }
    if (frame.type !== 'error') return;
    const ref = typeof frame.ref === 'string' ? frame.ref : undefined;
    if (ref !== undefined && this.sent.has(ref) && frame.code === 'rate_limited') {
      // What the widget's outbox does: wait, then send again. (A refused probe of an acknowledged
      // message has nothing left to deliver.)
      if (!this.outbox.has(ref)) return;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (this.outbox.has(ref)) this.sendRaw(ref);
      }, 1000);
      this.timers.add(timer);
      return;
    }
    if (this.edgy && ref !== undefined && this.outbox.has(ref) && frame.code === 'invalid_frame') {
      this.outbox.delete(ref);
      this.refused.add(ref);
      return;
    }
    this.problems.push(`${this.name}: a valid frame was refused: ${JSON.stringify(frame)} (sent ${JSON.stringify(ref === undefined ? null : (this.sent.get(ref) ?? null))?.slice(0, 200)})`);
  }

  private recordAck(frame: Frame): void {
    const clientMsgId = String(frame.clientMsgId);
    const ack = { seq: Number(frame.seq), id: String(frame.id) };
    if (!this.sent.has(clientMsgId)) this.problems.push(`${this.name}: ack for a message never sent: ${JSON.stringify(frame)}`);
    const before = this.acks.get(clientMsgId);
    if (before !== undefined && (before.seq !== ack.seq || before.id !== ack.id)) {
      this.problems.push(`${this.name}: ${JSON.stringify(clientMsgId)} acknowledged as seq ${before.seq} (${before.id}) and later as seq ${ack.seq} (${ack.id})`);
    }
    if (before === undefined) this.acks.set(clientMsgId, ack);
    this.outbox.delete(clientMsgId);
  }

  private sendRaw(clientMsgId: string): void {
    const text = this.sent.get(clientMsgId);
    if (this.connected && text !== undefined && this.ws?.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify({ type: 'message.send', clientMsgId: this.wireIds.get(clientMsgId) ?? clientMsgId, text }));
    }
  }

  send(rng: Rng): void {
    this.count += 1;
    const wireId = `${this.name}-${this.count}${this.edgy ? rng.pick(EDGE_ID_SUFFIXES) : ''}`;
    // The server keeps lone surrogates as U+FFFD (ws/inbound-frame.ts): the id it acks is that one.
    const clientMsgId = wellFormed(wireId);
    this.wireIds.set(clientMsgId, wireId);
    this.sent.set(clientMsgId, rng.pick(this.edgy ? EDGE_TEXTS : TEXTS));
    this.outbox.add(clientMsgId);
    this.sendRaw(clientMsgId);
  }

  /**
   * Chats (one message every ~0.6 s, under the 20 per 10 s limit) and reconnects until `done()`.
   * Now and then the line drops right after a send, before the ack can arrive, as on a flaky
   * network: the reconnect must resend it and get it stored once.
   */
  async run(rng: Rng, done: () => boolean): Promise<void> {
    while (!done() && !this.closed) {
      if (!this.connected) {
        await this.connect().catch(() => sleep(250));
        continue;
      }
      this.send(rng);
      if (rng.chance(0.08)) {
        this.connected = false;
        this.ws?.terminate();
      }
      await sleep(rng.range(450, 750));
    }
  }

  /** Waits until every queued message is acknowledged, reconnecting as needed. */
  async settle(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.outbox.size > 0 && Date.now() < deadline) {
      if (!this.connected) await this.connect().catch(() => sleep(250));
      else await sleep(50);
    }
  }

  /**
   * Reads the whole stored conversation through a fresh connection (resume from seq 0) and
   * compares it with what was acknowledged and shown live; then resends a few acknowledged
   * messages there and expects the very same seq and id back.
   */
  async verify(rng: Rng, resends: number): Promise<string[]> {
    const problems: string[] = [];
    const resent = new Map<string, Ack | 'refused'>();
    const { ws, welcome } = await this.open(this.hello(0), (frame) => {
      if (frame.type === 'message.ack') resent.set(String(frame.clientMsgId), { seq: Number(frame.seq), id: String(frame.id) });
      if (frame.type === 'error' && frame.code === 'rate_limited' && typeof frame.ref === 'string') {
        // The per-visitor message limit counts resends too; try again as the widget would.
        const ref = frame.ref;
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ type: 'message.send', clientMsgId: ref, text: this.sent.get(ref) }));
        }, 1000);
        this.timers.add(timer);
      } else if (frame.type === 'error' && typeof frame.ref === 'string') {
        resent.set(frame.ref, 'refused');
        problems.push(`${this.name}: resending an acknowledged message was refused: ${JSON.stringify(frame)}`);
      }
    });
    const q = (value: unknown) => JSON.stringify(value)?.slice(0, 120);
    try {
      if (this.conversationId !== undefined && welcome.resumed !== true) problems.push(`${this.name}: resume from seq 0 was not honoured`);
      const messages = welcome.messages as StoredMessage[];
      const seqs = messages.map((m) => m.seq);
      if (seqs.some((seq, i) => seq !== i + 1)) problems.push(`${this.name}: transcript seqs are not 1..n: ${seqs.join(',')}`);
      const visitorMessages = messages.filter((m) => m.author === 'visitor');
      const ackedIds = new Set([...this.acks.values()].map((ack) => ack.id));
      const seenClientIds = new Map<string, number>();
      for (const m of visitorMessages) {
        if (!ackedIds.has(m.id)) problems.push(`${this.name}: seq ${m.seq} (clientMsgId ${q(m.clientMsgId)}) is stored but was never acknowledged`);
        if (m.clientMsgId === null) continue;
        const twice = seenClientIds.get(m.clientMsgId);
        if (twice !== undefined) problems.push(`${this.name}: clientMsgId ${q(m.clientMsgId)} stored twice (seq ${twice} and ${m.seq})`);
        seenClientIds.set(m.clientMsgId, m.seq);
      }
      for (const [clientMsgId, ack] of this.acks) {
        const stored = visitorMessages.find((m) => m.id === ack.id);
        const sent = this.sent.get(clientMsgId);
        const live = this.live.get(clientMsgId);
        const was = `acknowledged ${q(clientMsgId)} (seq ${ack.seq}, sent ${q(sent)}, shown live ${q(live)})`;
        if (stored === undefined) problems.push(`${this.name}: ${was} is missing from the transcript`);
        else if (stored.seq !== ack.seq || stored.clientMsgId !== clientMsgId) problems.push(`${this.name}: ${was} is stored as seq ${stored.seq} with clientMsgId ${q(stored.clientMsgId)}`);
        else if (live !== undefined && stored.text !== live) problems.push(`${this.name}: ${was} is stored with text ${q(stored.text)}`);
        else if (!this.edgy && stored.text !== sent) problems.push(`${this.name}: ${was} is stored with text ${q(stored.text)}`);
      }
      const acked = [...this.acks.keys()];
      const chosen = new Set(Array.from({ length: Math.min(resends, acked.length) }, () => acked[rng.int(acked.length)] as string));
      for (const clientMsgId of chosen) ws.send(JSON.stringify({ type: 'message.send', clientMsgId, text: this.sent.get(clientMsgId) }));
      const deadline = Date.now() + 10_000;
      while ([...chosen].some((id) => !resent.has(id)) && Date.now() < deadline) await sleep(20);
      for (const clientMsgId of chosen) {
        const again = resent.get(clientMsgId);
        const ack = this.acks.get(clientMsgId);
        if (again === 'refused') continue;
        if (again === undefined) problems.push(`${this.name}: resent ${q(clientMsgId)} got no ack`);
        else if (again.seq !== ack?.seq || again.id !== ack.id) problems.push(`${this.name}: resent ${q(clientMsgId)} acked as seq ${again.seq} (${again.id}), first as seq ${ack?.seq} (${ack?.id})`);
      }
    } finally {
      ws.terminate();
    }
    return problems;
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.connected = false;
    this.ws?.terminate();
  }
}

/** Lone surrogates as U+FFFD, as String.prototype.toWellFormed (Node 20+) and the server do. */
function wellFormed(text: string): string {
  return text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}
