import type { ServerFrame } from '../../protocol/frames';

/**
 * Fan-out of conversation events to whoever is connected. In-process here; a Redis bus with the
 * same interface carries events across relay processes (scale-out, later issue).
 *
 * Topics: `contact:<id>` (every tab of one visitor), `conversation:<id>` (agents who opened it),
 * `agents` (every signed-in agent: queue and list updates).
 */
export type Bus = {
  publish(topic: string, frame: ServerFrame): void;
  /** Returns the disposer. */
  subscribe(topic: string, listener: (frame: ServerFrame) => void): () => void;
  close(): void;
};

export const Topic = {
  contact: (contactId: string) => `contact:${contactId}`,
  conversation: (conversationId: string) => `conversation:${conversationId}`,
  agents: 'agents',
  /** Every connected visitor of one site (availability: someone online, within its hours). */
  site: (siteKey: string) => `site:${siteKey}`,
} as const;

export function createLocalBus(): Bus {
  const listeners = new Map<string, Set<(frame: ServerFrame) => void>>();
  return {
    publish(topic, frame) {
      for (const listener of listeners.get(topic) ?? []) {
        try {
          listener(frame);
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
    close() {
      listeners.clear();
    },
  };
}
