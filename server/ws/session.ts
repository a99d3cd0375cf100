import { randomUUID } from 'node:crypto';
import type { Bus } from '../bus/bus';
import { AppError } from '../errors';
import { type AgentFramesDeps, createAgentFrames } from './agent-frames';
import { createConnection } from './connection';
import { closeForAbuse, createInboundQueue, takeFrame } from './flood-limits';
import { type Greeting, type HandshakeDeps, handleHello } from './handshake';
import { decode, type Parsed, parseFrame } from './inbound-frame';
import type { Peer } from './peer';
import { sendError } from './send';
import { type VisitorFramesDeps, createVisitorFrames } from './visitor-frames';

/** Everything a session asks of the domain; the socket layer never reaches the store itself. */
export type SessionDeps = HandshakeDeps & VisitorFramesDeps & AgentFramesDeps & { bus: Bus };

export type Session = {
  /** Feeds one inbound frame (raw text, or binary which is refused). Frames are handled in order. */
  receive(data: string | Buffer, isBinary: boolean): void;
  greeted(): boolean;
  dispose(): void;
};

/** The greeted connection's router (it validates the role's own frames), and for agents the session check every frame must pass first. */
type Role = { receive: (value: unknown, type: unknown) => Promise<void> };

/**
 * One connection's life: `hello` first (`handshake.ts`), then frames handled strictly in arrival
 * order, each validated before it reaches the visitor's or the agent's router. An invalid frame
 * gets an `error` frame and the connection lives on; only auth, version and abuse close it (44xx).
 * The same session serves a WebSocket and an SSE stream: it talks to a `Peer` only.
 */
export function createSession(ws: Peer, deps: SessionDeps): Session {
  const connection = createConnection(ws, deps.bus);
  const connectionKey = randomUUID();
  const inbound = createInboundQueue(deps.limits.settings.inboundQueueFrames, (error) => sendError(ws, error));
  let role: Role | undefined;

  /** Validates against the role's union, then hands the frame to its router; errors go back referring to it. */
  function route<F extends { type: string; reqId?: string | undefined }>(parse: (value: unknown, type: unknown) => Parsed<F>, handle: (frame: F) => Promise<void>, admit?: () => Promise<boolean>): Role {
    return {
      async receive(value, type) {
        const parsed = parse(value, type);
        if (!parsed.ok) {
          sendError(ws, parsed.error, parsed.ref, parsed.reqId);
          return;
        }
        const frame = parsed.frame;
        if (admit !== undefined && !(await admit())) return;
        try {
          await handle(frame);
        } catch (error) {
          sendError(ws, error, 'clientMsgId' in frame && typeof frame.clientMsgId === 'string' ? frame.clientMsgId : frame.type, frame.reqId);
        }
      },
    };
  }

  function greeted(greeting: Greeting): void {
    role =
      greeting.kind === 'visitor'
        ? route((value, type) => parseFrame('visitor', value, type), createVisitorFrames(connection, deps, greeting.visitor))
        : route((value, type) => parseFrame('agent', value, type), createAgentFrames(connection, deps, greeting.agent), greeting.stillValid);
  }

  async function handleRaw(data: string | Buffer, isBinary: boolean): Promise<void> {
    if (connection.disposed()) return;
    if (!(await takeFrame(connection, deps.limits, connectionKey))) return;
    const decoded = decode(data, isBinary);
    if (!decoded.ok) {
      sendError(ws, decoded.error);
      return;
    }
    if (role === undefined) {
      await handleHello(connection, deps, decoded.value, decoded.type, greeted);
      return;
    }
    if (decoded.type === 'hello') {
      sendError(ws, new AppError('already_greeted', 400, 'This connection has already said hello.'), 'hello');
      return;
    }
    await role.receive(decoded.value, decoded.type);
  }

  return {
    receive(data, isBinary) {
      if (connection.disposed()) return;
      if (!inbound.push(() => handleRaw(data, isBinary))) closeForAbuse(connection, 'inbound queue full');
    },
    greeted: () => role !== undefined,
    dispose: () => connection.dispose(),
  };
}
