import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '../../protocol/codes';
import type { AgentWelcome, ErrorFrame, ServerFrame, VisitorWelcome } from '../../protocol/frames';

/** A frame the server sent, typed from the protocol's schemas (the client trusts its server). */
export type Frame = ServerFrame;
export type FrameType = Frame['type'];
/** The frame of one `type`, e.g. `FrameOf<'message.ack'>`. */
export type FrameOf<T extends FrameType> = Extract<Frame, { type: T }>;
type MessageNew = FrameOf<'message.new'>;

/**
 * A real `ws` client that records every frame, so tests can wait for the one they expect and
 * also assert on what did (not) arrive.
 */
export class TestClient {
  readonly frames: Frame[] = [];
  closeCode: number | undefined;
  private readonly waiters: Array<{ match: (f: Frame) => boolean; resolve: (f: Frame) => void }> = [];
  private readonly closed: Promise<number>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Frame;
      this.frames.push(frame);
      for (const waiter of [...this.waiters]) {
        if (waiter.match(frame)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(frame);
        }
      }
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code) => {
        this.closeCode = code;
        resolve(code);
      }),
    );
  }

  static async connect(baseUrl: string, headers: Record<string, string> = {}): Promise<TestClient> {
    const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/ws`, { headers });
    const client = new TestClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }

  /** Connects and says hello as a visitor of the test shop; the server welcomes or refuses. */
  static async visitorHello(
    baseUrl: string,
    options: { token?: string; locale?: string; hostOrigin?: string; siteKey?: string } = {},
  ): Promise<{ client: TestClient; welcome: VisitorWelcome | ErrorFrame }> {
    const client = await TestClient.connect(baseUrl);
    client.send({
      type: 'hello',
      v: PROTOCOL_VERSION,
      role: 'visitor',
      siteKey: options.siteKey ?? 'demo',
      hostOrigin: options.hostOrigin ?? 'http://shop.test',
      locale: options.locale ?? 'en',
      page: { url: 'http://shop.test/products.html', title: 'Products' },
      ...(options.token === undefined ? {} : { token: options.token }),
    });
    const welcome = await client.next((f): f is VisitorWelcome | ErrorFrame => (f.type === 'welcome' && f.role === 'visitor') || f.type === 'error');
    return { client, welcome };
  }

  /** A visitor the server welcomes: a refusal fails the test here, with the error frame. */
  static async visitor(
    baseUrl: string,
    options: { token?: string; locale?: string; hostOrigin?: string; siteKey?: string } = {},
  ): Promise<{ client: TestClient; welcome: VisitorWelcome }> {
    const { client, welcome } = await TestClient.visitorHello(baseUrl, options);
    if (welcome.type !== 'welcome') throw new Error(`expected a welcome, got ${JSON.stringify(welcome)}`);
    return { client, welcome };
  }

  /** Connects with a session cookie and says hello as an agent; the server welcomes or refuses. */
  static async agentHello(baseUrl: string, cookie: string): Promise<{ client: TestClient; welcome: AgentWelcome | ErrorFrame }> {
    const client = await TestClient.connect(baseUrl, { cookie });
    client.send({ type: 'hello', v: PROTOCOL_VERSION, role: 'agent' });
    const welcome = await client.next((f): f is AgentWelcome | ErrorFrame => (f.type === 'welcome' && f.role === 'agent') || f.type === 'error');
    return { client, welcome };
  }

  /** An agent the server welcomes: a refusal fails the test here, with the error frame. */
  static async agent(baseUrl: string, cookie: string): Promise<{ client: TestClient; welcome: AgentWelcome }> {
    const { client, welcome } = await TestClient.agentHello(baseUrl, cookie);
    if (welcome.type !== 'welcome') throw new Error(`expected an agent welcome, got ${JSON.stringify(welcome)}`);
    return { client, welcome };
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /**
   * The first frame of `type` (already received or still to come) that passes `where` and has
   * not been taken, narrowed to that frame's type.
   */
  waitFor<T extends FrameType>(type: T, where: (f: FrameOf<T>) => boolean = () => true, timeoutMs = 5000): Promise<FrameOf<T>> {
    // NOTE: TypeScript does not narrow a union by a generic discriminant, hence the one cast here.
    return this.next((f): f is FrameOf<T> => f.type === type && where(f as FrameOf<T>), timeoutMs);
  }

  /** The first frame (already received or still to come) that matches and has not been taken. */
  next<F extends Frame>(match: (f: Frame) => f is F, timeoutMs?: number): Promise<F>;
  next(match: (f: Frame) => boolean, timeoutMs?: number): Promise<Frame>;
  next(match: (f: Frame) => boolean, timeoutMs = 5000): Promise<Frame> {
    const taken = this.frames.find(match);
    if (taken !== undefined) {
      this.frames.splice(this.frames.indexOf(taken), 1);
      return Promise.resolve(taken);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`timed out waiting for a frame; got: ${JSON.stringify(this.frames.map((f) => f.type))}`));
      }, timeoutMs);
      const waiter = {
        match,
        resolve: (f: Frame) => {
          clearTimeout(timer);
          const index = this.frames.indexOf(f);
          if (index !== -1) this.frames.splice(index, 1);
          resolve(f);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /**
   * Resolves once the server has handled everything this client sent before, and written
   * everything it queued for this client before that: frames are handled in order, and the
   * pong is queued after them.
   */
  async barrier(): Promise<void> {
    this.send({ type: 'ping' });
    await this.next((f) => f.type === 'pong');
  }

  waitClose(): Promise<number> {
    return this.closed;
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.close();
    await this.closed;
  }
}

export const isType =
  <T extends FrameType>(type: T) =>
  (f: Frame): f is FrameOf<T> =>
    f.type === type;
export const isVisitorWelcome = (f: Frame): f is VisitorWelcome => f.type === 'welcome' && f.role === 'visitor';
/** The error frame a command was refused with, by the frame type (or client id) it refers to. */
export const errorFor =
  (ref: string) =>
  (f: Frame): f is ErrorFrame =>
    f.type === 'error' && f.ref === ref;
export const messageFrom =
  (author: MessageNew['message']['author']) =>
  (f: Frame): f is MessageNew =>
    f.type === 'message.new' && f.message.author === author;
export const statusTo =
  (status: NonNullable<MessageNew['message']['event']>['to']) =>
  (f: Frame): f is MessageNew =>
    f.type === 'message.new' && f.message.event?.to === status;
