import { Router } from 'express';
import * as z from 'zod';
import { AppError } from '../errors';
import { createCanned, deleteCanned, listCanned } from '../store/canned';
import type { Db } from '../store/db';
import { requireAgent } from './require-agent';
import { parseBody } from './validate';

const CreateBody = z.object({
  shortcut: z
    .string({ error: 'Enter a shortcut.' })
    .regex(/^[a-z0-9-]{1,32}$/, 'Use 1–32 lowercase letters, digits or dashes.'),
  // NOTE: stored as given (not trimmed, not escaped); the console inserts it as text.
  text: z
    .string({ error: 'Enter the reply text.' })
    .refine((t) => t.trim().length > 0, 'Enter the reply text.')
    .refine((t) => t.length <= 4000, 'Use at most 4000 characters.'),
});

/** `/api/canned`: the team's saved replies. Any signed-in agent may read, add and delete them. */
export function cannedRoutes(deps: { db: Db; now: () => Date }): Router {
  const { db, now } = deps;
  const router = Router();

  router.get('/', async (req, res) => {
    await requireAgent(req, db, now());
    res.json({ replies: await listCanned(db) });
  });

  router.post('/', async (req, res) => {
    const me = await requireAgent(req, db, now());
    const body = parseBody(CreateBody, req.body);
    const reply = await createCanned(db, { ...body, createdBy: me.id }, now());
    if (reply === undefined) throw new AppError('conflict', 409, `shortcut: /${body.shortcut} is already in use.`);
    res.status(201).json({ reply });
  });

  router.delete('/:id', async (req, res) => {
    await requireAgent(req, db, now());
    if (!(await deleteCanned(db, req.params.id))) throw new AppError('not_found', 404, 'No such canned reply.');
    res.status(204).end();
  });

  return router;
}
