import type { Bus } from '../bus/bus';
import type { Peer } from './peer';
import { send } from './send';

/**
 * What the handshake and the role routers share of one connection: its peer, its bus
 * subscriptions and its end. Every subscription and timer is registered here, so ending the
 * session, for whatever reason and however often, releases all of them exactly once.
 */
export type Connection = {
  readonly peer: Peer;
  /** Relays every frame published on `topic` to the peer until the session ends. */
  subscribe(topic: string): void;
  /** Runs `disposer` when the session ends. */
  onDispose(disposer: () => void): void;
  /** Ends the session; idempotent. The transport's own close event calls it too. */
  dispose(): void;
  disposed(): boolean;
};

export function createConnection(peer: Peer, bus: Bus): Connection {
  const disposers: Array<() => void> = [];
  let ended = false;
  const connection: Connection = {
    peer,
    subscribe(topic) {
      connection.onDispose(bus.subscribe(topic, (frame) => send(peer, frame)));
    },
    onDispose(disposer) {
      disposers.push(disposer);
    },
    dispose() {
      if (ended) return;
      ended = true;
      for (const disposer of disposers.splice(0)) disposer();
    },
    disposed: () => ended,
  };
  return connection;
}
