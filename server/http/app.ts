import express, { type Express } from 'express';
import type { Config } from '../config';
import { AppError } from '../errors';
import type { Db } from '../store/db';
import { authRoutes } from './auth-routes';
import { cannedRoutes } from './canned-routes';
import { siteRoutes } from './site-routes';
import { errorHandler } from './errors';
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
  hours: Parameters<typeof siteRoutes>[0]['hours'];
}): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
    next();
  });

  app.get('/healthz', async (_req, res) => {
    await deps.db.selectFrom('sites').select('key').limit(1).execute();
    res.json({ ok: true });
  });

  app.use('/api/stream', deps.streams.router);
  app.use('/api', express.json({ limit: '16kb' }));
  app.use('/api/auth', authRoutes(deps));
  app.use('/api/sites', siteRoutes(deps));
  app.use('/api/agents', agentRoutes(deps));
  app.use('/api/me', meRoutes(deps));
  app.use('/api/canned', cannedRoutes(deps));
  app.use('/api', (_req, _res, next) => next(new AppError('not_found', 404, 'No such API route.')));
  app.use(staticRoutes({ db: deps.db, distDir: deps.config.distDir }));
  app.get('/', (_req, res) => res.redirect(302, '/console/'));
  app.use(errorHandler);
  return app;
}
