import { Router } from 'express';
import * as z from 'zod';
import type { Config } from '../config';
import type { AgentSessions } from '../domain/agent-sessions';
import { AppError } from '../errors';
import type { Limits } from '../security/limits';
import { hashPassword, verifyPassword } from '../security/password';
import { newPassword } from '../security/tokens';
import type { Db } from '../store/db';
import { createSession, findAgentBySession, findAgentForLogin } from '../store/agents';
import { SESSION_COOKIE, clearedSessionCookie, readCookie, sessionCookie } from './cookies';
import { requireAgent } from './require-agent';
import { parseBody } from './validate';

const LoginBody = z.object({
  email: z.string().trim().toLowerCase().min(1, 'Enter your email.').max(254),
  password: z.string().min(1, 'Enter your password.').max(512),
});

const TOO_MANY = 'Too many failed sign-ins.';

export function authRoutes(deps: { db: Db; config: Config; now: () => Date; limits: Limits; sessions: AgentSessions }): Router {
  const { db, config, now, limits } = deps;
  const router = Router();
  // An unknown e-mail still costs one scrypt, against this hash, so the answer's timing does not
  // tell which addresses have accounts. Made on first use, with the configured cost.
  let decoy: Promise<string> | undefined;

  router.post('/login', async (req, res) => {
    const body = parseBody(LoginBody, req.body);
    const ip = req.ip ?? 'unknown';
    const pair = `${body.email}|${ip}`;
    // NOTE: each attempt takes its points *before* the slow check and gives them back on success,
    // so N concurrent guesses count N times. Keyed by account+address (a colleague behind the same
    // address guessing their own account does not lock the admin out), by address (one address
    // trying many accounts) and by account (many addresses trying one).
    await limits.login.accountAndIp.take(pair, TOO_MANY);
    await limits.login.ip.take(ip, TOO_MANY);
    await limits.login.account.take(body.email, TOO_MANY);
    const agent = await findAgentForLogin(db, body.email);
    decoy ??= hashPassword(newPassword(), config.passwordCost);
    const ok = await verifyPassword(body.password, agent?.passwordHash ?? (await decoy));
    if (!ok || agent === undefined) throw new AppError('unauthorized', 401, 'Email or password is incorrect.');
    await Promise.all([limits.login.accountAndIp.clear(pair), limits.login.ip.give(ip), limits.login.account.give(body.email)]);
    const token = await createSession(db, agent.id, now(), config.sessionTtlMs);
    res.setHeader('Set-Cookie', sessionCookie(token, config.sessionTtlMs, config.secureCookies));
    res.json({ agent: { id: agent.id, name: agent.name, email: agent.email, avatar: agent.avatar } });
  });

  router.get('/me', async (req, res) => {
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    const agent = token === undefined ? undefined : await findAgentBySession(db, token, now());
    if (agent === undefined) throw new AppError('unauthorized', 401, 'Not signed in.');
    res.json({ agent: { id: agent.id, name: agent.name, email: agent.email, avatar: agent.avatar } });
  });

  router.post('/logout', async (req, res) => {
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (token !== undefined) await deps.sessions.endOne(token);
    res.setHeader('Set-Cookie', clearedSessionCookie(config.secureCookies));
    res.status(204).end();
  });

  /** For a lost laptop: ends every session of this agent, this one included. */
  router.post('/logout-everywhere', async (req, res) => {
    const me = await requireAgent(req, db, now());
    await deps.sessions.endAll(me.id);
    res.setHeader('Set-Cookie', clearedSessionCookie(config.secureCookies));
    res.status(204).end();
  });

  return router;
}
