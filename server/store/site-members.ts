import type { Transaction } from 'kysely';
import type { Db } from './db';
import type { Database } from './schema';

/**
 * Which sites an agent works on, as the store sees it. Admins work on every site whatever
 * `site_members` says; the rows are kept for them too (they matter again if the role changes).
 */
export type SiteScope = { all: true } | { all: false; keys: ReadonlySet<string> };

export type SiteRef = { key: string; name: string };

/** The scope of an active agent, read fresh (role included); an inactive or unknown one gets no site. */
export async function scopeOf(db: Db, agentId: string): Promise<SiteScope> {
  const agent = await db.selectFrom('agents').select(['role', 'active']).where('id', '=', agentId).executeTakeFirst();
  if (agent === undefined || Number(agent.active) !== 1) return { all: false, keys: new Set() };
  if (agent.role === 'admin') return { all: true };
  const rows = await db.selectFrom('site_members').select('site_key').where('agent_id', '=', agentId).execute();
  return { all: false, keys: new Set(rows.map((r) => r.site_key)) };
}

/** One question, one indexed read: may this active agent work on this site? */
export async function mayWorkOn(db: Db, agentId: string, siteKey: string): Promise<boolean> {
  const row = await db
    .selectFrom('agents')
    .select('agents.id')
    .where('agents.id', '=', agentId)
    .where('agents.active', '=', 1)
    .where((eb) =>
      eb.or([
        eb('agents.role', '=', 'admin'),
        eb.exists(
          eb
            .selectFrom('site_members')
            .select('site_members.agent_id')
            .whereRef('site_members.agent_id', '=', 'agents.id')
            .where('site_members.site_key', '=', siteKey),
        ),
      ]),
    )
    .executeTakeFirst();
  return row !== undefined;
}

/** The sites in a scope, by name. */
export async function sitesIn(db: Db, scope: SiteScope): Promise<SiteRef[]> {
  if (!scope.all && scope.keys.size === 0) return [];
  let query = db.selectFrom('sites').select(['key', 'name']).orderBy('name').orderBy('key');
  if (!scope.all) query = query.where('key', 'in', [...scope.keys]);
  return query.execute();
}

/** Every membership row, per agent (the team screen). */
export async function membershipsByAgent(db: Db): Promise<Map<string, string[]>> {
  const rows = await db.selectFrom('site_members').select(['agent_id', 'site_key']).orderBy('site_key').execute();
  const byAgent = new Map<string, string[]>();
  for (const row of rows) byAgent.set(row.agent_id, [...(byAgent.get(row.agent_id) ?? []), row.site_key]);
  return byAgent;
}

export async function membershipsOf(db: Db, agentId: string): Promise<string[]> {
  const rows = await db.selectFrom('site_members').select('site_key').where('agent_id', '=', agentId).orderBy('site_key').execute();
  return rows.map((r) => r.site_key);
}

/** For routing: every (active agent, site) pair that may work together, admins on every site. */
export async function workersBySite(db: Db): Promise<(agentId: string, siteKey: string) => boolean> {
  const admins = await db.selectFrom('agents').select('id').where('role', '=', 'admin').where('active', '=', 1).execute();
  const rows = await db.selectFrom('site_members').select(['agent_id', 'site_key']).execute();
  const adminIds = new Set(admins.map((a) => a.id));
  const pairs = new Set(rows.map((r) => `${r.site_key}\n${r.agent_id}`));
  return (agentId, siteKey) => adminIds.has(agentId) || pairs.has(`${siteKey}\n${agentId}`);
}

/** The keys among `keys` that name no site. */
export async function unknownSiteKeys(db: Db | Transaction<Database>, keys: readonly string[]): Promise<string[]> {
  if (keys.length === 0) return [];
  const rows = await db.selectFrom('sites').select('key').where('key', 'in', [...keys]).execute();
  const known = new Set(rows.map((r) => r.key));
  return keys.filter((k) => !known.has(k));
}

/** Replaces an agent's memberships, inside the caller's transaction (kept rows keep their date). */
export async function setMembershipsIn(trx: Db | Transaction<Database>, agentId: string, siteKeys: readonly string[], now: Date): Promise<void> {
  const keys = [...new Set(siteKeys)];
  let removal = trx.deleteFrom('site_members').where('agent_id', '=', agentId);
  if (keys.length > 0) removal = removal.where('site_key', 'not in', keys);
  await removal.execute();
  if (keys.length === 0) return;
  const at = now.toISOString();
  await trx
    .insertInto('site_members')
    .values(keys.map((key) => ({ site_key: key, agent_id: agentId, created_at: at })))
    .onConflict((oc) => oc.columns(['site_key', 'agent_id']).doNothing())
    .execute();
}

/** Makes a new agent a member of every site that exists now. */
export async function joinEverySiteIn(trx: Db | Transaction<Database>, agentId: string, now: Date): Promise<void> {
  const sites = await trx.selectFrom('sites').select('key').execute();
  await setMembershipsIn(
    trx,
    agentId,
    sites.map((s) => s.key),
    now,
  );
}
