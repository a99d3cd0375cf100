import type { Request } from 'express';
import { AppError } from '../errors';
import { type Agent, findAgentBySession } from '../store/agents';
import type { Db } from '../store/db';
import { SESSION_COOKIE, readCookie } from './cookies';

/** The signed-in agent of a console request, or a 401/403 AppError. */
export async function requireAgent(req: Request, db: Db, now: Date, role?: Agent['role']): Promise<Agent> {
  const token = readCookie(req.headers.cookie, SESSION_COOKIE);
  const agent = token === undefined ? undefined : await findAgentBySession(db, token, now);
  if (agent === undefined) throw new AppError('unauthorized', 401, 'Sign in to the console first.');
  if (role !== undefined && agent.role !== role) throw new AppError('forbidden', 403, `Only an ${role} can do that.`);
  return agent;
}
