import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ResilientVisitor } from '../support/resilient-visitor';
import { ServerProcess, freePort } from '../support/server-process';

/**
 * Seeded fault injection against the real server process: at random points visitors drop their
 * connection, resend frames, switch to the SSE fallback (as if WebSockets were blocked), and the
 * server is killed with SIGKILL and restarted. Afterwards every visitor's view must equal the
 * stored transcript: no gaps, no duplicates, same order, every acknowledged message on disk.
 *
 * FAULT_ROUNDS (default 300) and FAULT_SEED replay or extend a run.
 */
const ROUNDS = Number(process.env.FAULT_ROUNDS ?? 300);
const SEED = Number(process.env.FAULT_SEED ?? 20261125);
const VISITORS = 6;
const MAX_KILLS = Number(process.env.FAULT_MAX_KILLS ?? 4);

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

let server: ServerProcess;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'ponte-fault-'));
  server = new ServerProcess(await freePort(), dataDir);
  await server.start();
});

afterAll(async () => {
  await server?.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
});

describe(`fault injection (seed ${SEED}, ${ROUNDS} rounds)`, () => {
  it('loses and duplicates nothing through drops, resends, blocked WebSockets and SIGKILL restarts', async () => {
    const random = mulberry32(SEED);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const faults = { drop: 0, duplicate: 0, dropBeforeAck: 0, wsBlocked: 0, sigkill: 0 };
    const resumeMs: number[] = [];
    const visitors = Array.from({ length: VISITORS }, (_, i) => new ResilientVisitor(() => server.url, `v${i}`));
    for (const visitor of visitors) await visitor.connect(random() < 0.3 ? 'sse' : 'ws');

    const reconnect = async (visitor: ResilientVisitor, transport: 'ws' | 'sse' = visitor.transport) => {
      const started = performance.now();
      for (let attempt = 0; ; attempt++) {
        try {
          await visitor.connect(transport);
          resumeMs.push(performance.now() - started);
          return;
        } catch (error) {
          if (attempt > 100) throw error;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    };

    let sent = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const visitor = pick(visitors);
      const roll = random();
      if (roll < 0.55) {
        const id = `${visitor.name}-${round}`;
        visitor.send(id, pick(['hello', 'what are your opening hours?', 'how much is shipping?', 'thanks', `order ${round}`]));
        sent += 1;
      } else if (roll < 0.65) {
        const acked = [...visitor.acked.keys()];
        // Draw even when there is nothing to pick, so the random sequence does not depend on timing.
        const draw = random();
        if (acked.length > 0) {
          const id = acked[Math.floor(draw * acked.length)] as string;
          const stored = [...visitor.view.values()].find((m) => m.clientMsgId === id);
          if (stored !== undefined) {
            visitor.duplicate(id, stored.text);
            faults.duplicate += 1;
          }
        }
      } else if (roll < 0.78) {
        visitor.drop();
        faults.drop += 1;
        await reconnect(visitor);
      } else if (roll < 0.88) {
        const id = `${visitor.name}-${round}-x`;
        visitor.send(id, 'sent just before the line dropped');
        sent += 1;
        visitor.drop();
        faults.dropBeforeAck += 1;
        await reconnect(visitor);
      } else if (roll < 0.97) {
        // WebSockets blocked: this visitor moves to SSE + POST (or back, when unblocked).
        visitor.drop();
        faults.wsBlocked += 1;
        await reconnect(visitor, visitor.transport === 'ws' ? 'sse' : 'ws');
      } else if (faults.sigkill < MAX_KILLS) {
        faults.sigkill += 1;
        await server.kill('SIGKILL');
        for (const v of visitors) v.drop();
        await server.start();
        for (const v of visitors) await reconnect(v);
      }
      if (round % 10 === 0) await new Promise((r) => setTimeout(r, random() * 20));
    }

    for (const visitor of visitors) await visitor.settle();
    // Let the bot's last answers arrive.
    await new Promise((r) => setTimeout(r, 300));
    for (const visitor of visitors) {
      visitor.drop();
      await reconnect(visitor);
    }
    for (const visitor of visitors) await visitor.settle();

    const db = new SQLite(join(dataDir, 'ponte.sqlite'), { readonly: true });
    let checked = 0;
    let losses = 0;
    let duplicates = 0;
    try {
      for (const visitor of visitors) {
        expect(visitor.outbox.size, `${visitor.name} still has unsent messages`).toBe(0);
        expect(visitor.anomalies).toEqual([]);
        const stored = db
          .prepare('select id, seq, client_msg_id from messages where conversation_id = ? order by seq')
          .all(visitor.conversationId) as Array<{ id: string; seq: number; client_msg_id: string | null }>;
        expect(stored.map((m) => m.seq)).toEqual(stored.map((_, i) => i + 1));
        expect([...visitor.view.keys()].sort((a, b) => a - b)).toEqual(stored.map((m) => m.seq));
        expect(stored.map((m) => visitor.view.get(m.seq)?.id)).toEqual(stored.map((m) => m.id));
        const storedIds = stored.map((m) => m.client_msg_id).filter((id): id is string => id !== null);
        duplicates += storedIds.length - new Set(storedIds).size;
        for (const [clientMsgId, seq] of visitor.acked) {
          const row = stored.find((m) => m.client_msg_id === clientMsgId);
          if (row === undefined || row.seq !== seq) losses += 1;
        }
        checked += stored.length;
      }
    } finally {
      db.close();
    }
    const acked = visitors.reduce((n, v) => n + v.acked.size, 0);
    console.info(
      `[fault] seed ${SEED}: ${ROUNDS} rounds, ${sent} messages sent, ${acked} acknowledged, ${checked} stored messages checked; ` +
        `faults ${JSON.stringify(faults)}; losses ${losses}, duplicates ${duplicates}; ` +
        `resume after drop: median ${percentile(resumeMs, 50).toFixed(1)} ms, p99 ${percentile(resumeMs, 99).toFixed(1)} ms (n=${resumeMs.length})`,
    );
    expect(acked).toBe(sent);
    expect(losses).toBe(0);
    expect(duplicates).toBe(0);
    for (const visitor of visitors) visitor.close();
  }, 300_000);
});
