import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/client';
import { ServerProcess, freePort } from '../support/server-process';
import { type FuzzCase, type Lane, type Outcome, emptyOutcome } from './fuzz-case';
import type { FuzzContext } from './frames';
import { httpLane, sseLane } from './http-cases';
import { Rng } from './random';
import { Witness } from './witness';
import { rawLane, wsLane } from './ws-cases';

/**
 * Seeded fuzzing of the real server process. For FUZZ_SECONDS (default 15, about 20 s in all)
 * four lanes throw inputs at it — mutated frames over WebSocket and the SSE fallback, malformed
 * HTTP written byte by byte, raw TCP garbage and broken WebSocket upgrades — while three witness
 * visitors chat. Afterwards: the process never died or hung, nothing answered 5xx or `internal`,
 * every witness message was acknowledged, and the stored transcripts match the acks.
 *
 * Case N of a lane is generated from (FUZZ_SEED, lane, N) alone, so a report's `http#123` comes
 * back with FUZZ_SEED=<seed> FUZZ_REPLAY=http:123. When the server dies, the recent cases are
 * replayed one by one against a restarted server to find the one that kills it, and the run goes
 * on (at most FUZZ_MAX_RESTARTS times) to find what else there is.
 */
const SECONDS = Number(process.env.FUZZ_SECONDS ?? 15);
const SEED = process.env.FUZZ_SEED === 'random' ? Math.floor(Math.random() * 2 ** 32) : Number(process.env.FUZZ_SEED ?? 20261203);
const MAX_RESTARTS = Number(process.env.FUZZ_MAX_RESTARTS ?? 4);
const REPLAY = (process.env.FUZZ_REPLAY ?? '')
  .split(',')
  .filter(Boolean)
  .map((entry) => {
    const [lane, index] = entry.split(':');
    return { lane: lane ?? '', index: Number(index) };
  });
const LANES: Lane[] = [httpLane, sseLane, wsLane, rawLane];
/** serve.ts's admin. */
const ADMIN = { email: 'admin@example.com', password: 'test-admin-password' };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Finding = { kind: string; where: string; summary: string; detail: string };
type Crash = { how: string; serverSaid: string; culprit: string | undefined; suspects: string[] };
type Started = { lane: Lane; index: number; at: number };

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

let server: ServerProcess;
let dataDir: string;
let ctx: FuzzContext;
const witnesses: Witness[] = [];
const poolClients: TestClient[] = [];
const findings: Finding[] = [];
const crashes: Crash[] = [];
const statusCounts = new Map<string, number>();
const noteCounts = new Map<string, number>();
const caseCounts = new Map<string, number>();
/** Server log lines that mean it hit an error of its own, across restarts. */
const serverErrors: string[] = [];
let ran = false;
let finalHealth = 'not checked';

async function login(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

async function health(): Promise<'ok' | string> {
  try {
    const res = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(3000) });
    await res.arrayBuffer();
    return res.status === 200 ? 'ok' : `status ${res.status}`;
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return cause ?? (error instanceof Error ? error.name : String(error));
  }
}

const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);

function collectServerErrors(output: string): void {
  for (const line of output.split('\n')) {
    if (/unexpected error|uncaught|unhandled|turn failed|lookup failed|session re-check failed/i.test(line)) serverErrors.push(line.slice(0, 300));
  }
}

/** The thrown error in the dying process's output: the line that names it, and a little stack. */
function deathNote(output: string): string {
  const lines = output.split('\n');
  const at = lines.findIndex((line) => /^\s*(\w*Error|Error)\b.*|uncaught/i.test(line) && !line.startsWith('['));
  return (at === -1 ? lines.slice(-8) : lines.slice(at, at + 6)).join('\n').slice(0, 1500);
}

const caseName = (started: { lane: Lane; index: number }) => `${started.lane.name}#${started.index}`;
const makeCase = (lane: Lane, index: number): FuzzCase => lane.make(Rng.for(SEED, lane.name, index), ctx);

function judge(lane: Lane, index: number, c: FuzzCase, outcome: Outcome): void {
  bump(caseCounts, lane.name);
  for (const status of outcome.statuses) bump(statusCounts, `${lane.name} ${status}`);
  for (const note of outcome.notes) bump(noteCounts, `${lane.name} ${note}`);
  const where = `${lane.name}#${index}`;
  for (const status of outcome.statuses.filter((s) => s >= 500)) findings.push({ kind: `HTTP ${status}`, where, summary: c.summary, detail: c.detail });
  if (outcome.hung) findings.push({ kind: 'no answer to a well-formed request', where, summary: c.summary, detail: c.detail });
  for (const problem of outcome.problems) findings.push({ kind: problem.slice(0, 160), where, summary: c.summary, detail: c.detail });
}

async function runCase(lane: Lane, index: number): Promise<{ c: FuzzCase; outcome: Outcome }> {
  let c: FuzzCase = { summary: '(not generated)', detail: '', run: async () => emptyOutcome() };
  try {
    c = makeCase(lane, index);
    return { c, outcome: await c.run() };
  } catch (error) {
    // A case that throws is a bug in this suite; reported like a finding so it cannot hide.
    return { c, outcome: { ...emptyOutcome(), problems: [`fuzz harness error in ${lane.name}#${index}: ${error instanceof Error ? error.stack : String(error)}`] } };
  }
}

describe(`fuzz (seed ${SEED}, ${SECONDS} s)`, () => {
  beforeAll(async () => {
    console.log(`[fuzz] seed ${SEED}, ${SECONDS} s. Replay: FUZZ_SEED=${SEED} FUZZ_SECONDS=${SECONDS} npx vitest run test/fuzz`);
    dataDir = mkdtempSync(join(tmpdir(), 'ponte-fuzz-'));
    server = new ServerProcess(await freePort(), dataDir);
    await server.start();
    const agentCookie = await login(server.url);
    const adminCookie = await login(server.url);
    const hoursRes = await fetch(`${server.url}/api/sites/demo/hours`, { headers: { cookie: adminCookie } });
    const hours = hoursRes.status === 200 ? ((await hoursRes.json()) as Record<string, unknown>) : {};
    ctx = {
      port: server.port,
      origin: server.url,
      visitorTokens: [],
      conversationIds: [],
      agentCookie,
      adminCookie,
      hours,
      assets: readdirSync(resolve(import.meta.dirname, '../../dist/assets')),
    };
    // The fuzz's own visitors, each with a conversation, so mutated frames reach the domain.
    for (let i = 0; i < 4; i++) {
      const { client, welcome } = await TestClient.visitor(server.url);
      client.send({ type: 'message.send', clientMsgId: `pool-${i}`, text: 'hello' });
      const ack = await client.next((f) => f.type === 'message.ack');
      ctx.visitorTokens.push(String(welcome.token));
      ctx.conversationIds.push(String(ack.conversationId));
      poolClients.push(client);
    }
    for (let i = 0; i < 3; i++) {
      const witness = new Witness(() => server.url, `w${i}`);
      await witness.connect();
      witnesses.push(witness);
    }
  });

  afterAll(async () => {
    for (const witness of witnesses) witness.close();
    await Promise.all(poolClients.map((client) => client.close()));
    // SIGKILL, not SIGTERM: ServerProcess cannot escalate, and a shutdown hung by the fuzz must not
    // leave the process behind. Shutdown itself is the shutdown suite's subject.
    await server?.kill('SIGKILL');
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  });

  it(
    'keeps the process alive and answering /healthz through random bytes, mutated frames and malformed HTTP',
    async () => {
      const deadline = Date.now() + SECONDS * 1000;
      let stopped = false;
      let replayDone = REPLAY.length === 0;
      const done = () => stopped || (REPLAY.length === 0 ? Date.now() > deadline : replayDone);
      const gate = new Gate();
      let down = false;
      let restarts = 0;
      const next = new Map<string, number>();
      const recent: Started[] = [];
      let poke: () => void = () => undefined;

      /** The server died or hung: find the case that did it (replay alone), restart, go on. */
      const recover = async (reason: string) => {
        gate.close();
        down = true;
        const detectedAt = Date.now();
        const output = server.output;
        const exitCode = await server.kill('SIGKILL');
        collectServerErrors(output);
        const crash: Crash = {
          how: exitCode === null ? `stopped answering /healthz (${reason}); killed it` : `the process exited with code ${exitCode} (/healthz: ${reason})`,
          serverSaid: deathNote(output),
          culprit: undefined,
          suspects: recent.filter((s) => s.at > detectedAt - 3000).map(caseName),
        };
        crashes.push(crash);
        restarts += 1;
        await server.start();
        const suspects = recent.filter((s) => s.at > detectedAt - 3000).reverse().slice(0, 20);
        const knownDeath = crashes.slice(0, -1).some((c) => c.serverSaid.split('\n')[0] === crash.serverSaid.split('\n')[0] && c.culprit !== undefined);
        if (!knownDeath && restarts <= MAX_RESTARTS) {
          for (const suspect of suspects) {
            await runCase(suspect.lane, suspect.index);
            await sleep(300);
            if ((await health()) === 'ok') continue;
            const c = makeCase(suspect.lane, suspect.index);
            crash.culprit = `${caseName(suspect)}: ${c.summary}\n${c.detail}`;
            collectServerErrors(server.output);
            await server.kill('SIGKILL');
            restarts += 1;
            await server.start();
            break;
          }
        }
        if (restarts > MAX_RESTARTS) stopped = true;
        recent.length = 0;
        down = false;
        gate.open();
      };

      const monitor = async () => {
        while (!done()) {
          await Promise.race([sleep(250), new Promise<void>((r) => (poke = r))]);
          if (down) continue;
          let state = await health();
          if (state !== 'ok') {
            await sleep(200);
            state = await health();
          }
          if (state !== 'ok' && !done()) {
            await recover(state).catch((error: unknown) => {
              // No server to fuzz any more: end the run and say why, rather than hang the lanes.
              crashes.push({ how: `could not restart the server: ${String(error)}`, serverSaid: server.output.slice(-1500), culprit: undefined, suspects: [] });
              stopped = true;
              down = false;
              gate.open();
            });
          }
        }
      };

      const worker = async (lane: Lane) => {
        while (!done()) {
          await gate.wait();
          if (done()) return;
          const index = next.get(lane.name) ?? 0;
          next.set(lane.name, index + 1);
          recent.push({ lane, index, at: Date.now() });
          if (recent.length > 500) recent.splice(0, recent.length - 500);
          const { c, outcome } = await runCase(lane, index);
          // While the server restarts, answers are the restart's, not the input's.
          if (down) continue;
          if (outcome.refused) {
            poke();
            continue;
          }
          judge(lane, index, c, outcome);
        }
      };

      const replay = async () => {
        for (const { lane: name, index } of REPLAY) {
          const lane = LANES.find((l) => l.name === name);
          if (lane === undefined) throw new Error(`FUZZ_REPLAY: no lane "${name}" (lanes: ${LANES.map((l) => l.name).join(', ')})`);
          recent.push({ lane, index, at: Date.now() });
          const { c, outcome } = await runCase(lane, index);
          console.log(`[fuzz] replayed ${name}#${index}: ${c.summary}\n${c.detail}`);
          console.log(`[fuzz] ${name}#${index} → ${JSON.stringify(outcome)}`);
          judge(lane, index, c, outcome);
          await sleep(300);
          const state = await health();
          if (state !== 'ok') await recover(state);
        }
        replayDone = true;
      };

      const witnessRuns = witnesses.map((witness, i) => witness.run(Rng.for(SEED, 'witness', i), done));
      const monitoring = monitor();
      try {
        await (REPLAY.length > 0 ? replay() : Promise.all(LANES.flatMap((lane) => Array.from({ length: lane.workers }, () => worker(lane)))));
      } finally {
        // Also on a throw: nothing of this run may go on fuzzing into afterAll.
        stopped = true;
        poke();
        gate.open();
        await Promise.allSettled([monitoring, ...witnessRuns]);
      }
      finalHealth = await health();
      collectServerErrors(server.output);
      ran = true;

      console.log(summary());
      expect(crashes.map(describeCrash), 'the server process died or hung').toEqual([]);
      expect(finalHealth, 'GET /healthz after the fuzz').toBe('ok');
    },
    (SECONDS + 180) * 1000,
  );

  it('answers no input with a 5xx, an internal error, a frame off the protocol or silence', () => {
    expect(ran).toBe(true);
    expect(groupFindings(findings), 'see the [fuzz] summary above for the offending inputs').toEqual([]);
    expect(serverErrors, 'errors the server logged as its own').toEqual([]);
  });

  it('acknowledges every witness message, and a resend after a reconnect gets the same seq', async () => {
    expect(ran).toBe(true);
    await Promise.all(witnesses.map((w) => w.settle(15_000)));
    for (const witness of witnesses) {
      expect(witness.acks.size, `${witness.name} got acks`).toBeGreaterThan(0);
      expect([...witness.outbox], `${witness.name}: messages never acknowledged`).toEqual([]);
      expect(witness.problems, `${witness.name}: protocol problems`).toEqual([]);
    }
  });

  it('keeps every acknowledged witness message, unchanged, in the stored transcript', async () => {
    expect(ran).toBe(true);
    const problems: string[] = [];
    for (const [i, witness] of witnesses.entries()) problems.push(...(await witness.verify(Rng.for(SEED, 'verify', i), 3)));
    expect(problems).toEqual([]);
  });
});

function describeCrash(crash: Crash): string {
  const culprit = crash.culprit === undefined ? `not reproduced alone; cases running then: ${crash.suspects.join(', ')}` : crash.culprit;
  return `${crash.how}\nserver said:\n${crash.serverSaid}\ninput: ${culprit}`;
}

/** One line per distinct failure (kind and lane), with its count and first example. */
function groupFindings(all: Finding[]): string[] {
  const groups = new Map<string, { count: number; first: Finding }>();
  for (const finding of all) {
    const key = `${finding.where.split('#')[0]}: ${finding.kind.replace(/\d{4,}/g, '#')} ${finding.kind.startsWith('HTTP') ? finding.summary.split(' ').slice(0, 2).join(' ').replace(/\?.*/, '') : ''}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { count: 1, first: finding });
    else group.count += 1;
  }
  return [...groups.entries()].map(([key, { count, first }]) => `${key} ×${count}; first ${first.where}: ${first.summary}\n  ${first.detail.slice(0, 1500)}`);
}

function summary(): string {
  const sorted = (map: Map<string, number>, max: number) =>
    [...map.entries()]
      .sort((a, b) => a[0].localeCompare(b[0]))
      .slice(0, max)
      .map(([k, v]) => `  ${k}: ${v}`)
      .join('\n');
  const acks = witnesses.map((w) => `${w.name} ${w.acks.size} acked, ${w.reconnects} reconnects, ${w.probes} resend probes`).join('; ');
  return [
    `[fuzz] seed ${SEED}: ${[...caseCounts.entries()].map(([lane, n]) => `${lane} ${n}`).join(', ')} cases`,
    `[fuzz] witnesses: ${acks}`,
    `[fuzz] statuses:\n${sorted(statusCounts, 200)}`,
    `[fuzz] socket outcomes:\n${sorted(noteCounts, 60)}`,
    `[fuzz] crashes: ${crashes.length === 0 ? 'none' : `\n${crashes.map(describeCrash).join('\n---\n')}`}`,
    `[fuzz] failures: ${findings.length === 0 ? 'none' : `\n${groupFindings(findings).join('\n')}`}`,
    `[fuzz] server errors logged: ${serverErrors.length === 0 ? 'none' : `\n${serverErrors.slice(0, 20).join('\n')}`}`,
  ].join('\n');
}
