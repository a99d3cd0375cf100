import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/client';
import { ServerProcess, freePort } from '../support/server-process';
import type { FuzzContext } from './frames';
import { FuzzRun } from './fuzz-run';
import { httpLane, sseLane } from './http-cases';
import { Rng } from './random';
import { Witness } from './witness';
import { rawLane, wsLane } from './ws-cases';

/**
 * Seeded fuzzing of the real server process. For FUZZ_SECONDS (default 12, about 20–25 s in all)
 * four lanes throw inputs at it — mutated frames over WebSocket and the SSE fallback, malformed
 * HTTP written byte by byte, raw TCP garbage and broken WebSocket upgrades — while witness
 * visitors chat. Afterwards: the process never died or hung, nothing answered 5xx or `internal`,
 * every witness message was acknowledged, and the stored transcripts match the acks.
 *
 * Case N of a lane is generated from (FUZZ_SEED, lane, N) alone, so a report's `http#123` comes
 * back with FUZZ_SEED=<seed> FUZZ_REPLAY=http:123 (FUZZ_SEED=random picks one and prints it).
 * When the server dies, the recent cases are replayed one by one against a restarted server to
 * find the one that kills it, and the run goes on (at most FUZZ_MAX_RESTARTS times).
 */
const SECONDS = Number(process.env.FUZZ_SECONDS ?? 12);
const SEED = process.env.FUZZ_SEED === 'random' ? Math.floor(Math.random() * 2 ** 32) : Number(process.env.FUZZ_SEED ?? 20261203);
const REPLAY = (process.env.FUZZ_REPLAY ?? '')
  .split(',')
  .filter(Boolean)
  .map((entry) => {
    const [lane, index] = entry.split(':');
    return { lane: lane ?? '', index: Number(index) };
  });
/** serve.ts's admin. */
const ADMIN = { email: 'admin@example.com', password: 'test-admin-password' };

let server: ServerProcess;
let dataDir: string | undefined;
let run: FuzzRun | undefined;
const witnesses: Witness[] = [];
const poolClients: TestClient[] = [];
let finalHealth = 'not checked';

async function login(url: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ADMIN) });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

/** What the fuzz needs to reach past the front door: sessions, the fuzz's own visitors, a valid body to mutate. */
async function context(): Promise<FuzzContext> {
  const agentCookie = await login(server.url);
  const adminCookie = await login(server.url);
  const hoursRes = await fetch(`${server.url}/api/sites/demo/hours`, { headers: { cookie: adminCookie } });
  const hours = hoursRes.status === 200 ? ((await hoursRes.json()) as Record<string, unknown>) : {};
  const ctx: FuzzContext = {
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
  return ctx;
}

describe(`fuzz (seed ${SEED}, ${SECONDS} s)`, () => {
  beforeAll(async () => {
    console.log(`[fuzz] seed ${SEED}, ${SECONDS} s. Again: FUZZ_SEED=${SEED} FUZZ_SECONDS=${SECONDS} npx vitest run test/fuzz`);
    dataDir = mkdtempSync(join(tmpdir(), 'ponte-fuzz-'));
    server = new ServerProcess(await freePort(), dataDir);
    await server.start();
    const ctx = await context();
    // Three well-behaved visitors, and one whose valid messages are unusual text (edge cases).
    for (const [name, edgy] of [['w0', false], ['w1', false], ['w2', false], ['w3-edge', true]] as const) {
      const witness = new Witness(() => server.url, name, edgy);
      await witness.connect();
      witnesses.push(witness);
    }
    run = new FuzzRun(server, ctx, {
      seed: SEED,
      seconds: SECONDS,
      lanes: [httpLane, sseLane, wsLane, rawLane],
      maxRestarts: Number(process.env.FUZZ_MAX_RESTARTS ?? 4),
      shrinkSeconds: Number(process.env.FUZZ_SHRINK_SECONDS ?? 5),
      replay: REPLAY,
    });
  });

  afterAll(async () => {
    run?.stop();
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
      if (run === undefined) throw new Error('set-up failed');
      await run.run(witnesses);
      finalHealth = await run.health();
      console.log(run.summary(witnesses));
      expect(run.describeCrashes(), 'the server process died or hung').toEqual([]);
      expect(finalHealth, 'GET /healthz after the fuzz').toBe('ok');
    },
    (SECONDS + 180) * 1000,
  );

  it('answers no input with a 5xx, an internal error, a frame off the protocol or silence', () => {
    expect(finalHealth, 'the fuzz ran').not.toBe('not checked');
    expect(run?.describeFindings(), 'see the [fuzz] summary above for the offending inputs').toEqual([]);
    expect(run?.serverErrors, 'errors the server logged as its own').toEqual([]);
  });

  it('acknowledges every witness message, and a resend after a reconnect gets the same seq', async () => {
    expect(finalHealth, 'the fuzz ran').not.toBe('not checked');
    await Promise.all(witnesses.map((w) => w.settle(15_000)));
    for (const witness of witnesses) {
      expect(witness.acks.size, `${witness.name} got acks`).toBeGreaterThan(0);
      const unacknowledged = [...witness.outbox].map((id) => `${JSON.stringify(id)}: ${JSON.stringify(witness.sent.get(id))?.slice(0, 100)}`);
      expect({ unacknowledged, problems: witness.problems }, witness.name).toEqual({ unacknowledged: [], problems: [] });
    }
  });

  it('keeps every acknowledged witness message, unchanged, in the stored transcript', async () => {
    expect(finalHealth, 'the fuzz ran').not.toBe('not checked');
    const problems: string[] = [];
    for (const [i, witness] of witnesses.entries()) problems.push(...(await witness.verify(Rng.for(SEED, 'verify', i), 3)));
    expect(problems).toEqual([]);
  });
});
