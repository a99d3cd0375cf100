import type { ServerProcess } from '../support/server-process';
import { type FuzzCase, type Lane, type Outcome, emptyOutcome } from './fuzz-case';
import type { FuzzContext } from './frames';
import { Rng } from './random';
import type { Witness } from './witness';

export type RunOptions = {
  seed: number;
  seconds: number;
  lanes: Lane[];
  /** Restarts allowed after crashes (triage included) before the run gives up. */
  maxRestarts: number;
  /** Time allowed after the run for cutting failing inputs down. */
  shrinkSeconds: number;
  /** Run only these cases, one by one (FUZZ_REPLAY=lane:index,…), instead of fuzzing for `seconds`. */
  replay: Array<{ lane: string; index: number }>;
};

/** One distinct failure; `seen` has when each occurrence ended (cases cut short by a crash are taken out). */
type Finding = { kind: string; where: string; c: FuzzCase; seen: number[]; minimal?: string };
type Crash = { how: string; serverSaid: string; culprit: string | undefined; suspects: string[] };
type Started = { lane: Lane; index: number; at: number; refused?: boolean };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
const kindOf = (problem: string) => problem.slice(0, 160);
const caseName = (started: { lane: Lane; index: number }) => `${started.lane.name}#${started.index}`;

/** Pauses the lanes while the monitor restarts the server. */
class Gate {
  private opened: Promise<void> = Promise.resolve();
  private release: (() => void) | undefined;
  close(): void {
    this.opened = new Promise((done) => {
      this.release = done;
    });
  }
  open(): void {
    this.release?.();
    this.release = undefined;
  }
  wait(): Promise<void> {
    return this.opened;
  }
}

/** The thrown error in the dying process's output: the line that names it, and a little stack. */
function deathNote(output: string): string {
  const lines = output.split('\n');
  const at = lines.findIndex((line) => /^\s*(\w*Error|Error)\b.*|uncaught/i.test(line) && !line.startsWith('['));
  return (at === -1 ? lines.slice(-8) : lines.slice(at, at + 6)).join('\n').slice(0, 1500);
}

function reproduces(outcome: Outcome, kind: string): boolean {
  if (kind.startsWith('HTTP ')) return outcome.statuses.includes(Number(kind.slice(5)));
  if (kind === 'no answer to a well-formed request') return outcome.hung;
  return outcome.problems.some((problem) => kindOf(problem) === kind);
}

/**
 * One fuzz run: lanes of workers throwing cases at the server, a monitor that notices when it
 * dies or hangs, finds the case that did it by replaying recent ones alone against a restarted
 * server, and lets the run go on; then failing inputs are cut down.
 */
export class FuzzRun {
  readonly findings = new Map<string, Finding>();
  readonly crashes: Crash[] = [];
  /** Server log lines that mean it hit an error of its own, across restarts. */
  readonly serverErrors: string[] = [];
  private readonly statusCounts = new Map<string, number>();
  private readonly noteCounts = new Map<string, number>();
  private readonly caseCounts = new Map<string, number>();
  private stopped = false;
  private readonly gate = new Gate();
  private down = false;
  private restarts = 0;
  private readonly next = new Map<string, number>();
  private readonly recent: Started[] = [];
  private poke: () => void = () => undefined;
  private firstRefusedAt: number | undefined;
  /** Cases started before this straddled a restart: what they saw says nothing about their input. */
  private resumedAt = 0;
  private replayDone: boolean;
  private readonly deadline: number;

  constructor(
    private readonly server: ServerProcess,
    private readonly ctx: FuzzContext,
    private readonly options: RunOptions,
  ) {
    this.replayDone = options.replay.length === 0;
    this.deadline = Date.now() + options.seconds * 1000;
  }

  /** True once the run is over: time is up, the replay list is done, or `stop()` was called. */
  readonly done = (): boolean => this.stopped || (this.options.replay.length === 0 ? Date.now() > this.deadline : this.replayDone);

  stop(): void {
    this.stopped = true;
    this.poke();
    this.gate.open();
  }

  async health(): Promise<'ok' | string> {
    try {
      const res = await fetch(`${this.server.url}/healthz`, { signal: AbortSignal.timeout(3000) });
      await res.arrayBuffer();
      return res.status === 200 ? 'ok' : `status ${res.status}`;
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return cause ?? (error instanceof Error ? error.name : String(error));
    }
  }

  collectServerErrors(output: string): void {
    for (const line of output.split('\n')) {
      if (/unexpected error|uncaught|unhandled|turn failed|lookup failed|session re-check failed/i.test(line)) this.serverErrors.push(line.slice(0, 300));
    }
  }

  /** Runs the lanes (or the replay list) while the witnesses chat, then shrinks what failed. */
  async run(witnesses: Witness[]): Promise<void> {
    const witnessRuns = witnesses.map((witness, i) => witness.run(Rng.for(this.options.seed, 'witness', i), this.done));
    const monitoring = this.monitor();
    try {
      await (this.options.replay.length > 0
        ? this.replay()
        : Promise.all(this.options.lanes.flatMap((lane) => Array.from({ length: lane.workers }, () => this.worker(lane)))));
    } finally {
      // Also on a throw: nothing of this run may go on fuzzing into afterAll.
      this.stop();
      await Promise.allSettled([monitoring, ...witnessRuns]);
    }
    await this.shrink(this.options.shrinkSeconds * 1000);
    this.collectServerErrors(this.server.output);
  }

  private makeCase(lane: Lane, index: number): FuzzCase {
    return lane.make(Rng.for(this.options.seed, lane.name, index), this.ctx);
  }

  private async runCase(lane: Lane, index: number): Promise<{ c: FuzzCase; outcome: Outcome }> {
    let c: FuzzCase = { summary: '(not generated)', detail: '', run: async () => emptyOutcome() };
    try {
      c = this.makeCase(lane, index);
      return { c, outcome: await c.run() };
    } catch (error) {
      // A case that throws is a bug in this suite; reported like a finding so it cannot hide.
      return { c, outcome: { ...emptyOutcome(), problems: [`fuzz harness error in ${lane.name}#${index}: ${error instanceof Error ? error.stack : String(error)}`] } };
    }
  }

  private judge(lane: Lane, index: number, c: FuzzCase, outcome: Outcome): void {
    bump(this.caseCounts, lane.name);
    for (const status of outcome.statuses) bump(this.statusCounts, `${lane.name} ${status}`);
    for (const note of outcome.notes) bump(this.noteCounts, `${lane.name} ${note}`);
    const found = (kind: string, key: string) => {
      const existing = this.findings.get(key);
      if (existing === undefined) this.findings.set(key, { kind, where: `${lane.name}#${index}`, c, seen: [Date.now()] });
      else existing.seen.push(Date.now());
    };
    // 5xx are told apart by route; problems by their text with quoted values and numbers taken out.
    const route = c.summary.split(' ').slice(0, 2).join(' ').replace(/\?.*/, '');
    for (const status of outcome.statuses.filter((s) => s >= 500)) found(`HTTP ${status}`, `${lane.name}: HTTP ${status} ${route}`);
    if (outcome.hung) found('no answer to a well-formed request', `${lane.name}: no answer ${route}`);
    for (const problem of outcome.problems) found(kindOf(problem), `${lane.name}: ${kindOf(problem).replace(/"[^"]{20,}"/g, '"…"').replace(/\d+/g, '#')}`);
  }

  /** What cases saw while the server was dying (a stream cut off, a reset) is the crash's, not theirs. */
  private forgetFindingsAfter(at: number): void {
    for (const [key, finding] of this.findings) {
      finding.seen = finding.seen.filter((t) => t < at);
      if (finding.seen.length === 0) this.findings.delete(key);
    }
  }

  private async worker(lane: Lane): Promise<void> {
    while (!this.done()) {
      await this.gate.wait();
      if (this.done()) return;
      const index = this.next.get(lane.name) ?? 0;
      this.next.set(lane.name, index + 1);
      const started: Started = { lane, index, at: Date.now() };
      this.recent.push(started);
      if (this.recent.length > 1000) this.recent.splice(0, this.recent.length - 1000);
      const { c, outcome } = await this.runCase(lane, index);
      // While the server restarts, answers are the restart's, not the input's.
      if (this.down || started.at < this.resumedAt) continue;
      if (outcome.refused) {
        started.refused = true;
        this.firstRefusedAt ??= started.at;
        this.poke();
        // Wait for the monitor's verdict instead of spinning through cases nobody receives.
        await sleep(300);
        continue;
      }
      this.judge(lane, index, c, outcome);
    }
  }

  private async replay(): Promise<void> {
    for (const { lane: name, index } of this.options.replay) {
      const lane = this.options.lanes.find((l) => l.name === name);
      if (lane === undefined) throw new Error(`FUZZ_REPLAY: no lane "${name}" (lanes: ${this.options.lanes.map((l) => l.name).join(', ')})`);
      this.recent.push({ lane, index, at: Date.now() });
      const { c, outcome } = await this.runCase(lane, index);
      console.log(`[fuzz] replayed ${name}#${index}: ${c.summary}\n${c.detail}\n→ ${JSON.stringify(outcome)}`);
      this.judge(lane, index, c, outcome);
      await sleep(300);
      const state = await this.health();
      if (state !== 'ok') await this.recover(state);
    }
    this.replayDone = true;
  }

  private async monitor(): Promise<void> {
    while (!this.done()) {
      await Promise.race([sleep(250), new Promise<void>((r) => (this.poke = r))]);
      if (this.down) continue;
      let state = await this.health();
      if (state !== 'ok') {
        await sleep(200);
        state = await this.health();
      }
      if (state === 'ok' || this.done()) continue;
      await this.recover(state).catch((error: unknown) => {
        // No server to fuzz any more: end the run and say why, rather than hang the lanes.
        this.crashes.push({ how: `could not restart the server: ${String(error)}`, serverSaid: this.server.output.slice(-1500), culprit: undefined, suspects: [] });
        this.down = false;
        this.stop();
      });
    }
  }

  /** The server died or hung: find the case that did it (replayed alone), restart, go on. */
  private async recover(reason: string): Promise<void> {
    this.gate.close();
    this.down = true;
    // The first refused connection is the best guess of when it died: cases started after it are
    // innocent, and whatever broke in cases still running then broke because of the crash.
    const detectedAt = Date.now();
    const diedBy = this.firstRefusedAt ?? detectedAt;
    this.forgetFindingsAfter(Math.max(diedBy - 200, this.resumedAt));
    const output = this.server.output;
    const exitCode = await this.server.kill('SIGKILL');
    this.collectServerErrors(output);
    // Most recent first; a refused case never reached the server, so it cannot have killed it.
    const suspects = this.recent.filter((s) => s.at > diedBy - 4000 && s.at <= detectedAt && s.refused !== true).reverse().slice(0, 25);
    const crash: Crash = {
      how: exitCode === null ? `stopped answering /healthz (${reason}); killed it` : `the process exited with code ${exitCode} (/healthz: ${reason})`,
      serverSaid: deathNote(output),
      culprit: undefined,
      suspects: suspects.map(caseName),
    };
    this.crashes.push(crash);
    this.restarts += 1;
    await this.server.start();
    const headline = (c: Crash) => c.serverSaid.split('\n')[0];
    if (this.crashes.slice(0, -1).some((c) => headline(c) === headline(crash) && c.culprit !== undefined)) {
      crash.culprit = 'the same death as an earlier crash (its input is above); not triaged again';
    } else if (this.restarts <= this.options.maxRestarts) {
      for (const suspect of suspects) {
        await this.runCase(suspect.lane, suspect.index);
        await sleep(300);
        if ((await this.health()) === 'ok') continue;
        const c = this.makeCase(suspect.lane, suspect.index);
        crash.culprit = `${caseName(suspect)}: ${c.summary}\n${c.detail}`;
        this.collectServerErrors(this.server.output);
        await this.server.kill('SIGKILL');
        this.restarts += 1;
        await this.server.start();
        break;
      }
    }
    if (this.restarts > this.options.maxRestarts) this.stopped = true;
    this.recent.length = 0;
    this.firstRefusedAt = undefined;
    this.resumedAt = Date.now();
    this.down = false;
    this.gate.open();
  }

  /** Tries each failure's smaller cases (one frame after the hello) and keeps the first that fails alike. */
  private async shrink(budgetMs: number): Promise<void> {
    const deadline = Date.now() + budgetMs;
    for (const finding of this.findings.values()) {
      for (const candidate of finding.c.smaller?.() ?? []) {
        if (Date.now() > deadline) return;
        if (!reproduces(await candidate.run().catch(() => emptyOutcome()), finding.kind)) continue;
        finding.minimal = `${candidate.summary}\n  ${candidate.detail.slice(0, 1500)}`;
        break;
      }
    }
  }

  describeCrashes(): string[] {
    return this.crashes.map((crash) => {
      const culprit = crash.culprit ?? `not reproduced alone; cases running then: ${crash.suspects.join(', ')}`;
      return `${crash.how}\nserver said:\n${crash.serverSaid}\ninput: ${culprit}`;
    });
  }

  /** One paragraph per distinct failure: what, how often, the first input, and the smallest that fails alike. */
  describeFindings(): string[] {
    return [...this.findings.values()].map((f) => {
      const [lane, index] = f.where.split('#');
      const replay = `FUZZ_SEED=${this.options.seed} FUZZ_REPLAY=${lane}:${index}`;
      const minimal = f.minimal === undefined ? '' : `\n  smallest input that fails alike: ${f.minimal}`;
      return `${f.kind} (×${f.seen.length}; ${replay})\n  first input ${f.where}: ${f.c.summary}\n  ${f.c.detail.slice(0, 1500)}${minimal}`;
    });
  }

  summary(witnesses: Witness[]): string {
    const sorted = (map: Map<string, number>) =>
      [...map.entries()]
        .sort((a, b) => a[0].localeCompare(b[0]))
        .map(([k, v]) => `  ${k}: ${v}`)
        .join('\n');
    const acks = witnesses.map((w) => `${w.name} ${w.acks.size} acked${w.refused.size > 0 ? ` (${w.refused.size} refused as invalid)` : ''}, ${w.reconnects} reconnects, ${w.probes} resend probes`);
    const list = (items: string[], sep = '\n') => (items.length === 0 ? 'none' : `\n${items.join(sep)}`);
    return [
      `[fuzz] seed ${this.options.seed}: ${[...this.caseCounts.entries()].map(([lane, n]) => `${lane} ${n}`).join(', ')} cases`,
      `[fuzz] witnesses: ${acks.join('; ')}`,
      `[fuzz] statuses:\n${sorted(this.statusCounts)}`,
      `[fuzz] socket outcomes:\n${sorted(this.noteCounts)}`,
      `[fuzz] crashes: ${list(this.describeCrashes(), '\n---\n')}`,
      `[fuzz] failures: ${list(this.describeFindings())}`,
      `[fuzz] server errors logged: ${list(this.serverErrors.slice(0, 20))}`,
    ].join('\n');
  }
}
