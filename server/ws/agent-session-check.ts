import { CloseCode } from '../../protocol/codes';
import { type Bus, Topic } from '../bus/bus';
import type { AgentAuth } from '../domain/agent-auth';
import { AppError } from '../errors';
import type { Connection } from './connection';
import { sendError } from './send';

/** Sessions also expire while their socket is silent; this is how late that is noticed at most. */
const SESSION_RECHECK_MS = 60_000;

export type AgentSessionCheckDeps = {
  bus: Bus;
  agentAuth: AgentAuth;
  /**
   * The agent's session token, re-checked on every frame, on every `sessions.revoked` signal for
   * this agent and every minute (expiry): a silent console is cut off as fast as a busy one.
   */
  agentToken: string | undefined;
};

/**
 * Starts watching an agent connection's session and returns the check itself, for the frame
 * path to run before each frame. When the session has ended the agent is told and the
 * connection closed (4401); the check then answers false.
 */
export function watchAgentSession(connection: Connection, deps: AgentSessionCheckDeps, agentId: string): () => Promise<boolean> {
  async function stillValid(): Promise<boolean> {
    if (connection.disposed()) return false;
    const current = await deps.agentAuth.bySession(deps.agentToken);
    if (current !== undefined) return true;
    // The connection may have ended while the store was asked.
    if (connection.disposed()) return false;
    sendError(connection.peer, new AppError('unauthorized', 401, 'Your session has ended. Sign in again.'));
    connection.peer.close(CloseCode.Unauthorized, 'session ended');
    connection.dispose();
    return false;
  }
  /** Outside the frame order (a signal or the clock, not the client), so failures can only be logged. */
  function recheck(): void {
    stillValid().catch((error: unknown) => console.error('[ws] session re-check failed', error));
  }
  /**
   * NOTE: an access change closes the socket rather than re-scoping it in place: the welcome is
   * where a socket's topics, list and callbacks are decided, so a fresh one is the only state that
   * cannot drift. Closed at once, before anything else of a removed site can be sent; the
   * console reconnects straight away (4100 is retried like a drop, and its backoff starts over
   * after a welcome).
   */
  function accessChanged(): void {
    if (connection.disposed()) return;
    connection.peer.close(CloseCode.AccessChanged, 'access changed');
    connection.dispose();
  }
  connection.onDispose(
    deps.bus.onSignal(Topic.agent(agentId), (signal) => {
      switch (signal.type) {
        case 'sessions.revoked':
          return recheck();
        case 'access.changed':
          return accessChanged();
        case 'site.disabled':
          return; // Sent on site topics, about visitors: never on an agent's.
        default:
          return signal satisfies never;
      }
    }),
  );
  const timer = setInterval(recheck, SESSION_RECHECK_MS);
  connection.onDispose(() => clearInterval(timer));
  return stillValid;
}
