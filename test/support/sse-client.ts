import type { Frame } from './client';

/**
 * A real client of the fallback transport: an SSE stream read with fetch, frames POSTed back.
 * Parses the event stream by hand so the test sees exactly what a browser would.
 */
export class SseClient {
  readonly frames: Frame[] = [];
  streamId: string | undefined;
  closeEvent: { code: number; reason: string } | undefined;
  ended = false;
  error: unknown;
  private readonly waiters: Array<() => void> = [];
  private readonly abort = new AbortController();

  private constructor(
    readonly baseUrl: string,
    /** When set, frames go here instead of into `frames`. */
    private readonly onFrame?: (frame: Frame) => void,
  ) {}

  static async open(
    baseUrl: string,
    hello: unknown,
    options: { headers?: Record<string, string>; onFrame?: (frame: Frame) => void } = {},
  ): Promise<SseClient> {
    const client = new SseClient(baseUrl, options.onFrame);
    const headers = options.headers ?? {};
    const res = await fetch(`${baseUrl}/api/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(hello),
      signal: client.abort.signal,
    });
    if (res.status !== 200 || res.body === null) throw new Error(`stream open failed: ${res.status} ${await res.text()}`);
    void client.read(res.body);
    await client.until(() => client.streamId !== undefined);
    return client;
  }

  private async read(body: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      const reader = body.getReader();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        buffer += decoder.decode(chunk.value, { stream: true });
        let split = buffer.indexOf('\n\n');
        while (split !== -1) {
          this.onEvent(buffer.slice(0, split));
          buffer = buffer.slice(split + 2);
          split = buffer.indexOf('\n\n');
        }
      }
    } catch (error) {
      // The server going away mid-stream (killed, restarted) is an event under test, not a
      // test failure: record it and let the caller see `ended`.
      if (!this.abort.signal.aborted) this.error = error;
    } finally {
      this.ended = true;
      this.notify();
    }
  }

  private onEvent(block: string): void {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      if (line.startsWith('event: ')) event = line.slice(7);
      if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    if (data.length === 0) return;
    const payload = JSON.parse(data.join('\n')) as Record<string, unknown>;
    if (event === 'stream') this.streamId = String(payload.streamId);
    else if (event === 'close') this.closeEvent = payload as { code: number; reason: string };
    else if (this.onFrame !== undefined) this.onFrame(payload as Frame);
    else this.frames.push(payload as Frame);
    this.notify();
  }

  private notify(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  async until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline || this.ended) {
        if (condition()) return;
        throw new Error(`SSE: condition not met; frames: ${JSON.stringify(this.frames.map((f) => f.type))}`);
      }
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  /** The first frame that matches and has not been taken, narrowed when `match` is a type guard. */
  async next<F extends Frame>(match: (f: Frame) => f is F): Promise<F>;
  async next(match: (f: Frame) => boolean): Promise<Frame>;
  async next(match: (f: Frame) => boolean): Promise<Frame> {
    await this.until(() => this.frames.some(match));
    const index = this.frames.findIndex(match);
    const [frame] = this.frames.splice(index, 1);
    if (frame === undefined) throw new Error('a frame matched, then went missing');
    return frame;
  }

  post(frame: unknown, streamId = this.streamId): Promise<Response> {
    return fetch(`${this.baseUrl}/api/stream/${streamId ?? ''}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: typeof frame === 'string' ? frame : JSON.stringify(frame),
    });
  }

  close(): void {
    this.abort.abort();
  }
}
