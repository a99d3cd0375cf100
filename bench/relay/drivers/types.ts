/**
 * What the load generator needs from each system under test: pairs of one visitor and one agent
 * connection that can send each other chat text, and a pool of idle visitor connections. One
 * driver per system (Ponte's protocol, the bare-ws forwarder, the Socket.IO forwarder), so the
 * same schedule and the same clock drive all three.
 */
export type Direction = 'visitorToAgent' | 'agentToVisitor';

export type Sink = {
  /** A chat message reached the other side of conversation `conversation`. */
  delivered(conversation: number, direction: Direction, text: string): void;
  /** Something a user would notice: an error frame, a dropped socket, a failed connect. */
  error(kind: string): void;
};

export type Conversation = { fromVisitor(text: string): void; fromAgent(text: string): void };

export type PairOptions = {
  url: string;
  count: number;
  /** Agent connections: conversation i belongs to agent i % agents. */
  agents: number;
  /** Ponte only: one session token per agent. */
  agentTokens: readonly string[];
  concurrency: number;
};

export type Pairs = { conversations: Conversation[]; connections: number; close(): Promise<void> };

export type IdlePool = {
  /** Opens `count` more visitor connections; resolves with how many could not be opened. */
  add(count: number): Promise<number>;
  open(): number;
  close(): Promise<void>;
};

export type Driver = {
  pairs(options: PairOptions, sink: Sink): Promise<Pairs>;
  idle(options: { url: string; concurrency: number }, sink: Pick<Sink, 'error'>): IdlePool;
};

/** Runs `work(0..count-1)` with at most `concurrency` at a time; failures go to `onError`. */
export async function pool(count: number, concurrency: number, work: (index: number) => Promise<void>, onError: (error: unknown) => void): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      try {
        await work(index);
      } catch (error) {
        onError(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

export function errorKind(error: unknown): string {
  if (error instanceof Error) return `connect:${(error as NodeJS.ErrnoException).code ?? error.message.slice(0, 60)}`;
  return `connect:${String(error).slice(0, 60)}`;
}

/**
 * The idle pool every driver shares: opens visitor connections `concurrency` at a time, counts
 * failures (reported to `sink`), and closes them all. Only how one socket is opened, checked and
 * closed differs per target; `isClosing` lets the opener's watchers tell a planned close from a drop.
 */
export function idlePool<S>(
  options: { concurrency: number },
  sink: Pick<Sink, 'error'>,
  socket: { open(index: number, isClosing: () => boolean): Promise<S>; isOpen(s: S): boolean; closeAll(all: S[]): Promise<void> },
): IdlePool {
  const sockets: S[] = [];
  let closing = false;
  const isClosing = () => closing;
  return {
    async add(count) {
      let failed = 0;
      const start = sockets.length;
      await pool(
        count,
        options.concurrency,
        async (offset) => {
          sockets.push(await socket.open(start + offset, isClosing));
        },
        (error) => {
          failed += 1;
          sink.error(errorKind(error));
        },
      );
      return failed;
    },
    open: () => sockets.filter((s) => socket.isOpen(s)).length,
    close: () => {
      closing = true;
      return socket.closeAll(sockets);
    },
  };
}
