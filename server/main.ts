import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { type Bus, createLocalBus, Topic } from './bus/bus';
import type { Config } from './config';
import { createAgentAuth } from './domain/agent-auth';
import { createAgentSessions } from './domain/agent-sessions';
import { createBotRegistry } from './domain/bots';
import { type Availability, createAvailability } from './domain/availability';
import { createBotTurns } from './domain/bot-turns';
import { createCallbackSteps } from './domain/callback-steps';
import { type CallbackSweeper, createCallbackSweeper } from './domain/callback-sweeper';
import { type CallbackService, createCallbackService, DEFAULT_CALLBACK_CONFIG } from './domain/callbacks';
import { createContactFacts } from './domain/contact-facts';
import { type ConversationService, createConversationService } from './domain/conversations';
import { createDomainEvents } from './domain/events';
import { createMoves } from './domain/moves';
import { createPresence } from './domain/presence';
import { createRouter } from './domain/router';
import { createSiteAccess, type SiteAccess } from './domain/site-access';
import { createSiteClosing, type SiteClosing } from './domain/site-closing';
import { createLoadRecorder } from './domain/site-loads';
import { createUnansweredLog, type UnansweredLog } from './domain/unanswered';
import { createVisitors } from './domain/visitors';
import { createHttpApp } from './http/app';
import { createNetwork } from './http/network';
import { streamRoutes } from './http/stream-routes';
import { createLimits } from './security/limits';
import { hashPassword } from './security/password';
import { newPassword } from './security/tokens';
import { countAgents, createAgent } from './store/agents';
import { type Db, openSqlite } from './store/db';
import { findSite, upsertSite } from './store/sites';
import { attachGateway } from './ws/gateway';

export type Ponte = {
  conversations: ConversationService;
  callbacks: CallbackService;
  callbackSweeper: CallbackSweeper;
  availability: Availability;
  /** Which agent works on which site. */
  siteAccess: SiteAccess;
  /** Ends the open chats of a site an admin turned off. */
  siteClosing: SiteClosing;
  /** The questions the bot did not answer, per site. */
  unanswered: UnansweredLog;
  url: string;
  port: number;
  db: Db;
  bus: Bus;
  /** Set when this start created the admin with a generated password (print it once). */
  generatedAdminPassword: string | undefined;
  close(): Promise<void>;
};

export const DEMO_SITE_KEY = 'demo';
const DEMO_KB = resolve(import.meta.dirname, '../bot/knowledge/demo-shop.yaml');

/**
 * The composition root: store, bus, bot registry, domain, HTTP app and socket gateway are made
 * here and passed down. Nothing else in the server does work when imported.
 */
export async function startPonte(config: Config, options: { now?: () => Date } = {}): Promise<Ponte> {
  const now = options.now ?? (() => new Date());
  const db = await openSqlite(config.dataDir);
  const bus = createLocalBus();
  const generatedAdminPassword = await seed(db, config, now());
  const bots = createBotRegistry({ llm: config.llm });
  const presence = createPresence({ graceMs: config.presenceGraceMs });
  const network = createNetwork(config.trustProxy);
  const limits = createLimits(config.limits);
  const sessions = createAgentSessions({ db, bus });
  // In a straight line: each part gets only what was made before it; parts that must hear of
  // later ones (routing, the sweeper) subscribe to domain events below.
  const events = createDomainEvents();
  const availability = createAvailability({ db, presence, now });
  const moves = createMoves({ db, bus, events, now });
  const unanswered = createUnansweredLog({ db, bots, events, now });
  const contactFacts = createContactFacts({ db, bus });
  const botTurns = createBotTurns({ db, bus, bots, availability, moves, events, unanswered, contactFacts, now });
  const siteAccess = createSiteAccess({ db, bus, moves, now });
  const siteClosing = createSiteClosing({ db, moves });
  const conversations = createConversationService({ db, bus, moves, botTurns, contactFacts, mayWorkOn: siteAccess.mayWorkOn, now });
  const callbackConfig = { ...DEFAULT_CALLBACK_CONFIG, ...config.callbacks };
  const steps = createCallbackSteps({ db, bus, moves, now });
  const callbacks = createCallbackService({ db, conversations, availability, steps, now, limits, config: callbackConfig });
  const callbackSweeper = createCallbackSweeper({ db, bus, steps, events, now, config: callbackConfig });
  const router = createRouter({
    db,
    bus,
    presence,
    now,
    offerTimeoutMs: config.offerTimeoutMs,
    publishSummary: moves.publishSummary,
    requeueFromAgent: conversations.requeueFromAgent,
    workers: siteAccess.workers,
    available: availability.available,
    offerCallback: availability.offerInQueue,
  });
  events.on('queue.changed', router.schedule);
  events.on('callbacks.swept', router.refreshAvailability);
  const visitors = createVisitors({ db, bots, now });
  const agentAuth = createAgentAuth({ db, now });
  const sessionDeps = { bus, conversations, callbacks, bots, presence, router, siteAccess, limits, network, visitors, agentAuth };
  const streams = streamRoutes(sessionDeps);
  const hours = { get: availability.hoursFor, set: availability.setHours };
  const loads = createLoadRecorder({ db, now });
  const app = createHttpApp({
    db,
    config,
    now,
    streams,
    onRoutingChange: router.schedule,
    onSiteDisabled: (siteKey) => {
      bus.signal(Topic.site(siteKey), { type: 'site.disabled', siteKey });
      void siteClosing.start(siteKey);
    },
    hours,
    network,
    limits,
    sessions,
    unanswered,
    loads,
    available: availability.available,
    siteAccess,
  });
  const server: Server = createServer(app);
  // Malformed HTTP (bad request line, oversized headers, garbage) ends that connection with a 400, never the process.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (socket.writable && !socket.destroyed) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    else socket.destroy();
    if (error.code !== 'ECONNRESET') console.warn(`[http] malformed request refused: ${error.code ?? error.message}`);
  });
  const gateway = attachGateway(server, sessionDeps);
  callbackSweeper.start();
  router.schedule();
  await siteClosing.resume();
  const resumed = await conversations.resumePendingBotTurns();
  if (resumed > 0) console.log(`[bot] answering ${resumed} visitor message(s) left unanswered by the previous run`);

  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(config.port, config.host, () => {
      server.off('error', fail);
      done();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;

  let closing: Promise<void> | undefined;
  return {
    conversations,
    callbacks,
    callbackSweeper,
    availability,
    siteAccess,
    siteClosing,
    unanswered,
    url: `http://${host}:${port}`,
    port,
    db,
    bus,
    generatedAdminPassword,
    close() {
      closing ??= (async () => {
        // Stop accepting, tell every client to reconnect (1012), then flush and close the store.
        const stopped = new Promise<void>((done) => server.close(() => done()));
        await conversations.shutdown();
        await siteClosing.close();
        await callbackSweeper.close();
        router.close();
        presence.close();
        streams.close();
        await gateway.close();
        server.closeIdleConnections();
        await stopped;
        server.closeAllConnections();
        await router.idle();
        // After the bot's turns (they record) and the gateway (its moves mark); before the store goes.
        await unanswered.close();
        await loads.close();
        bus.close();
        await db.destroy();
      })();
      return closing;
    },
  };
}

/** The demo site and, on an empty store, the first admin. Returns a generated password, if any. */
async function seed(db: Db, config: Config, now: Date): Promise<string | undefined> {
  // NOTE: the file seeds the demo site's knowledge base once; later changes come through the API
  // and must survive restarts. The allowed origins follow the configuration on every start.
  const existing = await findSite(db, DEMO_SITE_KEY);
  await upsertSite(
    db,
    {
      key: DEMO_SITE_KEY,
      name: 'Lumen & Co.',
      allowedOrigins: config.demoOrigins,
      knowledgeBase: existing?.knowledgeBase ?? readFileSync(DEMO_KB, 'utf8'),
    },
    now,
  );
  if ((await countAgents(db)) > 0) return undefined;
  const password = config.adminPassword ?? newPassword();
  await createAgent(
    db,
    { email: config.adminEmail, name: 'Admin', passwordHash: await hashPassword(password, config.passwordCost), role: 'admin' },
    now,
  );
  return config.adminPassword === undefined ? password : undefined;
}
