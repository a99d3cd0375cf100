import { Router } from 'express';
import * as z from 'zod';
import { Locales } from '../../protocol/codes';
import type { UnansweredLog } from '../domain/unanswered';
import { AppError } from '../errors';
import type { Db } from '../store/db';
import { findSite } from '../store/sites';
import { requireAgent } from './require-agent';
import { parseQuery } from './validate';

/** The period when none is asked for: the last 30 days. */
const DEFAULT_PERIOD_MS = 30 * 24 * 60 * 60 * 1000;

const Instant = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], { error: 'Use an ISO 8601 date or date-time, e.g. 2025-03-01 or 2025-03-01T00:00:00Z.' })
  .transform((text) => new Date(text));

// NOTE: an empty value (`?locale=`) means "not given", as a console's "all languages" choice sends it.
const UnansweredQuery = z.preprocess(
  (query) =>
    typeof query === 'object' && query !== null ? Object.fromEntries(Object.entries(query).filter(([, value]) => value !== '')) : query,
  z.strictObject({
    since: Instant.optional(),
    until: Instant.optional(),
    locale: z.enum(Locales, { error: `Use one of ${Locales.join(', ')}.` }).optional(),
    limit: z
      .string({ error: 'Use a whole number from 1 to 200.' })
      .regex(/^\d{1,3}$/, 'Use a whole number from 1 to 200.')
      .transform(Number)
      .pipe(z.number().min(1, 'Use a whole number from 1 to 200.').max(200, 'Use a whole number from 1 to 200.'))
      .optional(),
  }),
);

/**
 * `/api/sites/:key/unanswered`: the questions the bot could not answer on a site, grouped by
 * similarity (server/domain/unanswered.ts), for admins.
 */
export function unansweredRoutes(deps: { db: Db; now: () => Date; unanswered: Pick<UnansweredLog, 'groups'> }): Router {
  const { db, now } = deps;
  const router = Router();

  router.get('/:key/unanswered', async (req, res) => {
    await requireAgent(req, db, now(), 'admin');
    const query = parseQuery(UnansweredQuery, req.query);
    const site = await findSite(db, req.params.key);
    if (site === undefined) throw new AppError('not_found', 404, `No site "${req.params.key}".`);
    const until = query.until ?? now();
    const since = query.since ?? new Date(until.getTime() - DEFAULT_PERIOD_MS);
    if (since.getTime() >= until.getTime()) throw new AppError('invalid_query', 400, 'since: must be before until.');
    res.json(await deps.unanswered.groups(site, { since, until, locale: query.locale, limit: query.limit ?? 50 }));
  });

  return router;
}
