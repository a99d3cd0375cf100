import { randomUUID } from 'node:crypto';
import { hashToken, newToken } from '../security/tokens';
import type { Db } from './db';
import { joinEverySiteIn, setMembershipsIn, unknownSiteKeys } from './site-members';

/** `avatar`: the URL path of their picture (`/avatars/<file>`, store/avatars.ts), or null. */
export type Agent = { id: string; email: string; name: string; role: 'admin' | 'agent'; avatar: string | null };
type AgentRow = { id: string; email: string; name: string; role: string; avatar: string | null };

const AGENT_COLUMNS = ['id', 'email', 'name', 'role', 'avatar'] as const;

function toAgent(row: AgentRow): Agent {
  return { id: row.id, email: row.email, name: row.name, role: row.role === 'admin' ? 'admin' : 'agent', avatar: row.avatar };
}

export async function countAgents(db: Db): Promise<number> {
  const row = await db.selectFrom('agents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function createAgent(
  db: Db,
  input: { email: string; name: string; passwordHash: string; role: Agent['role'] },
  now: Date,
): Promise<Agent> {
  const agent: Agent = { id: randomUUID(), email: input.email.toLowerCase(), name: input.name, role: input.role, avatar: null };
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('agents')
      .values({ id: agent.id, email: agent.email, name: agent.name, role: agent.role, password_hash: input.passwordHash, created_at: now.toISOString() })
      .execute();
    // As the migration did for everyone before: a new agent works on every site that exists now.
    await joinEverySiteIn(trx, agent.id, now);
  });
  return agent;
}

/** An active agent and their password hash, for sign-in. */
export async function findAgentForLogin(db: Db, email: string): Promise<(Agent & { passwordHash: string }) | undefined> {
  const row = await db
    .selectFrom('agents')
    .select([...AGENT_COLUMNS, 'password_hash'])
    .where('email', '=', email.toLowerCase())
    .where('active', '=', 1)
    .executeTakeFirst();
  return row === undefined ? undefined : { ...toAgent(row), passwordHash: row.password_hash };
}

export async function createSession(db: Db, agentId: string, now: Date, ttlMs: number): Promise<string> {
  const token = newToken();
  await db
    .insertInto('agent_sessions')
    .values({
      token_hash: hashToken(token),
      agent_id: agentId,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + ttlMs).toISOString(),
    })
    .execute();
  return token;
}

/** The signed-in agent for a session token: unexpired session, active agent. */
export async function findAgentBySession(db: Db, token: string, now: Date): Promise<Agent | undefined> {
  const row = await db
    .selectFrom('agent_sessions')
    .innerJoin('agents', 'agents.id', 'agent_sessions.agent_id')
    .select(['agents.id', 'agents.email', 'agents.name', 'agents.role', 'agents.avatar'])
    .where('agent_sessions.token_hash', '=', hashToken(token))
    .where('agent_sessions.expires_at', '>', now.toISOString())
    .where('agents.active', '=', 1)
    .executeTakeFirst();
  return row === undefined ? undefined : toAgent(row);
}

/** An active agent by id (transfer target). */
export async function findActiveAgent(db: Db, agentId: string): Promise<Agent | undefined> {
  const row = await db
    .selectFrom('agents')
    .select(AGENT_COLUMNS)
    .where('id', '=', agentId)
    .where('active', '=', 1)
    .executeTakeFirst();
  return row === undefined ? undefined : toAgent(row);
}

export type TeamRow = { id: string; name: string; capacity: number; status: 'online' | 'away' };

/** Active agents with their capacity and chosen status. */
export async function listTeam(db: Db): Promise<TeamRow[]> {
  const rows = await db
    .selectFrom('agents')
    .select(['id', 'name', 'capacity', 'status'])
    .where('active', '=', 1)
    .orderBy('name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, capacity: Number(r.capacity), status: r.status === 'away' ? 'away' : 'online' }));
}

export async function setAgentStatus(db: Db, agentId: string, status: 'online' | 'away'): Promise<void> {
  await db.updateTable('agents').set({ status }).where('id', '=', agentId).execute();
}

/** Ends one session; returns whose it was, if it existed. */
export async function deleteSession(db: Db, token: string): Promise<string | undefined> {
  const row = await db
    .deleteFrom('agent_sessions')
    .where('token_hash', '=', hashToken(token))
    .returning('agent_id')
    .executeTakeFirst();
  return row?.agent_id;
}

/** An agent as the team screen sees it: everything but the password. */
export type AgentRecord = Agent & { capacity: number; active: boolean };

const RECORD_COLUMNS = [...AGENT_COLUMNS, 'capacity', 'active'] as const;

function toRecord(row: AgentRow & { capacity: number; active: number }): AgentRecord {
  return { ...toAgent(row), capacity: Number(row.capacity), active: Number(row.active) === 1 };
}

/** True for SQLite's UNIQUE constraint failure (better-sqlite3 puts the reason in `code`). */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Every agent, active or not, for the team screen. */
export async function listAgents(db: Db): Promise<AgentRecord[]> {
  const rows = await db.selectFrom('agents').select(RECORD_COLUMNS).orderBy('name').orderBy('email').execute();
  return rows.map(toRecord);
}

export async function findAgentRecord(db: Db, agentId: string): Promise<AgentRecord | undefined> {
  const row = await db.selectFrom('agents').select(RECORD_COLUMNS).where('id', '=', agentId).executeTakeFirst();
  return row === undefined ? undefined : toRecord(row);
}

/**
 * Adds an agent with a capacity, a member of `sites` (keys known to exist) or, when omitted, of
 * every site that exists now; undefined when the (lowercased) email is already taken.
 */
export async function addAgent(
  db: Db,
  input: { email: string; name: string; passwordHash: string; role: Agent['role']; capacity: number; sites?: readonly string[] | undefined },
  now: Date,
): Promise<AgentRecord | undefined> {
  const record: AgentRecord = {
    id: randomUUID(),
    email: input.email.toLowerCase(),
    name: input.name,
    role: input.role,
    avatar: null,
    capacity: input.capacity,
    active: true,
  };
  try {
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('agents')
        .values({
          id: record.id,
          email: record.email,
          name: record.name,
          role: record.role,
          capacity: record.capacity,
          active: 1,
          password_hash: input.passwordHash,
          created_at: now.toISOString(),
        })
        .execute();
      if (input.sites === undefined) await joinEverySiteIn(trx, record.id, now);
      else await setMembershipsIn(trx, record.id, input.sites, now);
    });
  } catch (error) {
    if (isUniqueViolation(error)) return undefined;
    throw error;
  }
  return record;
}

export type AgentPatch = { name?: string; role?: Agent['role']; capacity?: number; active?: boolean; sites?: readonly string[] };

/**
 * Applies a patch unless it would leave no active admin (`last_admin`). The check and the write
 * share one transaction so two admins demoting each other cannot both succeed.
 */
export async function updateAgent(
  db: Db,
  agentId: string,
  patch: AgentPatch,
  now: Date,
): Promise<AgentRecord | 'not_found' | 'last_admin' | { unknownSites: string[] }> {
  return db.transaction().execute(async (trx) => {
    const current = await findAgentRecord(trx, agentId);
    if (current === undefined) return 'not_found';
    if (patch.sites !== undefined) {
      const unknown = await unknownSiteKeys(trx, patch.sites);
      if (unknown.length > 0) return { unknownSites: unknown };
    }
    const stopsBeingActiveAdmin =
      current.active && current.role === 'admin' && (patch.active === false || patch.role === 'agent');
    if (stopsBeingActiveAdmin) {
      const row = await trx
        .selectFrom('agents')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('role', '=', 'admin')
        .where('active', '=', 1)
        .executeTakeFirstOrThrow();
      if (Number(row.n) <= 1) return 'last_admin';
    }
    const values = {
      ...(patch.name === undefined ? {} : { name: patch.name }),
      ...(patch.role === undefined ? {} : { role: patch.role }),
      ...(patch.capacity === undefined ? {} : { capacity: patch.capacity }),
      ...(patch.active === undefined ? {} : { active: patch.active ? 1 : 0 }),
    };
    if (Object.keys(values).length > 0) await trx.updateTable('agents').set(values).where('id', '=', agentId).execute();
    if (patch.sites !== undefined) await setMembershipsIn(trx, agentId, patch.sites, now);
    return {
      ...current,
      name: patch.name ?? current.name,
      role: patch.role ?? current.role,
      capacity: patch.capacity ?? current.capacity,
      active: patch.active ?? current.active,
    };
  });
}

/** Signs an agent out everywhere, or everywhere but the session whose token hash is given. */
export async function deleteSessionsOf(db: Db, agentId: string, exceptTokenHash?: string): Promise<void> {
  let query = db.deleteFrom('agent_sessions').where('agent_id', '=', agentId);
  if (exceptTokenHash !== undefined) query = query.where('token_hash', '!=', exceptTokenHash);
  await query.execute();
}

export async function findPasswordHash(db: Db, agentId: string): Promise<string | undefined> {
  const row = await db.selectFrom('agents').select('password_hash').where('id', '=', agentId).executeTakeFirst();
  return row?.password_hash;
}

export async function setPasswordHash(db: Db, agentId: string, passwordHash: string): Promise<void> {
  await db.updateTable('agents').set({ password_hash: passwordHash }).where('id', '=', agentId).execute();
}

/** The agent's avatar (a URL path from store/avatars.ts saveAvatar), or null to clear it. */
export async function setAgentAvatar(db: Db, agentId: string, avatar: string | null): Promise<void> {
  await db.updateTable('agents').set({ avatar }).where('id', '=', agentId).execute();
}
