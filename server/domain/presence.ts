/**
 * Which agents have a console connected to this process. Enough for the bot to know whether a
 * person can take a chat now; agent status (online/away), grace periods and the cross-process
 * view arrive with routing (issue 5).
 */
export type Presence = {
  /** Marks one console connection of an agent; returns the disposer. */
  connect(agentId: string): () => void;
  agentsOnline(): number;
};

export function createPresence(): Presence {
  const connections = new Map<string, number>();
  return {
    connect(agentId) {
      connections.set(agentId, (connections.get(agentId) ?? 0) + 1);
      let done = false;
      return () => {
        if (done) return;
        done = true;
        const left = (connections.get(agentId) ?? 1) - 1;
        if (left <= 0) connections.delete(agentId);
        else connections.set(agentId, left);
      };
    },
    agentsOnline: () => connections.size,
  };
}
