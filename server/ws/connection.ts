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
  /** Runs `disposer` when the session ends, or at once if it has already ended. */
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
      // NOTE: the hello awaits the store between setting things up, and the transport may close
      // meanwhile; what it registers after the end is released at once, or an agent gone during
      // their hello would stay "online" in presence and be offered chats until the process ends.
      if (ended) {
        disposer();
        return;
      }
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
