import express, { Router } from 'express';
import * as z from 'zod';
import type { Config } from '../config';
import type { AgentSessions } from '../domain/agent-sessions';
import { AppError } from '../errors';
import type { Limits } from '../security/limits';
import { hashPassword, verifyPassword } from '../security/password';
import { MIN_PASSWORD_LENGTH, passwordWeakness } from '../security/password-policy';
import { hashToken } from '../security/tokens';
import { AVATAR_MAX_BYTES, saveAvatar } from '../store/avatars';
import {
  type AgentRecord,
  addAgent,
  findPasswordHash,
  listAgents,
  setAgentAvatar,
  setPasswordHash,
  updateAgent,
} from '../store/agents';
import type { Db } from '../store/db';
import { SESSION_COOKIE, readCookie } from './cookies';
import { requireAgent } from './require-agent';
import { parseBody } from './validate';

type Deps = { db: Db; config: Config; now: () => Date; limits: Limits; sessions: AgentSessions };

const Password = z
  .string({ error: 'Enter a password.' })
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(512, 'Use at most 512 characters.');

/** The policy beyond length (security/password-policy.ts), reported against the body's field. */
function assertStrong(field: string, password: string, userInputs: readonly string[]): void {
  const weakness = passwordWeakness(password, userInputs);
  if (weakness !== null) throw new AppError('invalid_body', 400, `${field}: ${weakness}`);
}
const Name = z.string({ error: 'Enter a name.' }).trim().min(1, 'Enter a name.').max(80, 'Use at most 80 characters.');
const Role = z.enum(['admin', 'agent'], { error: 'Choose "admin" or "agent".' });
const Capacity = z
  .number({ error: 'Enter a number of chats.' })
  .int('Use a whole number.')
  .min(0, 'Use 0 or more.')
  .max(50, 'Use at most 50.');

// NOTE: names and other free text are stored exactly as typed; the console renders them as text.
const CreateBody = z.object({
  email: z
    .string({ error: 'Enter an email address.' })
    .trim()
    .toLowerCase()
    .pipe(z.email('Enter a valid email address.').max(254, 'Use at most 254 characters.')),
  name: Name,
  role: Role,
  capacity: Capacity,
  password: Password,
});

const PatchBody = z.strictObject({
  name: Name.optional(),
  role: Role.optional(),
  capacity: Capacity.optional(),
  active: z.boolean({ error: 'Use true or false.' }).optional(),
});

const PasswordBody = z.object({
  currentPassword: z.string({ error: 'Enter your current password.' }).min(1, 'Enter your current password.').max(512),
  newPassword: Password,
});

/** `/api/agents`: the team. Anyone signed in may list it; only admins change it. */
export function agentRoutes(deps: Deps): Router {
  const { db, config, now } = deps;
  const router = Router();

  router.get('/', async (req, res) => {
    await requireAgent(req, db, now());
    res.json({ agents: await listAgents(db) });
  });

  router.post('/', async (req, res) => {
    await requireAgent(req, db, now(), 'admin');
    const body = parseBody(CreateBody, req.body);
    assertStrong('password', body.password, [body.email, body.name]);
    const passwordHash = await hashPassword(body.password, config.passwordCost);
    const agent = await addAgent(db, { ...body, passwordHash }, now());
    if (agent === undefined) throw new AppError('conflict', 409, `email: ${body.email} already belongs to an agent.`);
    res.status(201).json({ agent });
  });

  router.patch('/:id', async (req, res) => {
    await requireAgent(req, db, now(), 'admin');
    const body = parseBody(PatchBody, req.body);
    const result = await updateAgent(db, req.params.id, body);
    if (result === 'not_found') throw new AppError('not_found', 404, 'No such agent.');
    if (result === 'last_admin') {
      throw new AppError('conflict', 409, 'This is the last active admin; make someone else an admin first.');
    }
    // Deactivation must end every session at once, not at expiry.
    if (body.active === false) await deps.sessions.endAll(result.id);
    res.json({ agent: result satisfies AgentRecord });
  });

  return router;
}

/** `/api/me`: the signed-in agent's own account. */
export function meRoutes(deps: Deps): Router {
  const { db, config, now } = deps;
  const router = Router();

  router.post('/password', async (req, res) => {
    const me = await requireAgent(req, db, now());
    const body = parseBody(PasswordBody, req.body);
    assertStrong('newPassword', body.newPassword, [me.email, me.name]);
    // Taken before the check, given back when it is right: a stolen session cannot guess the password.
    await deps.limits.passwordChecks.take(me.id, 'Too many wrong current passwords.');
    const stored = await findPasswordHash(db, me.id);
    if (stored === undefined || !(await verifyPassword(body.currentPassword, stored))) {
      throw new AppError('unauthorized', 401, 'currentPassword: The current password is incorrect.');
    }
    await deps.limits.passwordChecks.clear(me.id);
    await setPasswordHash(db, me.id, await hashPassword(body.newPassword, config.passwordCost));
    // requireAgent succeeded, so the cookie is there; keep this session, end the others.
    const token = readCookie(req.headers.cookie, SESSION_COOKIE) ?? '';
    await deps.sessions.endAll(me.id, hashToken(token));
    res.status(204).end();
  });

  /** The picture visitors see beside this agent's messages (checked like a site's, store/avatars.ts). */
  router.put('/avatar', express.raw({ type: () => true, limit: AVATAR_MAX_BYTES }), async (req, res) => {
    const me = await requireAgent(req, db, now());
    const avatar = await saveAvatar(config.dataDir, req.body);
    await setAgentAvatar(db, me.id, avatar);
    res.json({ avatar });
  });

  router.delete('/avatar', async (req, res) => {
    const me = await requireAgent(req, db, now());
    await setAgentAvatar(db, me.id, null);
    res.json({ avatar: null });
  });

  return router;
}
