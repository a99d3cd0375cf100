import express, { Router } from 'express';
import * as z from 'zod';
import type { Config } from '../config';
import type { AgentSessions } from '../domain/agent-sessions';
import type { SiteAccess } from '../domain/site-access';
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
import { membershipsByAgent, membershipsOf, unknownSiteKeys } from '../store/site-members';
import { SESSION_COOKIE, readCookie } from './cookies';
import { requireAgent } from './require-agent';
import { parseBody } from './validate';
import { isPlainName, NAME_RULE_MESSAGE } from '../domain/names';

type Deps = {
  db: Db;
  config: Config;
  now: () => Date;
  limits: Limits;
  sessions: AgentSessions;
  siteAccess: Pick<SiteAccess, 'changed'>;
  /** Who may take which site's chats changed: routing and each site's availability are decided again. */
  onRoutingChange: () => void;
};

const Password = z
  .string({ error: 'Enter a password.' })
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(512, 'Use at most 512 characters.');

/** The policy beyond length (security/password-policy.ts), reported against the body's field. */
function assertStrong(field: string, password: string, userInputs: readonly string[]): void {
  const weakness = passwordWeakness(password, userInputs);
  if (weakness !== null) throw new AppError('invalid_body', 400, `${field}: ${weakness}`);
}
const Name = z.string({ error: 'Enter a name.' }).trim().min(1, 'Enter a name.').max(80, 'Use at most 80 characters.').refine(isPlainName, NAME_RULE_MESSAGE);
const Role = z.enum(['admin', 'agent'], { error: 'Choose "admin" or "agent".' });
const Capacity = z
  .number({ error: 'Enter a number of chats.' })
  .int('Use a whole number.')
  .min(0, 'Use 0 or more.')
  .max(50, 'Use at most 50.');

/** Site keys an agent works on; duplicates are dropped, unknown keys refused (`unknown_site`). */
const Sites = z
  .array(z.string({ error: 'Use site keys (strings).' }).min(1, 'A site key cannot be empty.').max(64, 'Use site keys of at most 64 characters.'), {
    error: 'Use a list of site keys.',
  })
  .max(500, 'Use at most 500 sites.')
  .transform((keys) => [...new Set(keys)]);

/**
 * What visitors see as the agent's name: trimmed, 1–60 characters, no control characters
 * (line breaks, escapes and the invisible direction overrides that would disguise a name).
 */
const DisplayName = z
  .string({ error: 'Enter a display name.' })
  .trim()
  .min(1, 'Enter a display name.')
  .max(60, 'Use at most 60 characters.')
  .refine(isPlainName, NAME_RULE_MESSAGE);

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
  /** Omitted: every site that exists now. */
  sites: Sites.optional(),
});

const PatchBody = z.strictObject({
  name: Name.optional(),
  role: Role.optional(),
  capacity: Capacity.optional(),
  active: z.boolean({ error: 'Use true or false.' }).optional(),
  sites: Sites.optional(),
});

const MeBody = z.strictObject({ name: DisplayName });

async function refuseUnknownSites(db: Db, keys: readonly string[] | undefined): Promise<void> {
  const unknown = keys === undefined ? [] : await unknownSiteKeys(db, keys);
  if (unknown.length > 0) throw unknownSites(unknown);
}

const unknownSites = (keys: readonly string[]) =>
  new AppError('unknown_site', 400, `sites: no site ${keys.map((k) => `"${k}"`).join(', ')}. Use the keys of existing sites.`);

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
    // NOTE: the whole team is visible to every agent (presence is global); `sites` are the
    // membership rows. Admins work on every site whatever their rows say.
    const sites = await membershipsByAgent(db);
    res.json({ agents: (await listAgents(db)).map((agent) => ({ ...agent, sites: sites.get(agent.id) ?? [] })) });
  });

  router.post('/', async (req, res) => {
    await requireAgent(req, db, now(), 'admin');
    const body = parseBody(CreateBody, req.body);
    assertStrong('password', body.password, [body.email, body.name]);
    await refuseUnknownSites(db, body.sites);
    const passwordHash = await hashPassword(body.password, config.passwordCost);
    const agent = await addAgent(db, { ...body, passwordHash }, now());
    if (agent === undefined) throw new AppError('conflict', 409, `email: ${body.email} already belongs to an agent.`);
    res.status(201).json({ agent: { ...agent, sites: await membershipsOf(db, agent.id) } });
  });

  router.patch('/:id', async (req, res) => {
    await requireAgent(req, db, now(), 'admin');
    const body = parseBody(PatchBody, req.body);
    const result = await updateAgent(db, req.params.id, body, now());
    if (result === 'not_found') throw new AppError('not_found', 404, 'No such agent.');
    if (result === 'last_admin') {
      throw new AppError('conflict', 409, 'This is the last active admin; make someone else an admin first.');
    }
    if ('unknownSites' in result) throw unknownSites(result.unknownSites);
    // Deactivation must end every session at once, not at expiry.
    if (body.active === false) await deps.sessions.endAll(result.id);
    // What their open consoles may see or say changed: they reconnect to a fresh welcome now.
    else if (body.sites !== undefined || body.role !== undefined || body.name !== undefined) await deps.siteAccess.changed(result.id);
    deps.onRoutingChange();
    res.json({ agent: { ...(result satisfies AgentRecord), sites: await membershipsOf(db, result.id) } });
  });

  return router;
}

/** `/api/me`: the signed-in agent's own account. */
export function meRoutes(deps: Deps): Router {
  const { db, config, now } = deps;
  const router = Router();

  /** The signed-in agent's display name (what visitors see); their open consoles reconnect with it. */
  router.patch('/', async (req, res) => {
    const me = await requireAgent(req, db, now());
    const body = parseBody(MeBody, req.body);
    const result = await updateAgent(db, me.id, { name: body.name }, now());
    // requireAgent just found them active; only a concurrent removal of the row could get here.
    if (typeof result === 'string' || 'unknownSites' in result) throw new AppError('not_found', 404, 'No such agent.');
    await deps.siteAccess.changed(me.id);
    res.json({ agent: { ...result, sites: await membershipsOf(db, me.id) } });
  });

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

  /**
   * The picture visitors see beside this agent's messages (checked like a site's, store/avatars.ts),
   * from their next message on: each message keeps the avatar it was written with. Their open
   * consoles reconnect, as after a rename, so the socket's agent carries the new one.
   */
  router.put('/avatar', express.raw({ type: () => true, limit: AVATAR_MAX_BYTES }), async (req, res) => {
    const me = await requireAgent(req, db, now());
    const avatar = await saveAvatar(config.dataDir, req.body);
    await setAgentAvatar(db, me.id, avatar);
    await deps.siteAccess.changed(me.id);
    res.json({ avatar });
  });

  router.delete('/avatar', async (req, res) => {
    const me = await requireAgent(req, db, now());
    await setAgentAvatar(db, me.id, null);
    await deps.siteAccess.changed(me.id);
    res.json({ avatar: null });
  });

  return router;
}
