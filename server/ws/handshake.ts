import { CloseCode, PROTOCOL_VERSION } from '../../protocol/codes';
import { Hello } from '../../protocol/frames';
import { Topic } from '../bus/bus';
import type { Agent } from '../domain/agent-auth';
import { localeFor } from '../domain/appearance';
import type { BotRegistry } from '../domain/bots';
import type { CallbackService } from '../domain/callbacks';
import type { ConversationService, VisitorContext } from '../domain/conversations';
import type { Presence } from '../domain/presence';
import type { Router } from '../domain/router';
import type { SiteAccess } from '../domain/site-access';
import type { Visitors } from '../domain/visitors';
import { AppError } from '../errors';
import type { Limits } from '../security/limits';
import { type AgentSessionCheckDeps, watchAgentSession } from './agent-session-check';
import type { Connection } from './connection';
import { describeIssue } from './inbound-frame';
import { send, sendError } from './send';

export type HandshakeDeps = AgentSessionCheckDeps & {
  visitors: Visitors;
  conversations: ConversationService;
  callbacks: CallbackService;
  bots: BotRegistry;
  presence: Presence;
  router: Router;
  siteAccess: SiteAccess;
  limits: Limits;
  /** The agent whose session cookie came with the upgrade, if any. */
  agent: Agent | undefined;
  /** The browser's User-Agent header, shown to agents as the visitor's device. */
  userAgent: string | undefined;
  /** The peer's address (through trusted proxies only), for per-address limits. */
  clientIp: string;
};

/** Who a connection speaks for once its hello is accepted. */
export type Greeting =
  | { kind: 'visitor'; visitor: VisitorContext }
  | { kind: 'agent'; agent: Agent; stillValid: () => Promise<boolean> };

/**
 * The first frame: a hello in the protocol version this server speaks, from a signed-in agent or
 * a visitor of a known site on an allowed origin, answered with a welcome. `greeted` is called as
 * soon as the role is certain and before the welcome is built, so a failure while building it
 * leaves a greeted connection (a second hello is refused), as it always has.
 */
export async function handleHello(
  connection: Connection,
  deps: HandshakeDeps,
  value: unknown,
  type: unknown,
  greeted: (greeting: Greeting) => void,
): Promise<void> {
  const ws = connection.peer;
  if (type !== 'hello') {
    sendError(ws, new AppError('hello_required', 400, 'Send a hello frame first.'));
    return;
  }
  const parsed = Hello.safeParse(value);
  if (!parsed.success) {
    sendError(ws, new AppError('invalid_frame', 400, describeIssue(parsed.error)), 'hello');
    return;
  }
  const hello = parsed.data;
  if (hello.v !== PROTOCOL_VERSION) {
    sendError(ws, new AppError('unsupported_version', 400, `This server speaks protocol ${PROTOCOL_VERSION}; reload the page.`), 'hello');
    ws.close(CloseCode.UnsupportedVersion, 'unsupported version');
    return;
  }
  if (hello.role === 'agent') await greetAgent(connection, deps, greeted);
  else await greetVisitor(connection, deps, hello, greeted);
}

async function greetAgent(connection: Connection, deps: HandshakeDeps, greeted: (greeting: Greeting) => void): Promise<void> {
  const ws = connection.peer;
  const agent = deps.agent;
  if (agent === undefined) {
    sendError(ws, new AppError('unauthorized', 401, 'Sign in to the console first.'), 'hello');
    ws.close(CloseCode.Unauthorized, 'unauthorized');
    return;
  }
  const stillValid = watchAgentSession(connection, deps, agent.id);
  greeted({ kind: 'agent', agent, stillValid });
  // The session may have ended between the upgrade and this hello.
  if (!(await stillValid())) return;
  // Subscribed before the snapshot is read, so nothing published in between is missed (clients
  // dedupe). The scope is fixed for this socket's life: an access change closes it (4100).
  const scope = await deps.siteAccess.scopeOf(agent.id);
  connection.subscribe(Topic.agents);
  if (scope.all) connection.subscribe(Topic.allSiteAgents);
  else for (const key of scope.keys) connection.subscribe(Topic.siteAgents(key));
  const chosen = (await deps.router.team()).find((a) => a.id === agent.id);
  connection.onDispose(deps.presence.connect(agent.id, chosen?.status === 'away' ? 'away' : 'online'));
  deps.router.schedule();
  const conversations = await deps.conversations.listForAgents(scope);
  send(ws, {
    type: 'welcome',
    role: 'agent',
    v: PROTOCOL_VERSION,
    agent: { id: agent.id, name: agent.name, email: agent.email, ...(agent.avatar === null ? {} : { avatar: agent.avatar }) },
    sites: await deps.siteAccess.sitesIn(scope),
    conversations,
    callbacks: await deps.callbacks.forAgents(scope),
  });
  send(ws, { type: 'team.presence', agents: await deps.router.team() });
}

async function greetVisitor(
  connection: Connection,
  deps: HandshakeDeps,
  hello: Extract<Hello, { role: 'visitor' }>,
  greeted: (greeting: Greeting) => void,
): Promise<void> {
  const ws = connection.peer;
  const site = await deps.visitors.site(hello.siteKey);
  if (site === undefined) {
    sendError(ws, new AppError('unknown_site', 404, `Unknown site "${hello.siteKey}". Check the snippet's data-site.`), 'hello');
    ws.close(CloseCode.Forbidden, 'unknown site');
    return;
  }
  if (site.disabled) {
    // History is kept; the widget shows nothing (its stylesheet hides it) and nobody new gets in.
    sendError(ws, new AppError('site_disabled', 403, 'The chat is turned off for this site.'), 'hello');
    ws.close(CloseCode.Forbidden, 'site disabled');
    return;
  }
  if (!site.allowedOrigins.includes(hello.hostOrigin)) {
    sendError(ws, new AppError('origin_not_allowed', 403, `The chat is not enabled for ${hello.hostOrigin}.`), 'hello');
    ws.close(CloseCode.Forbidden, 'origin not allowed');
    return;
  }
  let identity: { contactId: string; token: string };
  if (hello.token !== undefined) {
    const found = await deps.visitors.byToken(hello.token, site.key);
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
      connection.dispose();
      return;
    }
    identity = await deps.visitors.create(site.key);
  }
  // A language the site has turned off falls back to its first one (the frame does the same).
  const locale = localeFor(site.appearance, hello.locale);
  const visitor: VisitorContext = {
    site,
    contactId: identity.contactId,
    locale,
    page: hello.page ?? null,
    timeZone: hello.timeZone ?? null,
    userAgent: deps.userAgent?.slice(0, 512) ?? null,
    clientIp: deps.clientIp,
  };
  await deps.conversations.visitorSeen(visitor);
  greeted({ kind: 'visitor', visitor });
  connection.subscribe(Topic.contact(identity.contactId));
  connection.subscribe(Topic.site(site.key));
  connection.onDispose(
    deps.bus.onSignal(Topic.site(site.key), (signal) => {
      if (signal.type !== 'site.disabled') return;
      sendError(ws, new AppError('site_disabled', 403, 'The chat is turned off for this site.'));
      ws.close(CloseCode.Forbidden, 'site disabled');
    }),
  );
  const view = await deps.conversations.visitorView(identity.contactId, resumeCursor(hello));
  const callbackState = await deps.callbacks.visitorState(site, identity.contactId, locale);
  if (view.futureSeq) {
    sendError(ws, new AppError('invalid_seq', 400, 'lastSeq is ahead of the server; here is the whole conversation.'), 'hello');
  }
  send(ws, {
    type: 'welcome',
    role: 'visitor',
    v: PROTOCOL_VERSION,
    token: identity.token,
    contactId: identity.contactId,
    site: {
      key: site.key,
      name: site.appearance.teamName ?? site.name,
      greeting: site.appearance.greeting[locale] ?? deps.bots.forSite(site).greeting(locale),
      locale,
    },
    conversation: view.conversation,
    messages: view.messages,
    resumed: view.resumed,
    ...callbackState,
    // 'message': when nobody is there the visitor leaves a message here instead of booking a call.
    ...(site.appearance.whenUnavailable === 'message' ? { callbacksEnabled: false } : {}),
  });
  if (view.conversation?.status === 'queued') deps.router.schedule();
}

function resumeCursor(hello: { conversationId?: string | undefined; lastSeq?: number | undefined }) {
  return hello.conversationId !== undefined && hello.lastSeq !== undefined
    ? { conversationId: hello.conversationId, afterSeq: hello.lastSeq }
    : undefined;
}
