import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

/**
 * Messages between `npm run bench` and its child processes (servers under test and the load
 * generator), over Node's IPC channel. Each side checks what it receives: a child that prints or
 * sends something unexpected fails the run loudly instead of skewing a number.
 */

/** Server child → parent: listening on `port`; for Ponte, the session tokens of the seeded agents. */
export type ServerReady = { type: 'ready'; port: number; agentTokens: string[] };
/** Server child → parent, answering `measure`: memory after a full GC (when --expose-gc). */
export type ServerMemory = { type: 'memory'; heapUsedBytes: number; rssBytes: number };
/** Parent → server child: measure memory, or start/stop a CPU profile (BENCH_PROFILE_DIR). */
export type ServerRequest = { type: 'measure' } | { type: 'profile'; edge: 'start' } | { type: 'profile'; edge: 'stop'; file: string };
/** Server child → parent: a profile was started, or written to `file`. */
export type ServerProfiled = { type: 'profiled'; edge: 'start' | 'stop' };

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function asServerReady(value: unknown): ServerReady | undefined {
  if (!isRecord(value) || value.type !== 'ready' || typeof value.port !== 'number') return undefined;
  const tokens = value.agentTokens;
  if (!Array.isArray(tokens) || !tokens.every((token) => typeof token === 'string')) return undefined;
  return { type: 'ready', port: value.port, agentTokens: tokens };
}

export function asServerMemory(value: unknown): ServerMemory | undefined {
  if (!isRecord(value) || value.type !== 'memory') return undefined;
  const { heapUsedBytes, rssBytes } = value;
  if (typeof heapUsedBytes !== 'number' || typeof rssBytes !== 'number') return undefined;
  return { type: 'memory', heapUsedBytes, rssBytes };
}

export function asServerProfiled(value: unknown): ServerProfiled | undefined {
  if (!isRecord(value) || value.type !== 'profiled' || (value.edge !== 'start' && value.edge !== 'stop')) return undefined;
  return { type: 'profiled', edge: value.edge };
}

/**
 * The server child's side of the parent's requests. `measure`: a full GC first when the process
 * runs with --expose-gc, so the heap number is what is live, not what waits for collection.
 * `profile`: a V8 CPU profile of exactly one phase, written as a .cpuprofile file (open it in
 * Chrome DevTools or speedscope).
 */
export function answerRequests(): void {
  let session: Session | undefined;
  const post = <T>(method: string): Promise<T> =>
    new Promise((resolve, reject) => {
      if (session === undefined) return reject(new Error('no inspector session'));
      session.post(method, (error, result) => (error === null ? resolve(result as T) : reject(error)));
    });
  process.on('message', (message: unknown) => {
    if (isRecord(message) && message.type === 'measure') {
      const gc = (globalThis as { gc?: () => void }).gc;
      gc?.();
      const usage = process.memoryUsage();
      sendToParent({ type: 'memory', heapUsedBytes: usage.heapUsed, rssBytes: usage.rss });
      return;
    }
    if (isRecord(message) && message.type === 'profile' && message.edge === 'start') {
      session = new Session();
      session.connect();
      post('Profiler.enable')
        .then(() => post('Profiler.start'))
        .then(() => sendToParent({ type: 'profiled', edge: 'start' }));
      return;
    }
    if (isRecord(message) && message.type === 'profile' && message.edge === 'stop' && typeof message.file === 'string') {
      const file = message.file;
      post<{ profile: unknown }>('Profiler.stop').then(({ profile }) => {
        writeFileSync(file, JSON.stringify(profile));
        session?.disconnect();
        session = undefined;
        sendToParent({ type: 'profiled', edge: 'stop' });
      });
      return;
    }
    throw new Error(`unexpected message from the bench: ${JSON.stringify(message)}`);
  });
}

export function sendToParent(message: ServerReady | ServerMemory | ServerProfiled | LoadMessage): void {
  if (process.send === undefined) throw new Error('run this file through the bench (it needs an IPC channel)');
  process.send(message);
}

// ---------------------------------------------------------------- load generator

export const Targets = ['ponte', 'ws', 'socketio'] as const;
export type Target = (typeof Targets)[number];

export type LoadConfig = {
  target: Target;
  /** http://127.0.0.1:<port> */
  url: string;
  conversations: number;
  /** Agent connections; for Ponte, one session token each. */
  agentTokens: string[];
  agents: number;
  /** Connections being set up at once. */
  concurrency: number;
  payloadBytes: number;
  /** Open loop: this many messages per second in total, half each way, spread over conversations. */
  steady: { ratePerSecond: number; ms: number };
  /** Closed loop: each side of each conversation keeps `window` messages in flight. */
  saturate: { window: number; ms: number; warmupMs: number };
  /** After a phase, messages still in flight count as lost once nothing has arrived for this long. */
  drainMs: number;
};

export type IdleConfig = { target: Target; url: string; steps: number[]; concurrency: number; holdMs: number };

export type LatencyStats = { count: number; p50: number; p99: number; max: number };

export type PhaseResult = {
  phase: 'steady' | 'saturate';
  ms: number;
  sent: number;
  delivered: number;
  /** Delivered per second inside the measuring window (saturate: after the warm-up). */
  deliveredPerSecond: number;
  visitorToAgent: LatencyStats;
  agentToVisitor: LatencyStats;
  /** Sent in this phase and not delivered by the end of the drain. */
  lost: number;
  loadCpuPercent: number;
};

export type LoadResult = {
  setupMs: number;
  connections: number;
  phases: PhaseResult[];
  /** Error frames, unexpected closes and socket errors, by kind. */
  errors: Record<string, number>;
};

export type IdleStep = { connections: number; failed: number; connectMs: number };
export type IdleResult = { steps: IdleStep[]; closedWhileHolding: number; errors: Record<string, number> };

/** Load child → parent. Phase edges let the parent sample the server exactly around each phase. */
export type LoadMessage =
  | { type: 'phase'; phase: 'setup' | 'steady' | 'saturate'; edge: 'start' | 'end' }
  | { type: 'result'; result: LoadResult }
  | { type: 'holding'; step: IdleStep }
  | { type: 'idle-result'; result: IdleResult }
  | { type: 'failed'; message: string };

/** Parent → load child. */
export type LoadRequest = { type: 'load'; config: LoadConfig } | { type: 'idle'; config: IdleConfig } | { type: 'continue' };

export function asLoadMessage(value: unknown): LoadMessage | undefined {
  if (!isRecord(value)) return undefined;
  // NOTE: the load child is our own code, built from the same types; the check is on the
  // discriminant and the fields the parent branches on, the rest is carried as the child sent it.
  switch (value.type) {
    case 'phase':
      return typeof value.phase === 'string' && typeof value.edge === 'string' ? (value as LoadMessage) : undefined;
    case 'result':
    case 'idle-result':
      return isRecord(value.result) ? (value as LoadMessage) : undefined;
    case 'holding':
      return isRecord(value.step) ? (value as LoadMessage) : undefined;
    case 'failed':
      return typeof value.message === 'string' ? (value as LoadMessage) : undefined;
    default:
      return undefined;
  }
}

export function asLoadRequest(value: unknown): LoadRequest | undefined {
  if (!isRecord(value)) return undefined;
  if (value.type === 'continue') return { type: 'continue' };
  if ((value.type === 'load' || value.type === 'idle') && isRecord(value.config)) return value as LoadRequest;
  return undefined;
}
