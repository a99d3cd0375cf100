import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '../../protocol/codes';

export type Frame = { type: string; [key: string]: unknown };

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

  /** Connects and says hello as a visitor of the test shop. */
  static async visitor(
    baseUrl: string,
    options: { token?: string; locale?: string; hostOrigin?: string; siteKey?: string } = {},
  ): Promise<{ client: TestClient; welcome: Frame }> {
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
    const welcome = await client.next((f) => f.type === 'welcome' || f.type === 'error');
    return { client, welcome };
  }

  static async agent(baseUrl: string, cookie: string): Promise<{ client: TestClient; welcome: Frame }> {
    const client = await TestClient.connect(baseUrl, { cookie });
    client.send({ type: 'hello', v: PROTOCOL_VERSION, role: 'agent' });
    const welcome = await client.next((f) => f.type === 'welcome' || f.type === 'error');
    return { client, welcome };
  }

  send(frame: unknown): void {
    this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The first frame (already received or still to come) that matches and has not been taken. */
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

export const isType = (type: string) => (f: Frame) => f.type === type;
export const messageFrom = (author: string) => (f: Frame) =>
  f.type === 'message.new' && (f.message as { author: string }).author === author;
export const statusTo = (status: string) => (f: Frame) =>
  f.type === 'message.new' && (f.message as { event?: { to: string } }).event?.to === status;
