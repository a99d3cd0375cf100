import { Router } from 'express';
import * as z from 'zod';
import type { Config } from '../config';
import { AppError } from '../errors';
import { verifyPassword } from '../security/password';
import type { Db } from '../store/db';
import { createSession, deleteSession, deleteSessionsOf, findAgentBySession, findAgentForLogin } from '../store/agents';
import { SESSION_COOKIE, clearedSessionCookie, readCookie, sessionCookie } from './cookies';
import { isSameOrigin } from './origin';
import { requireAgent } from './require-agent';
import { parseBody } from './validate';

const LoginBody = z.object({
  email: z.string().trim().min(1, 'Enter your email.').max(254),
  password: z.string().min(1, 'Enter your password.').max(512),
});

/** Failed sign-ins allowed per client address per window before answering 429. */
const MAX_FAILURES = 10;
const FAILURE_WINDOW_MS = 15 * 60 * 1000;

export function authRoutes(deps: { db: Db; config: Config; now: () => Date }): Router {
  const { db, config, now } = deps;
  const router = Router();
  const failures = new Map<string, { count: number; since: number }>();

  router.use((req, _res, next) => {
    if (req.method !== 'GET' && !isSameOrigin(req)) {
      next(new AppError('forbidden', 403, 'Cross-site requests are not allowed.'));
      return;
    }
    next();
  });

  router.post('/login', async (req, res) => {
    const key = req.ip ?? 'unknown';
    const at = now().getTime();
    const record = failures.get(key);
    if (record !== undefined && at - record.since < FAILURE_WINDOW_MS && record.count >= MAX_FAILURES) {
      throw new AppError('rate_limited', 429, 'Too many failed sign-ins. Wait a few minutes and try again.');
    }
    const body = parseBody(LoginBody, req.body);
    const agent = await findAgentForLogin(db, body.email);
    const ok = agent !== undefined && (await verifyPassword(body.password, agent.passwordHash));
    if (!ok || agent === undefined) {
      const fresh = record === undefined || at - record.since >= FAILURE_WINDOW_MS;
      failures.set(key, fresh ? { count: 1, since: at } : { count: record.count + 1, since: record.since });
      throw new AppError('unauthorized', 401, 'Email or password is incorrect.');
    }
    failures.delete(key);
    const token = await createSession(db, agent.id, now(), config.sessionTtlMs);
    res.setHeader('Set-Cookie', sessionCookie(token, config.sessionTtlMs, config.secureCookies));
    res.json({ agent: { id: agent.id, name: agent.name, email: agent.email } });
  });

  router.get('/me', async (req, res) => {
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    const agent = token === undefined ? undefined : await findAgentBySession(db, token, now());
    if (agent === undefined) throw new AppError('unauthorized', 401, 'Not signed in.');
    res.json({ agent: { id: agent.id, name: agent.name, email: agent.email } });
  });

  router.post('/logout', async (req, res) => {
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (token !== undefined) await deleteSession(db, token);
    res.setHeader('Set-Cookie', clearedSessionCookie(config.secureCookies));
    res.status(204).end();
  });

  /** For a lost laptop: ends every session of this agent, this one included. */
  router.post('/logout-everywhere', async (req, res) => {
    const me = await requireAgent(req, db, now());
    await deleteSessionsOf(db, me.id);
    res.setHeader('Set-Cookie', clearedSessionCookie(config.secureCookies));
    res.status(204).end();
  });

  return router;
}
