import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { createContactWithToken } from '../server/store/contacts';
import { createConversation } from '../server/store/conversations';
import { appendMessage } from '../server/store/messages';
import { openSqlite } from '../server/store/db';
import { upsertSite } from '../server/store/sites';
import { type Spread, spread, table } from './table';

/**
 * Durable messages per second: how fast a chat message can be made to survive a power cut, on
 * SQLite (what Ponte ships) and on PostgreSQL (not built yet in Ponte: measured here with `pg`
 * on the same insert shape, so the choice is informed).
 *
 * The shape, everywhere: one transaction per message that checks the client's id for a retry,
 * reads the conversation's last seq, inserts the message (unique on conversation+seq and on
 * conversation+clientMsgId) and updates the conversation's last seq, then commits durably
 * (SQLite WAL + synchronous=FULL; PostgreSQL synchronous_commit=on).
 */

export type StorageRow = {
  store: string;
  writers: number;
  messages: number;
  perSecond: number;
  /** Per message, from the start of its transaction to its commit, ms. */
  commit: Spread;
};
export type StorageReport = { rows: StorageRow[]; skipped: { store: string; reason: string }[] };
export type StorageOptions = { ms: number; writers: number; pgUrl: string };

const TEXT = 'Hi, I ordered the Alfama lamp last week and the tracking page has not moved since Tuesday.';

type Writer = (conversation: number, seq: number) => Promise<void>;

/** `writers` loops, each on its own conversation, appending until `ms` is up. */
async function drive(store: string, writers: number, ms: number, write: Writer): Promise<StorageRow> {
  const latencies: number[] = [];
  const until = performance.now() + ms;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async (_, conversation) => {
      for (let seq = 1; performance.now() < until; seq++) {
        const at = performance.now();
        await write(conversation, seq);
        latencies.push(performance.now() - at);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { store, writers, messages: latencies.length, perSecond: Math.round(latencies.length / seconds), commit: spread(latencies, 3) };
}

/** Ponte's own store: the Kysely `appendMessage` the relay calls, on Ponte's schema. */
async function ponteSqlite(options: StorageOptions): Promise<StorageRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-bench-store-'));
  try {
    const db = await openSqlite(dir);
    const now = new Date();
    await upsertSite(db, { key: 'bench', name: 'Bench', allowedOrigins: [], knowledgeBase: '' }, now);
    const conversations: string[] = [];
    for (let i = 0; i < options.writers; i++) {
      const { contactId } = await createContactWithToken(db, 'bench', now);
      conversations.push(
        await createConversation(db, { siteKey: 'bench', contactId, locale: 'en', page: null, timeZone: null, userAgent: null }, now),
      );
    }
    const write: Writer = async (conversation, seq) => {
      const id = conversations[conversation] ?? '';
      await appendMessage(db, id, { author: 'visitor', authorName: null, text: TEXT, clientMsgId: `c${seq}` }, new Date());
    };
    const rows = [
      await drive('SQLite, Ponte store (Kysely)', 1, options.ms, write),
      await drive('SQLite, Ponte store (Kysely)', options.writers, options.ms, write),
    ];
    await db.destroy();
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const SCHEMA = [
  'CREATE TABLE conversations (id TEXT PRIMARY KEY, last_seq INTEGER NOT NULL, last_message TEXT, updated_at TEXT NOT NULL)',
  `CREATE TABLE messages (id TEXT PRIMARY KEY, conversation_id TEXT NOT NULL REFERENCES conversations(id), seq INTEGER NOT NULL,
     author TEXT NOT NULL, text TEXT NOT NULL, client_msg_id TEXT, created_at TEXT NOT NULL,
     UNIQUE (conversation_id, seq), UNIQUE (conversation_id, client_msg_id))`,
];

/**
 * The same shape on better-sqlite3 directly with prepared statements: what the store costs
 * without the query builder. `group commit`: every append waiting at that moment shares one
 * transaction and one fsync, which Ponte's store does not do today (see README, Relay).
 */
async function rawSqlite(options: StorageOptions): Promise<StorageRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ponte-bench-raw-'));
  const db = new SQLite(join(dir, 'raw.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    for (const statement of SCHEMA) db.exec(statement);
    const at = new Date().toISOString();
    const insertConversation = db.prepare('INSERT INTO conversations (id, last_seq, updated_at) VALUES (?, 0, ?)');
    const ids = Array.from({ length: options.writers }, () => randomUUID());
    for (const id of ids) insertConversation.run(id, at);
    const existing = db.prepare('SELECT id FROM messages WHERE conversation_id = ? AND client_msg_id = ?');
    const lastSeq = db.prepare<[string], { last_seq: number }>('SELECT last_seq FROM conversations WHERE id = ?');
    const insert = db.prepare(
      'INSERT INTO messages (id, conversation_id, seq, author, text, client_msg_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const bump = db.prepare('UPDATE conversations SET last_seq = ?, last_message = ?, updated_at = ? WHERE id = ?');
    const appendOne = (conversationId: string, clientMsgId: string) => {
      if (existing.get(conversationId, clientMsgId) !== undefined) return;
      const seq = (lastSeq.get(conversationId)?.last_seq ?? 0) + 1;
      const now = new Date().toISOString();
      insert.run(randomUUID(), conversationId, seq, 'visitor', TEXT, clientMsgId, now);
      bump.run(seq, TEXT.slice(0, 140), now, conversationId);
    };
    const single = db.transaction(appendOne);
    type Pending = { conversationId: string; clientMsgId: string; done: () => void };
    const batch = db.transaction((items: readonly Pending[]) => {
      for (const item of items) appendOne(item.conversationId, item.clientMsgId);
    });
    let pending: Pending[] = [];
    const flush = () => {
      const items = pending;
      pending = [];
      batch(items);
      for (const item of items) item.done();
    };
    const one: Writer = async (conversation, seq) => {
      single(ids[conversation] ?? '', `s${seq}`);
    };
    const grouped: Writer = (conversation, seq) =>
      new Promise((resolve) => {
        if (pending.length === 0) setImmediate(flush);
        pending.push({ conversationId: ids[conversation] ?? '', clientMsgId: `g${seq}`, done: resolve });
      });
    return [
      await drive('SQLite, prepared statements', 1, options.ms, one),
      await drive('SQLite, prepared statements', options.writers, options.ms, one),
      await drive('SQLite, prepared + group commit', options.writers, options.ms, grouped),
    ];
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** PostgreSQL through `pg`, in a throwaway schema; one connection per writer. */
async function postgres(options: StorageOptions): Promise<StorageRow[]> {
  const schema = `ponte_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: options.pgUrl, connectionTimeoutMillis: 3_000 });
  await admin.connect();
  const clients: pg.Client[] = [];
  try {
    const { rows } = await admin.query<{ synchronous_commit: string }>('SHOW synchronous_commit');
    if (rows[0]?.synchronous_commit !== 'on') throw new Error(`synchronous_commit is ${rows[0]?.synchronous_commit ?? '?'}, not on`);
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.query(`CREATE SCHEMA ${schema}`);
    await admin.query(`SET search_path TO ${schema}`);
    for (const statement of SCHEMA) await admin.query(statement);
    const ids = Array.from({ length: options.writers }, () => randomUUID());
    for (const id of ids) await admin.query('INSERT INTO conversations (id, last_seq, updated_at) VALUES ($1, 0, $2)', [id, new Date().toISOString()]);
    for (let i = 0; i < options.writers; i++) {
      const client = new pg.Client({ connectionString: options.pgUrl });
      await client.connect();
      await client.query(`SET search_path TO ${schema}`);
      await client.query('SET synchronous_commit TO on');
      clients.push(client);
    }
    const write: Writer = async (conversation, seq) => {
      const client = clients[conversation];
      const id = ids[conversation] ?? '';
      if (client === undefined) throw new Error('no client for a writer');
      await client.query('BEGIN');
      try {
        const clientMsgId = `p${seq}`;
        const existing = await client.query('SELECT id FROM messages WHERE conversation_id = $1 AND client_msg_id = $2', [id, clientMsgId]);
        if (existing.rowCount === 0) {
          const current = await client.query<{ last_seq: number }>('SELECT last_seq FROM conversations WHERE id = $1 FOR UPDATE', [id]);
          const next = (current.rows[0]?.last_seq ?? 0) + 1;
          const now = new Date().toISOString();
          await client.query(
            'INSERT INTO messages (id, conversation_id, seq, author, text, client_msg_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)',
            [randomUUID(), id, next, 'visitor', TEXT, clientMsgId, now],
          );
          await client.query('UPDATE conversations SET last_seq = $1, last_message = $2, updated_at = $3 WHERE id = $4', [next, TEXT.slice(0, 140), now, id]);
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    };
    return [await drive('PostgreSQL (pg)', 1, options.ms, write), await drive('PostgreSQL (pg)', options.writers, options.ms, write)];
  } finally {
    await Promise.all(clients.map((client) => client.end()));
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  }
}

export async function measureStorage(options: StorageOptions): Promise<StorageReport> {
  const report: StorageReport = { rows: [], skipped: [] };
  report.rows.push(...(await ponteSqlite(options)), ...(await rawSqlite(options)));
  try {
    report.rows.push(...(await postgres(options)));
  } catch (error) {
    // No PostgreSQL on this machine is a normal setup for Ponte (it ships SQLite); say so in the table.
    report.skipped.push({ store: 'PostgreSQL (pg)', reason: error instanceof Error ? error.message : String(error) });
  }
  return report;
}

export function printStorage(report: StorageReport): void {
  console.log(
    table(
      ['store', 'writers', 'messages', 'msg/s', 'commit p50 ms', 'p99 ms', 'max ms'],
      report.rows.map((row) => [row.store, row.writers, row.messages, row.perSecond, row.commit.p50.toFixed(2), row.commit.p99.toFixed(2), row.commit.max.toFixed(2)]),
    ),
  );
  for (const { store, reason } of report.skipped) console.log(`${store}: skipped (${reason})`);
}
