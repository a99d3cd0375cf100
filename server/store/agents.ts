import { randomUUID } from 'node:crypto';
import { hashToken, newToken } from '../security/tokens';
import type { Db } from './db';

export type Agent = { id: string; email: string; name: string; role: 'admin' | 'agent' };
type AgentRow = { id: string; email: string; name: string; role: string };

function toAgent(row: AgentRow): Agent {
  return { id: row.id, email: row.email, name: row.name, role: row.role === 'admin' ? 'admin' : 'agent' };
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
  const agent = { id: randomUUID(), email: input.email.toLowerCase(), name: input.name, role: input.role };
  await db
    .insertInto('agents')
    .values({ ...agent, password_hash: input.passwordHash, created_at: now.toISOString() })
    .execute();
  return agent;
}

/** An active agent and their password hash, for sign-in. */
export async function findAgentForLogin(db: Db, email: string): Promise<(Agent & { passwordHash: string }) | undefined> {
  const row = await db
    .selectFrom('agents')
    .select(['id', 'email', 'name', 'role', 'password_hash'])
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
    .select(['agents.id', 'agents.email', 'agents.name', 'agents.role'])
    .where('agent_sessions.token_hash', '=', hashToken(token))
    .where('agent_sessions.expires_at', '>', now.toISOString())
    .where('agents.active', '=', 1)
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

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('agent_sessions').where('token_hash', '=', hashToken(token)).execute();
}
