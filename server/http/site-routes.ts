import express, { type Request, Router } from 'express';
import * as z from 'zod';
import type { Config } from '../config';
import { AppearancePatch, mergeAppearance } from '../domain/appearance';
import type { SiteAccess } from '../domain/site-access';
import { isPlainName, NAME_RULE_MESSAGE } from '../domain/names';
import type { LoadRecorder } from '../domain/site-loads';
import { parseOrigins } from '../domain/origins';
import { BusinessHours } from '../domain/schedule';
import { starterKnowledgeBase } from '../domain/starter-knowledge-base';
import { AppError } from '../errors';
import type { Agent } from '../store/agents';
import { AVATAR_MAX_BYTES, saveAvatar } from '../store/avatars';
import type { Db } from '../store/db';
import {
  type Site,
  type SiteChange,
  createSite,
  findSite,
  listSites,
  siteLoads,
  updateSite,
} from '../store/sites';
import { requireAgent } from './require-agent';
import { parseBody } from './validate';

/** A site as the console sees it (the knowledge base has its own route). */
export function siteInfo(site: Site) {
  return {
    key: site.key,
    name: site.name,
    allowedOrigins: site.allowedOrigins,
    disabled: site.disabled,
    routing: site.routing,
    appearance: site.appearance,
    revision: site.revision,
    createdAt: site.createdAt,
  };
}

async function siteOr404(db: Db, key: string): Promise<Site> {
  const site = await findSite(db, key);
  if (site === undefined) throw new AppError('not_found', 404, `No site "${key}".`);
  return site;
}

const STALE_SITE = "Someone else saved this site's settings since you opened them. Reload to see their changes.";

/**
 * Sites for the console: list, create, read and change (name, origins, disabling, appearance,
 * routing), the avatar, the installation check and business hours. The knowledge base has its own
 * routes (knowledge-routes.ts).
 */
export function siteRoutes(deps: {
  db: Db;
  config: Config;
  now: () => Date;
  onRoutingChange: () => void;
  /** Ends the open visitor connections of a site just disabled. */
  onSiteDisabled: (siteKey: string) => void;
  loads: Pick<LoadRecorder, 'flush'>;
  hours: { get(siteKey: string): Promise<BusinessHours>; set(siteKey: string, hours: BusinessHours): Promise<void> };
  siteAccess: Pick<SiteAccess, 'site' | 'sitesOf'>;
}): Router {
  const { db, now } = deps;
  const router = Router();
  /** The sites an agent may see: admins all, others those they work on (site-access.ts). */
  const visibleSites = async (agent: Agent): Promise<Site[]> =>
    listSites(db, (await deps.siteAccess.sitesOf(agent.id)).map((site) => site.key));
  // Any Content-Type: the type is read from the bytes (store/avatars.ts), never from the header.
  const imageBody = express.raw({ type: () => true, limit: AVATAR_MAX_BYTES });

  router.get('/', async (req, res) => {
    const agent = await requireAgent(req, db, now());
    res.json({ sites: (await visibleSites(agent)).map(siteInfo) });
  });

  router.post('/', async (req, res) => {
    const admin = await requireAgent(req, db, now(), 'admin');
    const body = parseBody(CreateBody, req.body);
    const allowedOrigins = parseOrigins(body.allowedOrigins);
    const site = await createSite(
      db,
      { name: body.name, allowedOrigins, knowledgeBase: starterKnowledgeBase(body.name), authorId: admin.id },
      now(),
    );
    res.status(201).json(siteInfo(site));
  });

  router.get('/:key', async (req, res) => {
    const agent = await requireAgent(req, db, now());
    const site = (await visibleSites(agent)).find((s) => s.key === req.params.key);
    if (site === undefined) throw new AppError('not_found', 404, `No site "${req.params.key}".`);
    res.json(siteInfo(site));
  });

  /**
   * What an admin can change. Only `routing`: the same write and `{ ok, routing }` answer as
   * before, plus the site. With `revision`, nothing is written if someone saved since (409).
   */
  router.patch('/:key', async (req, res) => {
    await requireAgent(req, db, now(), 'admin');
    const body = parseBody(PatchBody, req.body);
    const current = await siteOr404(db, req.params.key);
    if (body.revision !== undefined && body.revision !== current.revision) throw new AppError('stale_site', 409, STALE_SITE);
    const change: SiteChange = {
      ...(body.name !== undefined ? { name: body.name } : {}),
      ...(body.allowedOrigins !== undefined ? { allowedOrigins: parseOrigins(body.allowedOrigins) } : {}),
      ...(body.disabled !== undefined ? { disabled: body.disabled } : {}),
      ...(body.routing !== undefined ? { routing: body.routing } : {}),
      ...(body.appearance !== undefined ? { appearance: mergeAppearance(current.appearance, body.appearance) } : {}),
    };
    // Nothing to change (an empty save): no write, and no new revision to make other admins' pages stale.
    if (Object.keys(change).length === 0) {
      res.json({ ok: true, ...siteInfo(current) });
      return;
    }
    const updated = await updateSite(db, current.key, change, now(), body.revision ?? undefined);
    if (updated === 'not_found') throw new AppError('not_found', 404, `No site "${req.params.key}".`);
    if (updated === 'stale') throw new AppError('stale_site', 409, STALE_SITE);
    if (body.routing !== undefined || body.disabled !== undefined) deps.onRoutingChange();
    if (body.disabled === true && !current.disabled) deps.onSiteDisabled(current.key);
    res.json({ ok: true, ...siteInfo(updated) });
  });

  router.put('/:key/avatar', imageBody, async (req, res) => {
    await requireAgent(req, db, now(), 'admin');
    const site = await siteOr404(db, req.params.key);
    const avatar = await saveAvatar(deps.config.dataDir, req.body);
    const updated = await updateSite(db, site.key, { appearance: { ...site.appearance, avatar } }, now());
    if (typeof updated === 'string') throw new AppError('not_found', 404, `No site "${req.params.key}".`);
    res.json({ avatar, revision: updated.revision });
  });

  router.delete('/:key/avatar', async (req, res) => {
    await requireAgent(req, db, now(), 'admin');
    const site = await siteOr404(db, req.params.key);
    const updated = await updateSite(db, site.key, { appearance: { ...site.appearance, avatar: null } }, now());
    if (typeof updated === 'string') throw new AppError('not_found', 404, `No site "${req.params.key}".`);
    // NOTE: the file stays: it is content-addressed, and another site or agent may show the same one.
    res.json({ avatar: null, revision: updated.revision });
  });

  /** The snippet to paste, and where the widget was loaded from (the launcher stylesheet's requests). */
  router.get('/:key/installation', async (req, res) => {
    await requireAgent(req, db, now(), 'admin');
    const site = await siteOr404(db, req.params.key);
    await deps.loads.flush();
    res.json({ snippet: snippet(relayOrigin(req), site.key), loads: await siteLoads(db, site.key) });
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

/** The relay's own origin as the browser reached it; the Host header is the client's word, so only a well-formed one. */
function relayOrigin(req: Request): string {
  const host = req.headers.host ?? '';
  const candidate = `${req.protocol}://${host}`;
  return /^[\w.:[\]-]+$/.test(host) && URL.canParse(candidate) ? new URL(candidate).origin : 'https://chat.example.com';
}

export function snippet(relay: string, siteKey: string): string {
  return `<script async src="${relay}/widget.js" data-site="${siteKey}"></script>`;
}

const SiteName = z
  .string({ error: 'Enter a site name.' })
  .trim()
  .min(1, 'Enter a site name.')
  .max(80, 'Use at most 80 characters.')
  .refine(isPlainName, NAME_RULE_MESSAGE);

const Origins = z.array(z.string({ error: 'Each origin is text, like https://shop.example.' }).max(2048), {
  error: 'allowedOrigins is a list of origins, like ["https://shop.example"].',
});

// A site with no origin could load nowhere: at least one at creation (turning the chat off is `disabled`).
const CreateBody = z.strictObject({
  name: SiteName,
  allowedOrigins: Origins.min(1, 'Add at least one origin your pages are served from, like https://shop.example.'),
});

const PatchBody = z.strictObject({
  name: SiteName.optional(),
  allowedOrigins: Origins.optional(),
  disabled: z.boolean({ error: 'disabled must be true or false.' }).optional(),
  routing: z.enum(['auto', 'manual'], { message: 'routing must be "auto" or "manual".' }).optional(),
  appearance: AppearancePatch.optional(),
  revision: z.number({ error: 'revision is the number you read with the site.' }).int().min(1).optional(),
});
