import express, { Router } from 'express';
import { KnowledgeBaseError, parseKnowledgeBase } from '../../bot/knowledge-base';
import { AppError } from '../errors';
import type { Db } from '../store/db';
import * as z from 'zod';
import { findSite, setSiteRouting, upsertSite } from '../store/sites';
import { parseBody } from './validate';
import { requireAgent } from './require-agent';
import { BusinessHours } from '../domain/schedule';
import type { SiteAccess } from '../domain/site-access';

/**
 * Site settings: the knowledge base (YAML, the same format as `bot/knowledge/demo-shop.yaml`,
 * validated whole before it is stored), routing and business hours. Every route but the hours
 * read is for admins, who work on every site, so a non-admin is refused (403) before anything
 * about the site is looked up; the hours read is scoped to the agent's sites.
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
  const yamlBody = express.text({ type: () => true, limit: '512kb' });

  router.get('/:key/knowledge-base', async (req, res) => {
    await requireAgent(req, db, now(), 'admin');
    const site = await findSite(db, req.params.key);
    if (site === undefined) throw new AppError('not_found', 404, `No site "${req.params.key}".`);
    res.type('text/yaml').send(site.knowledgeBase);
  });

  router.put('/:key/knowledge-base', yamlBody, async (req, res) => {
    await requireAgent(req, db, now(), 'admin');
    const site = await findSite(db, req.params.key);
    if (site === undefined) throw new AppError('not_found', 404, `No site "${req.params.key}".`);
    const text = typeof req.body === 'string' ? req.body : '';
    let entries: number;
    try {
      entries = parseKnowledgeBase(text).entries.length;
    } catch (error) {
      if (!(error instanceof KnowledgeBaseError)) throw error;
      res.status(400).json({ error: { code: 'invalid_knowledge_base', message: error.message, problems: error.problems } });
      return;
    }
    await upsertSite(db, { ...site, knowledgeBase: text }, now());
    res.json({ ok: true, entries });
  });

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
