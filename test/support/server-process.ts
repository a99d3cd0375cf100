import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

/** A port that was free a moment ago, so a restarted server can come back on the same one. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** Runs `test/support/serve.ts` in a child process on a fixed port and data folder. */
export class ServerProcess {
  private child: ChildProcess | undefined;
  output = '';

  constructor(
    readonly port: number,
    readonly dataDir: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    // Only this run's output counts: a READY left from the previous run must not pass for this one.
    this.output = '';
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/serve.ts'], {
      cwd: root,
      env: { ...process.env, PORT: String(this.port), DATA_DIR: this.dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    await new Promise<void>((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`server did not start:\n${this.output}`)), 20_000);
      child.stdout?.on('data', (chunk: Buffer) => {
        this.output += chunk.toString();
        if (this.output.includes('READY')) {
          clearTimeout(timer);
          done();
        }
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        this.output += chunk.toString();
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`server exited (${code}) before it was ready:\n${this.output}`));
      });
    });
  }

  /** Kills the process without warning, as a crash or an OOM killer would. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
    const child = this.child;
    if (child === undefined || child.exitCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    child.kill(signal);
    this.child = undefined;
    return exited;
  }
}
