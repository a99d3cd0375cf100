import type { AgentStatus } from '../../protocol/codes';

export type Candidate = {
  id: string;
  status: AgentStatus;
  /** Live chats plus open offers. */
  load: number;
  capacity: number;
  /** When this agent last got an offer (ms); fairness between equally busy agents. */
  lastOfferedAt: number;
};

/**
 * Auto-assignment: the least-busy online agent with room, not among `exclude` (agents whose
 * offer for this conversation ran out). Ties go to whoever waited longest for an offer.
 */
export function pickAgent(candidates: readonly Candidate[], exclude: ReadonlySet<string>): string | undefined {
  let best: Candidate | undefined;
  for (const c of candidates) {
    if (c.status !== 'online' || c.load >= c.capacity || exclude.has(c.id)) continue;
    if (
      best === undefined ||
      c.load < best.load ||
      (c.load === best.load && (c.lastOfferedAt < best.lastOfferedAt || (c.lastOfferedAt === best.lastOfferedAt && c.id < best.id)))
    ) {
      best = c;
    }
  }
  return best?.id;
}

/** Fewer recent waits than this and we say nothing rather than guess. */
export const MIN_WAIT_SAMPLES = 3;

/**
 * The visitor's wait estimate, in seconds: the median of recent real waits (queue → accepted) on
 * this site, times the number of "rounds" ahead of them — ceil(position / agents online). With no
 * agent online or too little history there is no honest number: null.
 */
export function estimateWaitSeconds(recentWaitsMs: readonly number[], position: number, agentsOnline: number): number | null {
  if (agentsOnline <= 0 || recentWaitsMs.length < MIN_WAIT_SAMPLES) return null;
  const sorted = [...recentWaitsMs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  const rounds = Math.ceil(position / agentsOnline);
  return Math.ceil((median * rounds) / 1000);
}
