import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Config } from '../config';
import type { AgentSessions } from '../domain/agent-sessions';
import type { SiteAccess } from '../domain/site-access';
import type { LoadRecorder } from '../domain/site-loads';
import type { UnansweredLog } from '../domain/unanswered';
import { AppError } from '../errors';
import type { Limits } from '../security/limits';
import type { Db } from '../store/db';
import { authRoutes } from './auth-routes';
import { cannedRoutes } from './canned-routes';
import { knowledgeRoutes } from './knowledge-routes';
import { siteRoutes } from './site-routes';
import { unansweredRoutes } from './unanswered-routes';
import { errorHandler } from './errors';
import type { Network } from './network';
import { staticRoutes } from './static-routes';
import { agentRoutes, meRoutes } from './team-routes';
import type { StreamRoutes } from './stream-routes';

export function createHttpApp(deps: {
  db: Db;
  config: Config;
  now: () => Date;
  streams: StreamRoutes;
  /** Routing re-runs when a site's routing mode changes. */
  onRoutingChange: () => void;
  onSiteDisabled: (siteKey: string) => void;
  hours: Parameters<typeof siteRoutes>[0]['hours'];
  network: Network;
  limits: Limits;
  sessions: AgentSessions;
  unanswered: Pick<UnansweredLog, 'groups'>;
  siteAccess: SiteAccess;
  /** The installation check's counter (widget loads per site and origin). */
  loads: LoadRecorder;
  /** Whether a person can take a chat on a site now (a site may hide its launcher otherwise). */
  available: (siteKey: string) => Promise<boolean>;
}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.network.trust);
  app.use(
    helmet({
      // Each page sets its own policy (static-routes.ts): the widget frame's frame-ancestors are the site's origins.
      contentSecurityPolicy: false,
      // X-Frame-Options would stop customers' sites from framing the widget; CSP frame-ancestors decides instead.
      frameguard: false,
      referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
      // The loader is fetched by other sites' pages; it sets cross-origin itself (static-routes.ts).
      crossOriginResourcePolicy: { policy: 'same-origin' },
    }),
  );
  // NOTE: one CSRF gate for every state-changing API call (console, SSE fallback): same origin or no Origin.
  app.use('/api', (req, _res, next) => {
    const safe = req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS';
    next(safe || deps.network.isSameOrigin(req) ? undefined : new AppError('forbidden', 403, 'Cross-site requests are not allowed.'));
  });

  app.get('/healthz', async (_req, res) => {
    await deps.db.selectFrom('sites').select('key').limit(1).execute();
    res.json({ ok: true });
  });

  app.use('/api/stream', deps.streams.router);
  // Before the 16 KB JSON parser: knowledge-base drafts are up to 512 KB.
  app.use('/api/sites', knowledgeRoutes(deps));
  app.use('/api', express.json({ limit: '16kb' }));
  app.use('/api/auth', authRoutes(deps));
  app.use('/api/sites', siteRoutes(deps));
  app.use('/api/sites', unansweredRoutes(deps));
  app.use('/api/agents', agentRoutes(deps));
  app.use('/api/me', meRoutes(deps));
  app.use('/api/canned', cannedRoutes(deps));
  app.use('/api', (_req, _res, next) => next(new AppError('not_found', 404, 'No such API route.')));
  app.use(
    staticRoutes({ db: deps.db, distDir: deps.config.distDir, dataDir: deps.config.dataDir, loads: deps.loads, available: deps.available }),
  );
  app.get('/', (_req, res) => res.redirect(302, '/console/'));
  app.use(errorHandler);
  return app;
}
