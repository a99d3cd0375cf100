import type { ServerFrame } from '../../protocol/frames';

/**
 * Server-to-server signals: never sent to a client, they tell every connection concerned to act.
 * `sessions.revoked`: some session of this agent ended (sign-out, sign-out everywhere, password
 * change, deactivation); every open socket of that agent re-checks its own session at once.
 * `access.changed`: the agent's sites, role or display name changed; every open socket of that
 * agent closes with `CloseCode.AccessChanged` and the console reconnects to a fresh welcome.
 * `site.disabled` (on `site:<key>`): every visitor connection of that site ends with `site_disabled`.
 */
export type BusSignal =
  | { type: 'sessions.revoked'; agentId: string }
  | { type: 'access.changed'; agentId: string }
  /** An admin turned the site's chat off: its visitors' open connections are refused now, not at their next hello. */
  | { type: 'site.disabled'; siteKey: string };

/**
 * Fan-out of conversation events to whoever is connected. In-process here; a Redis bus with the
 * same interface carries events across relay processes (scale-out, later issue).
 *
 * Topics: `contact:<id>` (every tab of one visitor), `conversation:<id>` (agents who opened it),
 * `agents` (every signed-in agent: team presence only), `agents:site:<key>` (agents who work on
 * that site: its conversation and callback updates), `agents:all-sites` (admins: every site's
 * updates, sites created later included), `site:<key>` (its visitors); signals on `agent:<id>`.
 *
 * NOTE: site scoping of the fan-out is done by topics, not by filtering per connection: a frame
 * about a site is published once to that site's agent topic and once to the admins' topic
 * (`publishToSiteAgents`), and a connection subscribes only to the topics of the sites its
 * agent may work on (decided at its welcome). Nothing is sent to a socket that must not see it,
 * no per-frame membership read is needed, and with a Redis bus the same topics carry across
 * processes. Membership changes re-decide by closing the agent's sockets (`access.changed`).
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
  /** Every signed-in agent: the team's presence (not scoped by site). */
  agents: 'agents',
  /** Agents who work on one site (members; admins listen on `allSiteAgents`). */
  siteAgents: (siteKey: string) => `agents:site:${siteKey}`,
  /** Admins: the updates of every site, including sites created after they connected. */
  allSiteAgents: 'agents:all-sites',
  /** Every connected visitor of one site (availability: someone online, within its hours). */
  site: (siteKey: string) => `site:${siteKey}`,
  /** Signals about one agent's sessions. */
  agent: (agentId: string) => `agent:${agentId}`,
} as const;

/** A conversation's or callback's update, to exactly the agents who may work on its site. */
export function publishToSiteAgents(bus: Bus, siteKey: string, frame: ServerFrame): void {
  bus.publish(Topic.siteAgents(siteKey), frame);
  bus.publish(Topic.allSiteAgents, frame);
}

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
