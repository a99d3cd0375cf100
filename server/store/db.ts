import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { migrateToLatest } from './migrations';
import type { Database } from './schema';

export type Db = Kysely<Database>;

/**
 * Opens the embedded SQLite store in `dataDir` (WAL, synchronous=FULL so an acknowledged
 * write survives a power cut, not just a process kill) and runs migrations.
 */
export async function openSqlite(dataDir: string): Promise<Db> {
  mkdirSync(dataDir, { recursive: true });
  const sqlite = new SQLite(join(dataDir, 'ponte.sqlite'));
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  await migrateToLatest(db as Kysely<unknown>);
  return db;
}

/**
 * Kysely prepares every query from scratch; preparing was 7–13% of the relay's CPU under load
 * (bench/README.md). Ponte's queries are a small fixed set of SQL texts, so each is prepared once.
 * NOTE: safe because Kysely only `all()`s or `run()`s a statement to completion (no streaming
 * iterators left open), and better-sqlite3 statements can be reused across transactions.
 */
function withStatementCache(sqlite: SQLite.Database) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string): SQLite.Statement {
      let statement = statements.get(sql);
      if (statement === undefined) {
        // A bound, not a leak: SQL built with a varying IN-list length makes new texts.
        if (statements.size >= 1000) statements.clear();
        statement = sqlite.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}
