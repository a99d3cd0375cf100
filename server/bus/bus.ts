import type { ServerFrame } from '../../protocol/frames';

/**
 * Server-to-server signals: never sent to a client, they tell every connection concerned to act.
 * `sessions.revoked`: some session of this agent ended (sign-out, sign-out everywhere, password
 * change, deactivation); every open socket of that agent re-checks its own session at once.
 * `site.disabled` (on `site:<key>`): every visitor connection of that site ends with `site_disabled`.
 */
export type BusSignal =
  | { type: 'sessions.revoked'; agentId: string }
  /** An admin turned the site's chat off: its visitors' open connections are refused now, not at their next hello. */
  | { type: 'site.disabled'; siteKey: string };

/**
 * Fan-out of conversation events to whoever is connected. In-process here; a Redis bus with the
 * same interface carries events across relay processes (scale-out, later issue).
 *
 * Topics: `contact:<id>` (every tab of one visitor), `conversation:<id>` (agents who opened it),
 * `agents` (every signed-in agent: queue and list updates), `site:<key>`; signals on `agent:<id>`.
 */
export type Bus = {
  publish(topic: string, frame: ServerFrame): void;
  /** Returns the disposer. */
  subscribe(topic: string, listener: (frame: ServerFrame) => void): () => void;
  signal(topic: string, signal: BusSignal): void;
  /** Returns the disposer. */
  onSignal(topic: string, listener: (signal: BusSignal) => void): () => void;
  close(): void;
};

export const Topic = {
  contact: (contactId: string) => `contact:${contactId}`,
  conversation: (conversationId: string) => `conversation:${conversationId}`,
  agents: 'agents',
  /** Every connected visitor of one site (availability: someone online, within its hours). */
  site: (siteKey: string) => `site:${siteKey}`,
  /** Signals about one agent's sessions. */
  agent: (agentId: string) => `agent:${agentId}`,
} as const;

type Channels<T> = {
  publish(topic: string, message: T): void;
  subscribe(topic: string, listener: (message: T) => void): () => void;
  clear(): void;
};

function channels<T>(): Channels<T> {
  const listeners = new Map<string, Set<(message: T) => void>>();
  return {
    publish(topic, message) {
      for (const listener of listeners.get(topic) ?? []) {
        try {
          listener(message);
        } catch (error) {
          // One broken subscriber must not stop delivery to the others.
          console.error(`[bus] listener for ${topic} failed`, error);
        }
      }
    },
    subscribe(topic, listener) {
      let set = listeners.get(topic);
      if (set === undefined) {
        set = new Set();
        listeners.set(topic, set);
      }
      set.add(listener);
      return () => {
        const current = listeners.get(topic);
        current?.delete(listener);
        if (current?.size === 0) listeners.delete(topic);
      };
    },
    clear: () => listeners.clear(),
  };
}

export function createLocalBus(): Bus {
  const frames = channels<ServerFrame>();
  const signals = channels<BusSignal>();
  return {
    publish: frames.publish,
    subscribe: frames.subscribe,
    signal: signals.publish,
    onSignal: signals.subscribe,
    close() {
      frames.clear();
      signals.clear();
    },
  };
}
