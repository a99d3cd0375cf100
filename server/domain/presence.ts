import type { AgentStatus } from '../../protocol/codes';

export type PresenceChange = { agentId: string; status: AgentStatus; previous: AgentStatus };

/**
 * Which agents can take chats, in this process: `online` or `away` as they chose while a console
 * is connected, `offline` once their last console has been gone for the grace period (a reload or
 * a train tunnel must not bounce their chats). The cross-process view comes with the Redis bus.
 */
export type Presence = {
  /** Marks one console connection; `chosen` is the agent's stored status. Returns the disposer. */
  connect(agentId: string, chosen: 'online' | 'away'): () => void;
  setStatus(agentId: string, status: 'online' | 'away'): void;
  statusOf(agentId: string): AgentStatus;
  /** Agents who are online (not away, not offline), among those `only` accepts if given (a site's workers). */
  agentsOnline(only?: (agentId: string) => boolean): number;
  onChange(listener: (change: PresenceChange) => void): () => void;
  close(): void;
};

type Entry = { connections: number; chosen: 'online' | 'away'; graceTimer: ReturnType<typeof setTimeout> | undefined };

export function createPresence(options: { graceMs: number }): Presence {
  const agents = new Map<string, Entry>();
  const listeners = new Set<(change: PresenceChange) => void>();

  const statusOf = (agentId: string): AgentStatus => {
    const entry = agents.get(agentId);
    if (entry === undefined) return 'offline';
    return entry.chosen;
  };
  const emit = (change: PresenceChange) => {
    if (change.status === change.previous) return;
    for (const listener of [...listeners]) listener(change);
  };

  return {
    connect(agentId, chosen) {
      const previous = statusOf(agentId);
      const entry = agents.get(agentId) ?? { connections: 0, chosen, graceTimer: undefined };
      clearTimeout(entry.graceTimer);
      entry.graceTimer = undefined;
      entry.connections += 1;
      if (previous === 'offline') entry.chosen = chosen;
      agents.set(agentId, entry);
      emit({ agentId, status: statusOf(agentId), previous });
      let disposed = false;
      return () => {
        if (disposed) return;
        disposed = true;
        entry.connections -= 1;
        if (entry.connections > 0) return;
        entry.graceTimer = setTimeout(() => {
          if (entry.connections > 0 || agents.get(agentId) !== entry) return;
          const before = statusOf(agentId);
          agents.delete(agentId);
          emit({ agentId, status: 'offline', previous: before });
        }, options.graceMs);
      };
    },
    setStatus(agentId, status) {
      const entry = agents.get(agentId);
      if (entry === undefined) return;
      const previous = statusOf(agentId);
      entry.chosen = status;
      emit({ agentId, status, previous });
    },
    statusOf,
    agentsOnline: (only) => [...agents.keys()].filter((id) => statusOf(id) === 'online' && (only === undefined || only(id))).length,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      for (const entry of agents.values()) clearTimeout(entry.graceTimer);
      listeners.clear();
    },
  };
}
