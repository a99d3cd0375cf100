import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

/**
 * A TypeScript file run as its own Node process (through tsx) with an IPC channel: a server
 * under test or the load generator. Keeps the tail of its output for error messages, and counts
 * what it writes to stderr (Ponte logs dropped clients and failures there).
 */
export class Child {
  private readonly process: ChildProcess;
  private output = '';
  private readonly listeners = new Set<(message: unknown) => void>();
  private readonly exited: Promise<number | null>;
  stderrLines = 0;

  constructor(file: string, options: { env?: Record<string, string>; exposeGc?: boolean; nodeArgs?: readonly string[] } = {}) {
    const args = [
      '--import',
      'tsx',
      ...(options.exposeGc === true ? ['--expose-gc'] : []),
      ...(options.nodeArgs ?? []),
      resolve(import.meta.dirname, file),
    ];
    this.process = spawn(process.execPath, args, {
      cwd: root,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-8_000);
    };
    this.process.stdout?.on('data', keep);
    this.process.stderr?.on('data', (chunk: Buffer) => {
      keep(chunk);
      this.stderrLines += chunk.toString().split('\n').filter((line) => line.trim() !== '').length;
    });
    this.process.on('message', (message: unknown) => {
      for (const listener of [...this.listeners]) listener(message);
    });
    this.exited = new Promise((done) => this.process.once('exit', (code) => done(code)));
  }

  get pid(): number {
    const pid = this.process.pid;
    if (pid === undefined) throw new Error(`child did not start:\n${this.output}`);
    return pid;
  }

  send(message: unknown): void {
    this.process.send(message as Parameters<ChildProcess['send']>[0]);
  }

  /** Every message from now on, until the returned disposer is called. */
  onMessage(listener: (message: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The next message `parse` accepts; fails on timeout or if the child exits first. */
  next<T>(parse: (message: unknown) => T | undefined, what: string, timeoutMs: number): Promise<T> {
    return new Promise((resolvePromise, reject) => {
      const timer = setTimeout(() => {
        dispose();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; output:\n${this.tail()}`));
      }, timeoutMs);
      const dispose = this.onMessage((message) => {
        const parsed = parse(message);
        if (parsed === undefined) return;
        clearTimeout(timer);
        dispose();
        resolvePromise(parsed);
      });
      this.exited.then((code) => {
        clearTimeout(timer);
        dispose();
        reject(new Error(`child exited (${code}) while waiting for ${what}; output:\n${this.tail()}`));
      });
    });
  }

  tail(): string {
    return this.output.trim().split('\n').slice(-30).join('\n');
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 5_000): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  waitExit(): Promise<number | null> {
    return this.exited;
  }
}
