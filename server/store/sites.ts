import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { type Appearance, DEFAULT_APPEARANCE, readAppearance } from '../domain/appearance';
import type { Db } from './db';
import type { SitesTable } from './schema';

export type RoutingMode = 'auto' | 'manual';

/** What a seed (the demo site, tests) gives; the rest has defaults. */
export type SiteSeed = { key: string; name: string; allowedOrigins: string[]; knowledgeBase: string };

export type Site = SiteSeed & {
  /** An admin turned the chat off: its widget shows nothing and visitors are refused; history is kept. */
  disabled: boolean;
  appearance: Appearance;
  /** Bumped on every change of name, origins, appearance, routing or disabling. */
  revision: number;
  routing: RoutingMode;
  createdAt: string;
};

/** A seed as the stored site it becomes with no settings changed (for tests that build sites by hand). */
export function siteWithDefaults(seed: SiteSeed, createdAt = new Date(0).toISOString()): Site {
  return { ...seed, disabled: false, appearance: DEFAULT_APPEARANCE, revision: 1, routing: 'auto', createdAt };
}

type SiteRow = Pick<SitesTable, 'key' | 'name' | 'allowed_origins' | 'knowledge_base' | 'created_at'> & {
  routing: string;
  disabled_at: string | null;
  appearance: string | null;
  revision: number;
};

const COLUMNS = [
  'key',
  'name',
  'allowed_origins',
  'knowledge_base',
  'routing',
  'disabled_at',
  'appearance',
  'revision',
  'created_at',
] as const;

function toSite(row: SiteRow): Site {
  return {
    key: row.key,
    name: row.name,
    allowedOrigins: parseOrigins(row.allowed_origins),
    knowledgeBase: row.knowledge_base,
    disabled: row.disabled_at !== null,
    appearance: readAppearance(row.appearance, row.key),
    revision: row.revision,
    routing: row.routing === 'manual' ? 'manual' : 'auto',
    createdAt: row.created_at,
  };
}

export async function findSite(db: Db, key: string): Promise<Site | undefined> {
  const row = await db.selectFrom('sites').select(COLUMNS).where('key', '=', key).executeTakeFirst();
  return row === undefined ? undefined : toSite(row);
}

/** Every site, oldest first; with `keys`, only those. */
export async function listSites(db: Db, keys?: readonly string[]): Promise<Site[]> {
  if (keys !== undefined && keys.length === 0) return [];
  let query = db.selectFrom('sites').select(COLUMNS).orderBy('created_at').orderBy('key');
  if (keys !== undefined) query = query.where('key', 'in', keys);
  return (await query.execute()).map(toSite);
}

/**
 * Creates the site, or updates its name, origins and knowledge base (used to seed the demo and by
 * tests). A new site's knowledge base is also its version 1; a changed name or origin list bumps
 * the revision (a console holding the old one gets `stale_site`).
 */
export async function upsertSite(db: Db, site: SiteSeed, now: Date): Promise<void> {
  const values = {
    name: site.name,
    allowed_origins: JSON.stringify(site.allowedOrigins),
    knowledge_base: site.knowledgeBase,
  };
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('sites')
      .values({ key: site.key, ...values, created_at: now.toISOString() })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          ...values,
          revision: sql<number>`CASE WHEN sites.name IS excluded.name AND sites.allowed_origins IS excluded.allowed_origins
            THEN sites.revision ELSE sites.revision + 1 END`,
        }),
      )
      .execute();
    await firstKnowledgeBaseVersion(trx, site.key, site.knowledgeBase, now);
  });
}

async function firstKnowledgeBaseVersion(db: Db, siteKey: string, yaml: string, now: Date): Promise<void> {
  await db
    .insertInto('knowledge_base_versions')
    .values({ site_key: siteKey, version: 1, yaml, author_id: null, summary: 'First version', created_at: now.toISOString() })
    .onConflict((oc) => oc.columns(['site_key', 'version']).doNothing())
    .execute();
}

const KEY_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A new site key: 10 random lowercase letters and digits (51 bits), url-safe and easy to read out. */
export function newSiteKey(random: (n: number) => Buffer = randomBytes): string {
  // 252 = 7 × 36: bytes at or above it are dropped so every character is equally likely.
  let key = '';
  while (key.length < 10) {
    for (const byte of random(16)) if (byte < 252 && key.length < 10) key += KEY_ALPHABET[byte % 36];
  }
  return key;
}

/** A new site with its starter knowledge base as version 1 (`authorId`: the admin who created it). */
export async function createSite(
  db: Db,
  input: { name: string; allowedOrigins: string[]; knowledgeBase: string; authorId: string | null },
  now: Date,
): Promise<Site> {
  for (let attempt = 0; ; attempt++) {
    const key = newSiteKey();
    const created = await db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('sites')
        .values({
          key,
          name: input.name,
          allowed_origins: JSON.stringify(input.allowedOrigins),
          knowledge_base: input.knowledgeBase,
          created_at: now.toISOString(),
        })
        .onConflict((oc) => oc.column('key').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) !== 1) return false;
      await trx
        .insertInto('knowledge_base_versions')
        .values({ site_key: key, version: 1, yaml: input.knowledgeBase, author_id: input.authorId, summary: 'First version', created_at: now.toISOString() })
        .execute();
      return true;
    });
    if (created) return (await findSite(db, key))!;
    // 36^10 keys: a collision is next to impossible; a loop would mean a broken random source.
    if (attempt >= 5) throw new Error('could not find a free site key');
  }
}

export type SiteChange = {
  name?: string;
  allowedOrigins?: string[];
  disabled?: boolean;
  appearance?: Appearance;
  routing?: RoutingMode;
};

/**
 * Applies a change and bumps the revision, in one conditional write: with `expectedRevision`,
 * nothing is written unless the stored revision is still that one ('stale').
 */
export async function updateSite(
  db: Db,
  key: string,
  change: SiteChange,
  now: Date,
  expectedRevision?: number,
): Promise<Site | 'not_found' | 'stale'> {
  const set: Record<string, unknown> = {};
  if (change.name !== undefined) set.name = change.name;
  if (change.allowedOrigins !== undefined) set.allowed_origins = JSON.stringify(change.allowedOrigins);
  if (change.appearance !== undefined) set.appearance = JSON.stringify(change.appearance);
  if (change.routing !== undefined) set.routing = change.routing;
  let query = db
    .updateTable('sites')
    .set({ ...set, revision: sql<number>`revision + 1` })
    .where('key', '=', key);
  if (change.disabled === true) query = query.set({ disabled_at: sql<string>`COALESCE(disabled_at, ${now.toISOString()})` });
  if (change.disabled === false) query = query.set({ disabled_at: null });
  if (expectedRevision !== undefined) query = query.where('revision', '=', expectedRevision);
  const result = await query.executeTakeFirst();
  if (Number(result.numUpdatedRows) === 1) return (await findSite(db, key))!;
  return (await findSite(db, key)) === undefined ? 'not_found' : 'stale';
}

function parseOrigins(json: string): string[] {
  const value: unknown = JSON.parse(json);
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new Error('sites.allowed_origins is not a JSON array of strings');
  }
  return value;
}

/** Keys of the sites an admin turned off. */
export async function disabledSiteKeys(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('sites').select('key').where('disabled_at', 'is not', null).execute();
  return rows.map((r) => r.key);
}

/** Whether the site is turned off (false for a site that does not exist: the caller has checked). */
export async function isSiteDisabled(db: Db, key: string): Promise<boolean> {
  const row = await db.selectFrom('sites').select('disabled_at').where('key', '=', key).executeTakeFirst();
  return row !== undefined && row.disabled_at !== null;
}

export async function siteRouting(db: Db): Promise<Map<string, RoutingMode>> {
  const rows = await db.selectFrom('sites').select(['key', 'routing']).execute();
  return new Map(rows.map((r) => [r.key, r.routing === 'manual' ? 'manual' : 'auto']));
}

export async function setSiteRouting(db: Db, key: string, routing: RoutingMode): Promise<boolean> {
  const result = await db
    .updateTable('sites')
    .set({ routing, revision: sql<number>`revision + 1` })
    .where('key', '=', key)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The site's stored business hours (JSON as written by `setSiteHours`), or null for the defaults. */
export async function siteHoursJson(db: Db, key: string): Promise<string | null | undefined> {
  const row = await db.selectFrom('sites').select('business_hours').where('key', '=', key).executeTakeFirst();
  return row === undefined ? undefined : row.business_hours;
}

export async function setSiteHours(db: Db, key: string, json: string): Promise<boolean> {
  const result = await db.updateTable('sites').set({ business_hours: json }).where('key', '=', key).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The sites an agent is a member of (admins work on every site: the caller decides). */
export async function memberSiteKeys(db: Db, agentId: string): Promise<string[]> {
  const rows = await db.selectFrom('site_members').select('site_key').where('agent_id', '=', agentId).execute();
  return rows.map((r) => r.site_key);
}

/** The installation check's rows for a site, newest load first. */
export async function siteLoads(db: Db, key: string) {
  const rows = await db
    .selectFrom('site_loads')
    .selectAll()
    .where('site_key', '=', key)
    .orderBy('last_loaded_at', 'desc')
    .orderBy('origin')
    .execute();
  return rows.map((r) => ({
    origin: r.origin,
    allowed: r.allowed === 1,
    loads: r.loads,
    firstLoadedAt: r.first_loaded_at,
    lastLoadedAt: r.last_loaded_at,
  }));
}
