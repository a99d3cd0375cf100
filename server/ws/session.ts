import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import { CloseCode, PROTOCOL_VERSION } from '../../protocol/codes';
import { ClientFrame, Hello } from '../../protocol/frames';
import { type Bus, Topic } from '../bus/bus';
import type { ConversationService, VisitorContext } from '../domain/conversations';
import type { BotRegistry } from '../domain/bots';
import type { CallbackService } from '../domain/callbacks';
import type { Presence } from '../domain/presence';
import type { Router } from '../domain/router';
import { AppError } from '../errors';
import type { Limits } from '../security/limits';
import { type Agent, findAgentBySession } from '../store/agents';
import { createContactWithToken, findVisitorByToken } from '../store/contacts';
import { listForAgents } from '../store/conversations';
import type { Db } from '../store/db';
import { findSite } from '../store/sites';
import type { Peer } from './peer';
import { send, sendError } from './send';

export type SessionDeps = {
  db: Db;
  bus: Bus;
  conversations: ConversationService;
  callbacks: CallbackService;
  bots: BotRegistry;
  presence: Presence;
  router: Router;
  now: () => Date;
  /** The agent whose session cookie came with the upgrade, if any. */
  agent: Agent | undefined;
  /** The browser's User-Agent header, shown to agents as the visitor's device. */
  userAgent: string | undefined;
  /**
   * The agent's session token, re-checked on every frame, on every `sessions.revoked` signal for
   * this agent and every minute (expiry): a silent console is cut off as fast as a busy one.
   */
  agentToken: string | undefined;
  /** The peer's address (through trusted proxies only), for per-address limits. */
  clientIp: string;
  limits: Limits;
};

/** Sessions also expire while their socket is silent; this is how late that is noticed at most. */
const SESSION_RECHECK_MS = 60_000;

type Role = { kind: 'none' } | { kind: 'visitor'; visitor: VisitorContext } | { kind: 'agent'; agent: Agent };

export type Session = {
  /** Feeds one inbound frame (raw text, or binary which is refused). Frames are handled in order. */
  receive(data: string | Buffer, isBinary: boolean): void;
  greeted(): boolean;
  dispose(): void;
};

/**
 * One connection's life: `hello` first, then frames handled strictly in arrival order (a promise
 * chain), each validated before it reaches the domain. An invalid frame gets an `error` frame
 * and the connection lives on; only auth, version and abuse close it (44xx).
 */
export function createSession(ws: Peer, deps: SessionDeps): Session {
  let role: Role = { kind: 'none' };
  const disposers: Array<() => void> = [];
  const openConversations = new Set<string>();
  let queue: Promise<void> = Promise.resolve();
  /** Frames received and not yet handled: bounded, so a flood cannot grow memory without end. */
  let pending = 0;
  let disposed = false;
  const connectionKey = randomUUID();

  const subscribe = (topic: string) => {
    disposers.push(deps.bus.subscribe(topic, (frame) => send(ws, frame)));
  };

  /** Closes the connection for flooding. Everything acknowledged is already on disk. */
  function abuse(reason: string): void {
    if (disposed) return;
    sendError(ws, new AppError('rate_limited', 429, `Too many frames (${reason}); reconnect in a while.`));
    ws.close(CloseCode.Abuse, reason);
    dispose();
  }

  async function handleRaw(data: string | Buffer, isBinary: boolean): Promise<void> {
    if (disposed) return;
    try {
      await deps.limits.frames.take(connectionKey, 'Too many frames.');
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      abuse('frame rate');
      return;
    }
    if (isBinary) {
      sendError(ws, new AppError('invalid_frame', 400, 'Frames are JSON text, not binary.'));
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(data.toString(), wellFormed);
    } catch {
      // The parse failure is the client's fault and fully reported back to it.
      sendError(ws, new AppError('invalid_json', 400, 'The frame is not valid JSON.'));
      return;
    }
    const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
    if (role.kind === 'none') {
      await handleHello(value, type);
      return;
    }
    if (type === 'hello') {
      sendError(ws, new AppError('already_greeted', 400, 'This connection has already said hello.'), 'hello');
      return;
    }
    const parsed = ClientFrame.safeParse(value);
    if (!parsed.success) {
      const known = ClientFrame.def.options.some((option) => option.shape.type.def.values.includes(type as never));
      const ref = typeof type === 'string' ? type.slice(0, 64) : undefined;
      if (!known) {
        // Only a string is quoted back: a `type` that is a deeply nested object would overflow the stack of JSON.stringify.
        const named = typeof type === 'string' ? JSON.stringify(type.slice(0, 64)) : `of kind ${type === null ? 'null' : typeof type}`;
        sendError(ws, new AppError('unknown_type', 400, `Unknown frame type ${named}.`), ref);
      } else {
        sendError(ws, new AppError('invalid_frame', 400, describe(parsed.error)), clientMsgIdOf(value) ?? ref);
      }
      return;
    }
    const frame = parsed.data;
    if (role.kind === 'agent' && !(await sessionStillValid())) return;
    try {
      await (role.kind === 'visitor' ? handleVisitor(role.visitor, frame) : handleAgent(role.agent, frame));
    } catch (error) {
      sendError(ws, error, 'clientMsgId' in frame ? frame.clientMsgId : frame.type);
    }
  }

  async function sessionStillValid(): Promise<boolean> {
    if (disposed) return false;
    const current = deps.agentToken === undefined ? undefined : await findAgentBySession(deps.db, deps.agentToken, deps.now());
    if (current !== undefined) return true;
    if (disposed) return false;
    sendError(ws, new AppError('unauthorized', 401, 'Your session has ended. Sign in again.'));
    ws.close(CloseCode.Unauthorized, 'session ended');
    dispose();
    return false;
  }

  /** Re-checks the agent's session outside the frame order (a signal or the clock, not the client). */
  function recheckSession(): void {
    sessionStillValid().catch((error: unknown) => console.error('[ws] session re-check failed', error));
  }

  async function handleHello(value: unknown, type: unknown): Promise<void> {
    if (type !== 'hello') {
      sendError(ws, new AppError('hello_required', 400, 'Send a hello frame first.'));
      return;
    }
    const parsed = Hello.safeParse(value);
    if (!parsed.success) {
      sendError(ws, new AppError('invalid_frame', 400, describe(parsed.error)), 'hello');
      return;
    }
    const hello = parsed.data;
    if (hello.v !== PROTOCOL_VERSION) {
      sendError(ws, new AppError('unsupported_version', 400, `This server speaks protocol ${PROTOCOL_VERSION}; reload the page.`), 'hello');
      ws.close(CloseCode.UnsupportedVersion, 'unsupported version');
      return;
    }
    if (hello.role === 'agent') {
      if (deps.agent === undefined) {
        sendError(ws, new AppError('unauthorized', 401, 'Sign in to the console first.'), 'hello');
        ws.close(CloseCode.Unauthorized, 'unauthorized');
        return;
      }
      const agent = deps.agent;
      role = { kind: 'agent', agent };
      disposers.push(deps.bus.onSignal(Topic.agent(agent.id), recheckSession));
      const recheck = setInterval(recheckSession, SESSION_RECHECK_MS);
      disposers.push(() => clearInterval(recheck));
      // The session may have ended between the upgrade and this hello.
      if (!(await sessionStillValid())) return;
      subscribe(Topic.agents);
      const chosen = (await deps.router.team()).find((a) => a.id === agent.id);
      disposers.push(deps.presence.connect(agent.id, chosen?.status === 'away' ? 'away' : 'online'));
      deps.router.schedule();
      const conversations = await listForAgents(deps.db);
      send(ws, {
        type: 'welcome',
        role: 'agent',
        v: PROTOCOL_VERSION,
        agent: { id: agent.id, name: agent.name, email: agent.email },
        conversations,
        callbacks: await deps.callbacks.forAgents(),
      });
      send(ws, { type: 'team.presence', agents: await deps.router.team() });
      return;
    }
    const found = await findSite(deps.db, hello.siteKey);
    const site = found === undefined ? undefined : deps.bots.shared(found);
    if (site === undefined) {
      sendError(ws, new AppError('unknown_site', 404, `Unknown site "${hello.siteKey}". Check the snippet's data-site.`), 'hello');
      ws.close(CloseCode.Forbidden, 'unknown site');
      return;
    }
    if (!site.allowedOrigins.includes(hello.hostOrigin)) {
      sendError(ws, new AppError('origin_not_allowed', 403, `The chat is not enabled for ${hello.hostOrigin}.`), 'hello');
      ws.close(CloseCode.Forbidden, 'origin not allowed');
      return;
    }
    let identity: { contactId: string; token: string };
    if (hello.token !== undefined) {
      const found = await findVisitorByToken(deps.db, hello.token, site.key, deps.now());
      if (found === undefined) {
        sendError(ws, new AppError('unauthorized', 401, 'This visitor token is not valid here; start a new chat.'), 'hello');
        ws.close(CloseCode.Unauthorized, 'unknown token');
        return;
      }
      identity = { contactId: found.contactId, token: hello.token };
    } else {
      try {
        await deps.limits.newVisitors.take(deps.clientIp, 'Too many new chats from your network.');
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        sendError(ws, error, 'hello');
        ws.close(CloseCode.Abuse, 'too many new visitors');
        dispose();
        return;
      }
      identity = await createContactWithToken(deps.db, site.key, deps.now());
    }
    const visitor: VisitorContext = {
      site,
      contactId: identity.contactId,
      locale: hello.locale,
      page: hello.page ?? null,
      timeZone: hello.timeZone ?? null,
      userAgent: deps.userAgent?.slice(0, 512) ?? null,
      clientIp: deps.clientIp,
    };
    await deps.conversations.visitorSeen(visitor);
    role = { kind: 'visitor', visitor };
    subscribe(Topic.contact(identity.contactId));
    subscribe(Topic.site(site.key));
    const view = await deps.conversations.visitorView(identity.contactId, resumeCursor(hello));
    const callbackState = await deps.callbacks.visitorState(site, identity.contactId, hello.locale);
    if (view.futureSeq) {
      sendError(ws, new AppError('invalid_seq', 400, 'lastSeq is ahead of the server; here is the whole conversation.'), 'hello');
    }
    send(ws, {
      type: 'welcome',
      role: 'visitor',
      v: PROTOCOL_VERSION,
      token: identity.token,
      contactId: identity.contactId,
      site: { key: site.key, name: site.name, greeting: deps.bots.forSite(site).greeting(hello.locale), locale: hello.locale },
      conversation: view.conversation,
      messages: view.messages,
      resumed: view.resumed,
      ...callbackState,
    });
    if (view.conversation?.status === 'queued') deps.router.schedule();
  }

  async function handleVisitor(visitor: VisitorContext, frame: ClientFrame): Promise<void> {
    switch (frame.type) {
      case 'message.send': {
        if (frame.conversationId !== undefined) {
          const conversation = await deps.conversations.latestFor(visitor.contactId);
          if (conversation?.id !== frame.conversationId) {
            throw new AppError('forbidden', 403, 'That conversation is not yours.');
          }
        }
        // Per visitor, not per socket: more tabs do not buy more messages.
        await deps.limits.visitorMessages.take(visitor.contactId, 'You are sending messages too fast.');
        await deps.conversations.visitorMessage(visitor, frame, ({ message }) =>
          send(ws, {
            type: 'message.ack',
            clientMsgId: frame.clientMsgId,
            conversationId: message.conversationId,
            id: message.id,
            seq: message.seq,
            createdAt: message.createdAt,
          }),
        );
        return;
      }
      case 'handoff.request':
        await deps.conversations.visitorRequestsHandoff(visitor);
        return;
      case 'message.feedback':
        await deps.conversations.visitorFeedback(visitor, frame);
        return;
      case 'typing':
        await deps.conversations.visitorSignal(visitor, { kind: 'typing', typing: frame.typing });
        return;
      case 'conversation.read':
        await deps.conversations.visitorSignal(visitor, { kind: 'read', seq: frame.seq });
        return;
      case 'callback.slots':
        if (frame.callbackId !== undefined) throw new AppError('forbidden', 403, 'Only agents can reschedule a callback.');
        send(ws, { type: 'callback.slots', ...(await deps.callbacks.slotsFor(visitor.site.key)) });
        return;
      case 'callback.book':
        try {
          await deps.callbacks.book(visitor, frame);
        } catch (error) {
          if (!(error instanceof AppError) || error.code !== 'slot_full') throw error;
          // The visitor lost the race for the last place: say so, then show what is still free.
          sendError(ws, error, frame.type);
          send(ws, { type: 'callback.slots', ...(await deps.callbacks.slotsFor(visitor.site.key)) });
        }
        return;
      case 'callback.cancel':
        await deps.callbacks.cancel(visitor, frame.callbackId);
        return;
      case 'agent.status':
      case 'note.add':
      case 'conversation.transfer':
      case 'callback.claim':
      case 'callback.outcome':
        throw new AppError('forbidden', 403, 'Only agents can do that.');
      case 'conversation.open':
      case 'conversation.accept':
      case 'conversation.close':
        throw new AppError('forbidden', 403, 'Only agents can do that.');
      case 'ping':
        send(ws, { type: 'pong' });
        return;
      default:
        assertNever(frame);
    }
  }

  async function handleAgent(agent: Agent, frame: ClientFrame): Promise<void> {
    switch (frame.type) {
      case 'message.send': {
        if (frame.conversationId === undefined) {
          throw new AppError('invalid_frame', 400, 'conversationId is required for agents.');
        }
        await deps.conversations.agentMessage(agent, { ...frame, conversationId: frame.conversationId }, ({ message }) =>
          send(ws, {
            type: 'message.ack',
            clientMsgId: frame.clientMsgId,
            conversationId: message.conversationId,
            id: message.id,
            seq: message.seq,
            createdAt: message.createdAt,
          }),
        );
        return;
      }
      case 'conversation.open': {
        let detail = await deps.conversations.agentOpen(frame.conversationId, frame.afterSeq);
        if (!openConversations.has(frame.conversationId)) {
          openConversations.add(frame.conversationId);
          subscribe(Topic.conversation(frame.conversationId));
          // Read again after subscribing so nothing published in between is missed (clients dedupe).
          detail = await deps.conversations.agentOpen(frame.conversationId, frame.afterSeq);
        }
        if (detail.futureSeq) {
          sendError(ws, new AppError('invalid_seq', 400, 'afterSeq is ahead of the server; here is the whole conversation.'), frame.conversationId);
        }
        send(ws, {
          type: 'conversation.detail',
          conversation: detail.conversation,
          messages: detail.messages,
          resumed: detail.resumed,
          handoff: detail.handoff,
          notes: detail.notes,
          context: detail.context,
        });
        return;
      }
      case 'conversation.accept':
        await deps.conversations.accept(agent, frame.conversationId);
        return;
      case 'conversation.close':
        await deps.conversations.close(agent, frame.conversationId);
        return;
      case 'handoff.request':
      case 'message.feedback':
      case 'callback.book':
      case 'callback.cancel':
        throw new AppError('forbidden', 403, 'Only visitors can do that.');
      case 'callback.slots':
        if (frame.callbackId === undefined) throw new AppError('invalid_frame', 400, 'callbackId is required for agents.');
        send(ws, { type: 'callback.slots', ...(await deps.callbacks.slotsForCallback(frame.callbackId)) });
        return;
      case 'callback.claim':
        await deps.callbacks.claim(agent, frame.callbackId);
        return;
      case 'callback.outcome':
        try {
          await deps.callbacks.outcome(agent, frame);
        } catch (error) {
          if (!(error instanceof AppError) || error.code !== 'slot_full') throw error;
          // The new time filled up meanwhile: say so, then show what is still free.
          sendError(ws, error, frame.type);
          send(ws, { type: 'callback.slots', ...(await deps.callbacks.slotsForCallback(frame.callbackId)) });
        }
        return;
      case 'agent.status':
        await deps.router.setStatus(agent.id, frame.status);
        return;
      case 'note.add':
        await deps.conversations.addNote(agent, frame);
        return;
      case 'conversation.transfer':
        await deps.conversations.transfer(agent, frame);
        return;
      case 'typing':
      case 'conversation.read': {
        if (frame.conversationId === undefined) throw new AppError('invalid_frame', 400, 'conversationId is required for agents.');
        await deps.conversations.agentSignal(
          agent,
          frame.conversationId,
          frame.type === 'typing' ? { kind: 'typing', typing: frame.typing } : { kind: 'read', seq: frame.seq },
        );
        return;
      }
      case 'ping':
        send(ws, { type: 'pong' });
        return;
      default:
        assertNever(frame);
    }
  }

  function dispose(): void {
    if (disposed) return;
    disposed = true;
    for (const disposer of disposers.splice(0)) disposer();
  }

  return {
    receive(data, isBinary) {
      if (disposed) return;
      if (pending >= deps.limits.settings.inboundQueueFrames) {
        abuse('inbound queue full');
        return;
      }
      pending += 1;
      queue = queue
        .then(() => handleRaw(data, isBinary))
        .catch((error: unknown) => sendError(ws, error))
        .finally(() => {
          pending -= 1;
        });
    },
    greeted: () => role.kind !== 'none',
    dispose,
  };
}

/**
 * NOTE: JSON may carry lone surrogates ("\ud800") that no UTF-8 store can keep: SQLite would store
 * U+FFFD instead, so the stored text would differ from what was acknowledged and a resend would
 * conflict. They become U+FFFD here, at the boundary, before anything is acked, stored or relayed.
 */
function wellFormed(_key: string, value: unknown): unknown {
  if (typeof value !== 'string' || (value as string & { isWellFormed(): boolean }).isWellFormed()) return value;
  return (value as string & { toWellFormed(): string }).toWellFormed();
}

function resumeCursor(hello: { conversationId?: string | undefined; lastSeq?: number | undefined }) {
  return hello.conversationId !== undefined && hello.lastSeq !== undefined
    ? { conversationId: hello.conversationId, afterSeq: hello.lastSeq }
    : undefined;
}

function describe(error: z.core.$ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'Invalid frame.';
  const where = issue.path.length === 0 ? '' : `${issue.path.join('.')}: `;
  return `${where}${issue.message}`;
}

function clientMsgIdOf(value: unknown): string | undefined {
  const id = typeof value === 'object' && value !== null ? (value as { clientMsgId?: unknown }).clientMsgId : undefined;
  return typeof id === 'string' ? id.slice(0, 64) : undefined;
}

function assertNever(value: never): never {
  throw new Error(`Unhandled frame ${JSON.stringify(value)}`);
}
