import type { ConversationSummary } from '../../protocol/frames';
import { type Bus, Topic } from '../bus/bus';
import { AppError } from '../errors';
import type { StoredCallback } from '../store/callbacks';
import { findCallback } from '../store/callbacks';
import { getSummary, liveFor } from '../store/conversations';
import type { Db } from '../store/db';
import { isSiteDisabled } from '../store/sites';
import { mayWorkOn, scopeOf, type SiteRef, type SiteScope, sitesIn, workersBySite } from '../store/site-members';
import type { Moves } from './moves';

export type { SiteRef, SiteScope } from '../store/site-members';

/**
 * Which agent works on which site: admins on every site, other agents on the sites they are
 * members of (`site_members`). Every agent frame and every agent route that touches a site's
 * data asks here first.
 *
 * NOTE: one rule for what an agent may not see: a site, conversation or callback of a site they
 * do not work on answers exactly as one that does not exist (404 `not_found`, same message), so a
 * key or id is never confirmed to an outsider. Admin-only routes keep answering 403 to
 * non-admins before looking anything up, which confirms nothing either.
 *
 * NOTE: no cache. Each question is one indexed read of the store, which every relay process
 * shares, so a membership change is seen by every process at the next question, without an
 * invalidation protocol to get wrong; the role is read there too (never the session's copy), so
 * a demoted admin loses the other sites at once. What a socket *receives* is decided at its
 * welcome (bus topics); `changed` closes the agent's sockets so they decide again.
 */
export type SiteAccess = ReturnType<typeof createSiteAccess>;

const noSuchConversation = () => new AppError('not_found', 404, 'No such conversation.');
const noSuchCallback = () => new AppError('not_found', 404, 'No such callback.');
export const noSuchSite = (key: string) => new AppError('not_found', 404, `No site "${key}".`);

export function createSiteAccess(deps: { db: Db; bus: Bus; moves: Pick<Moves, 'move'>; now: () => Date }) {
  const { db, bus } = deps;

  /** The conversation, if this agent works on its site; otherwise 404 as if it did not exist. */
  async function conversation(agentId: string, conversationId: string): Promise<ConversationSummary> {
    const found = await getSummary(db, conversationId).catch((error: unknown) => {
      if (error instanceof AppError && error.code === 'not_found') throw noSuchConversation();
      throw error;
    });
    if (!(await mayWorkOn(db, agentId, found.siteKey))) throw noSuchConversation();
    return found;
  }

  return {
    scopeOf: (agentId: string): Promise<SiteScope> => scopeOf(db, agentId),

    /** The sites this agent works on, `{ key, name }` by name (GET /api/sites can list these). */
    async sitesOf(agentId: string): Promise<SiteRef[]> {
      return sitesIn(db, await scopeOf(db, agentId));
    },

    /** The sites of a scope already read (the agent welcome's `sites`, from the scope its topics came from). */
    sitesIn: (scope: SiteScope): Promise<SiteRef[]> => sitesIn(db, scope),

    mayWorkOn: (agentId: string, siteKey: string): Promise<boolean> => mayWorkOn(db, agentId, siteKey),

    /** For routing runs: one read of every membership, asked per (agent, site) pair. */
    workers: (): Promise<(agentId: string, siteKey: string) => boolean> => workersBySite(db),

    /** Throws 404 `not_found` unless the site exists and this agent works on it. */
    async site(agentId: string, siteKey: string): Promise<void> {
      const exists = await db.selectFrom('sites').select('key').where('key', '=', siteKey).executeTakeFirst();
      if (exists === undefined || !(await mayWorkOn(db, agentId, siteKey))) throw noSuchSite(siteKey);
    },

    conversation,

    /**
     * As `conversation`, for frames that would write to it or reach its visitor (reply, accept,
     * transfer): refused with `site_disabled` while its site is turned off. Reading, notes and
     * closing stay allowed (see agent-frames.ts).
     */
    async writableConversation(agentId: string, conversationId: string): Promise<ConversationSummary> {
      const found = await conversation(agentId, conversationId);
      if (await isSiteDisabled(db, found.siteKey)) {
        throw new AppError('site_disabled', 403, 'The chat is turned off for this site; its conversations are read-only.');
      }
      return found;
    },

    /** The callback, if this agent works on its site; otherwise 404 as if it did not exist. */
    async callback(agentId: string, callbackId: string): Promise<StoredCallback> {
      const callback = await findCallback(db, callbackId);
      if (callback === undefined || !(await mayWorkOn(db, agentId, callback.siteKey))) throw noSuchCallback();
      return callback;
    },

    /**
     * The agent's sites, role or display name changed. Their live chats on sites they no longer
     * work on go back to the queue (nobody could answer them otherwise), then every open socket of
     * theirs, in any process, is told to reconnect (`access.changed` → close 4100).
     */
    async changed(agentId: string): Promise<void> {
      for (const live of await liveFor(db, agentId)) {
        if (await mayWorkOn(db, agentId, live.siteKey)) continue;
        try {
          await deps.moves.move(live.id, {
            kind: 'agent.dropped',
            agentId,
            agentName: live.assignedAgentName,
            why: 'unassigned',
            queuedAt: deps.now().toISOString(),
          });
        } catch (error) {
          // Closed or moved by someone else meanwhile: it is no longer theirs, which is the point.
          if (!(error instanceof AppError)) throw error;
          console.warn(`[access] conversation ${live.id} was not requeued: ${error.message}`);
        }
      }
      bus.signal(Topic.agent(agentId), { type: 'access.changed', agentId });
    },
  };
}
