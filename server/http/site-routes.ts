import express, { Router } from 'express';
import { AppError } from '../errors';
import type { Db } from '../store/db';
import * as z from 'zod';
import { setSiteRouting } from '../store/sites';
import { parseBody } from './validate';
import { requireAgent } from './require-agent';
import { BusinessHours } from '../domain/schedule';
import type { SiteAccess } from '../domain/site-access';

/**
 * Site settings: routing and business hours (the knowledge base has its own routes,
 * knowledge-routes.ts). Every route but the hours read is for admins, who work on every site, so a
 * non-admin is refused (403) before anything about the site is looked up; the hours read is scoped
 * to the agent's sites.
 */
export function siteRoutes(deps: {
  db: Db;
  now: () => Date;
  onRoutingChange: () => void;
  hours: { get(siteKey: string): Promise<BusinessHours>; set(siteKey: string, hours: BusinessHours): Promise<void> };
  siteAccess: Pick<SiteAccess, 'site'>;
}): Router {
  const { db, now } = deps;
  const router = Router();

  /** Site settings an admin can change: for now, how the queue is routed. */
  router.patch('/:key', express.json({ limit: '4kb' }), async (req, res) => {
    await requireAgent(req, db, now(), 'admin');
    const body = parseBody(SiteSettings, req.body);
    if (!(await setSiteRouting(db, req.params.key, body.routing))) throw new AppError('not_found', 404, `No site "${req.params.key}".`);
    deps.onRoutingChange();
    res.json({ ok: true, routing: body.routing });
  });

  /** Business hours and callback settings (server/domain/schedule.ts `BusinessHours`). Agents read, admins write. */
  router.get('/:key/hours', async (req, res) => {
    const agent = await requireAgent(req, db, now());
    // A site this agent does not work on answers as an unknown one (site-access.ts).
    await deps.siteAccess.site(agent.id, req.params.key);
    res.json(await deps.hours.get(req.params.key));
  });

  router.put('/:key/hours', async (req, res) => {
    await requireAgent(req, db, now(), 'admin');
    const hours = parseBody(BusinessHours, req.body);
    await deps.hours.set(req.params.key, hours);
    deps.onRoutingChange();
    res.json(hours);
  });

  return router;
}

const SiteSettings = z.object({ routing: z.enum(['auto', 'manual'], { message: 'routing must be "auto" or "manual".' }) }).strict();
