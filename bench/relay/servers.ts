import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Child } from './child';
import { asServerMemory, asServerProfiled, asServerReady, type Target } from './ipc';
import { type ProcSample, sampleProc } from './proc';

/** Where each system under test lives, and what it is called in tables. */
export const TARGETS: Record<Target, { file: string; label: string }> = {
  ponte: { file: 'ponte-server.ts', label: 'Ponte (full path)' },
  ws: { file: 'ws-forwarder.ts', label: 'bare ws forwarder' },
  socketio: { file: 'socketio-forwarder.ts', label: 'Socket.IO forwarder' },
};

export type RunningServer = {
  target: Target;
  url: string;
  pid: number;
  agentTokens: string[];
  child: Child;
  sample(): ProcSample;
  /** RSS after a full GC in the server (it runs with --expose-gc), from /proc. */
  settledRss(): Promise<number>;
  /** Open file descriptors: listening socket, connections, the database, stdio. */
  openFiles(): number;
  /** Starts a CPU profile in the server, or stops it and writes it to `file`. */
  profile(edge: 'start' | 'stop', file?: string): Promise<void>;
  stop(): Promise<void>;
};

/** Starts one server under test in its own process and waits until it listens. */
export async function startServer(target: Target, options: { agents?: number } = {}): Promise<RunningServer> {
  // NOTE: the data folder is on the machine's disk (os.tmpdir(); not tmpfs on the reference
  // machine), so Ponte's synchronous=FULL commits pay for a real fsync.
  const dataDir = target === 'ponte' ? mkdtempSync(join(tmpdir(), 'ponte-bench-')) : undefined;
  const child = new Child(TARGETS[target].file, {
    exposeGc: true,
    // For profiling the server under load, e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=prof".
    nodeArgs: (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== ''),
    env: { BENCH_AGENTS: String(options.agents ?? 0), ...(dataDir === undefined ? {} : { BENCH_DATA_DIR: dataDir }) },
  });
  let ready;
  try {
    ready = await child.next(asServerReady, `${target} to listen`, 60_000);
  } catch (error) {
    await child.stop();
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const pid = child.pid;
  return {
    target,
    url: `http://127.0.0.1:${ready.port}`,
    pid,
    agentTokens: ready.agentTokens,
    child,
    sample: () => sampleProc(pid),
    async settledRss() {
      const memory = child.next(asServerMemory, `${target} memory`, 30_000);
      child.send({ type: 'measure' });
      await memory;
      return sampleProc(pid).rssBytes;
    },
    openFiles: () => readdirSync(`/proc/${pid}/fd`).length,
    async profile(edge, file) {
      const done = child.next((raw) => (asServerProfiled(raw)?.edge === edge ? true : undefined), `${target} profile ${edge}`, 60_000);
      child.send(edge === 'start' ? { type: 'profile', edge } : { type: 'profile', edge, file });
      await done;
    },
    async stop() {
      await child.stop();
      if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
