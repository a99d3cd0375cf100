import { sql } from 'kysely';
import type { Locale } from '../../protocol/codes';
import type { Db } from './db';

/**
 * Published knowledge bases of a site, one row per version (table from migration 0009). The
 * highest version is the one in `sites.knowledge_base`; `publishVersion` writes both at once.
 */
export type KnowledgeBaseVersion = {
  version: number;
  authorId: string | null;
  authorName: string | null;
  summary: string;
  createdAt: string;
};

export type VersionConflict = { kind: 'stale'; current: KnowledgeBaseVersion };

export async function listVersions(db: Db, siteKey: string, limit = 200): Promise<KnowledgeBaseVersion[]> {
  const rows = await db
    .selectFrom('knowledge_base_versions as v')
    .leftJoin('agents as a', 'a.id', 'v.author_id')
    .select(['v.version', 'v.author_id', 'a.name as author_name', 'v.summary', 'v.created_at'])
    .where('v.site_key', '=', siteKey)
    .orderBy('v.version', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toVersion);
}

export async function findVersionYaml(db: Db, siteKey: string, version: number): Promise<string | undefined> {
  const row = await db
    .selectFrom('knowledge_base_versions')
    .select('yaml')
    .where('site_key', '=', siteKey)
    .where('version', '=', version)
    .executeTakeFirst();
  return row?.yaml;
}

/** The site's newest version, or 1 for a site whose first version was never written (see `publishVersion`). */
export async function currentVersion(db: Db, siteKey: string): Promise<number> {
  const row = await db
    .selectFrom('knowledge_base_versions')
    .select((eb) => eb.fn.max('version').as('version'))
    .where('site_key', '=', siteKey)
    .executeTakeFirst();
  return row?.version ?? 1;
}

/**
 * Publishes `yaml` as the site's next version and its live knowledge base, in one transaction.
 * With `expected`, refuses (writing nothing) when the newest version is not that one: someone
 * published since. `summarize` gets the text being replaced, inside the transaction, so the
 * summary is of exactly the change made.
 *
 * NOTE: a site created before versions existed is seeded with version 1 in migration 0009; one
 * created later by code that does not write versions (the demo seed on a fresh store) gets its
 * current text as version 1 here, lazily, so history always starts with what was live.
 * Two publishers cannot both take the same version: SQLite runs one transaction at a time, and
 * the (site_key, version) primary key refuses the second on stores that run them side by side.
 */
export async function publishVersion(
  db: Db,
  input: { siteKey: string; yaml: string; authorId: string; expected?: number | undefined; summarize: (previousYaml: string) => string },
  now: Date,
): Promise<{ version: number; summary: string } | VersionConflict | undefined> {
  return db.transaction().execute(async (trx) => {
    const site = await trx.selectFrom('sites').select(['knowledge_base', 'created_at']).where('key', '=', input.siteKey).executeTakeFirst();
    if (site === undefined) return undefined;
    const newest = await trx
      .selectFrom('knowledge_base_versions as v')
      .leftJoin('agents as a', 'a.id', 'v.author_id')
      .select(['v.version', 'v.author_id', 'a.name as author_name', 'v.summary', 'v.created_at'])
      .where('v.site_key', '=', input.siteKey)
      .orderBy('v.version', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (newest === undefined) {
      await trx
        .insertInto('knowledge_base_versions')
        .values({ site_key: input.siteKey, version: 1, yaml: site.knowledge_base, author_id: null, summary: 'First version', created_at: site.created_at })
        .execute();
    }
    const current = newest === undefined ? 1 : newest.version;
    if (input.expected !== undefined && input.expected !== current) {
      const known = newest === undefined ? { version: 1, authorId: null, authorName: null, summary: 'First version', createdAt: site.created_at } : toVersion(newest);
      return { kind: 'stale', current: known };
    }
    const summary = input.summarize(site.knowledge_base);
    const version = current + 1;
    await trx
      .insertInto('knowledge_base_versions')
      .values({ site_key: input.siteKey, version, yaml: input.yaml, author_id: input.authorId, summary, created_at: now.toISOString() })
      .execute();
    await trx.updateTable('sites').set({ knowledge_base: input.yaml }).where('key', '=', input.siteKey).execute();
    return { version, summary };
  });
}

export type VisitorQuestion = { text: string; locale: Locale };

/**
 * The site's newest visitor messages the bot answered (the conversation's next line is the
 * bot's), newest first: what visitors really asked the bot. Bounded: `limit` rows, each at most
 * `maxChars` long and not blank.
 */
export async function recentVisitorQuestions(db: Db, siteKey: string, limit: number, maxChars: number): Promise<VisitorQuestion[]> {
  const rows = await db
    .selectFrom('messages as m')
    .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
    .select(['m.text', 'c.locale'])
    .where('c.site_key', '=', siteKey)
    .where('m.author', '=', 'visitor')
    .where('m.event', 'is', null)
    .where(sql<boolean>`length(trim(m.text)) between 1 and ${maxChars}`)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('messages as b')
          .select('b.seq')
          .whereRef('b.conversation_id', '=', 'm.conversation_id')
          .where('b.seq', '=', sql<number>`m.seq + 1`)
          .where('b.author', '=', 'bot'),
      ),
    )
    .orderBy('m.created_at', 'desc')
    .orderBy('m.seq', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({ text: row.text, locale: toLocale(row.locale) }));
}

function toLocale(value: string): Locale {
  return value === 'pt-BR' || value === 'es' ? value : 'en';
}

function toVersion(row: { version: number; author_id: string | null; author_name: string | null; summary: string; created_at: string }): KnowledgeBaseVersion {
  return { version: row.version, authorId: row.author_id, authorName: row.author_name, summary: row.summary, createdAt: row.created_at };
}
