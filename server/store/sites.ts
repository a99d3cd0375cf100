import type { Db } from './db';

export type Site = { key: string; name: string; allowedOrigins: string[]; knowledgeBase: string };

export async function findSite(db: Db, key: string): Promise<Site | undefined> {
  const row = await db.selectFrom('sites').selectAll().where('key', '=', key).executeTakeFirst();
  if (row === undefined) return undefined;
  return {
    key: row.key,
    name: row.name,
    allowedOrigins: parseOrigins(row.allowed_origins),
    knowledgeBase: row.knowledge_base,
  };
}

/** Creates the site, or updates its name, origins and knowledge base (used to seed the demo). */
export async function upsertSite(db: Db, site: Site, now: Date): Promise<void> {
  const values = {
    name: site.name,
    allowed_origins: JSON.stringify(site.allowedOrigins),
    knowledge_base: site.knowledgeBase,
  };
  await db
    .insertInto('sites')
    .values({ key: site.key, ...values, created_at: now.toISOString() })
    .onConflict((oc) => oc.column('key').doUpdateSet(values))
    .execute();
}

function parseOrigins(json: string): string[] {
  const value: unknown = JSON.parse(json);
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw new Error('sites.allowed_origins is not a JSON array of strings');
  }
  return value;
}

export type RoutingMode = 'auto' | 'manual';

export async function siteRouting(db: Db): Promise<Map<string, RoutingMode>> {
  const rows = await db.selectFrom('sites').select(['key', 'routing']).execute();
  return new Map(rows.map((r) => [r.key, r.routing === 'manual' ? 'manual' : 'auto']));
}

export async function setSiteRouting(db: Db, key: string, routing: RoutingMode): Promise<boolean> {
  const result = await db.updateTable('sites').set({ routing }).where('key', '=', key).executeTakeFirst();
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
