import { type Agent, findAgentBySession } from '../store/agents';
import type { Db } from '../store/db';

export type { Agent } from '../store/agents';
export type AgentAuth = ReturnType<typeof createAgentAuth>;

/**
 * Which agent a console's session token signs in, asked at the upgrade and again while the
 * connection lives (every frame, every revocation signal, every minute). Ending sessions is
 * `agent-sessions.ts`; this side only reads, so a socket never needs the store.
 */
export function createAgentAuth(deps: { db: Db; now: () => Date }) {
  return {
    /** The active agent of an unexpired session; undefined for no token, an ended session or a deactivated agent. */
    async bySession(token: string | undefined): Promise<Agent | undefined> {
      return token === undefined ? undefined : findAgentBySession(deps.db, token, deps.now());
    },
  };
}
