import { type Bus, Topic } from '../bus/bus';
import { deleteSession, deleteSessionsOf } from '../store/agents';
import type { Db } from '../store/db';

export type AgentSessions = ReturnType<typeof createAgentSessions>;

/**
 * Ending agent sessions. The row goes first, then a signal on the bus tells every open console
 * socket and SSE stream of that agent, in any process, to re-check its own session and close
 * (4401) if it has ended — a silent connection is cut off as fast as a busy one.
 */
export function createAgentSessions(deps: { db: Db; bus: Bus }) {
  const revoked = (agentId: string) => deps.bus.signal(Topic.agent(agentId), { type: 'sessions.revoked', agentId });
  return {
    /** Every session of the agent, or every one but `exceptTokenHash` (a password change keeps the current one). */
    async endAll(agentId: string, exceptTokenHash?: string): Promise<void> {
      await deleteSessionsOf(deps.db, agentId, exceptTokenHash);
      revoked(agentId);
    },
    async endOne(token: string): Promise<void> {
      const agentId = await deleteSession(deps.db, token);
      if (agentId !== undefined) revoked(agentId);
    },
  };
}
