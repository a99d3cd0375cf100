import type { ConversationSummary } from '../../protocol/frames';
import { type Bus, Topic } from '../bus/bus';
import { type TeamRow, listTeam, setAgentStatus } from '../store/agents';
import * as store from '../store/conversations';
import type { Db } from '../store/db';
import { recentWaits } from '../store/queue-waits';
import { siteRouting } from '../store/sites';
import type { Presence } from './presence';
import { type Candidate, estimateWaitSeconds, pickAgent } from './routing';

/** How far back real waits count for the estimate. */
const WAIT_HISTORY_MS = 24 * 60 * 60 * 1000;

export type Router = {
  /** Something about the queue or the team changed: re-run routing soon (coalesced). */
  schedule(): void;
  /** The team as agents see it. */
  team(): Promise<Array<{ id: string; name: string; status: 'online' | 'away' | 'offline'; activeChats: number; capacity: number }>>;
  setStatus(agentId: string, status: 'online' | 'away'): Promise<void>;
  /** Business hours may have opened or closed: tell visitors whose site's availability changed. */
  refreshAvailability(): void;
  /** Resolves when the routing run in flight (if any) is done; tests use it. */
  idle(): Promise<void>;
  close(): void;
};

/**
 * Routing and queue information. Offers each queued conversation (oldest first) to the least-busy
 * online agent with room who works on its site; an offer not accepted in time goes to the next agent. Agents who went
 * offline get their live chats put back at the front of the queue. Visitors in the queue hear their
 * position and an estimate; every visitor hears whether someone is available.
 *
 * NOTE: state lives in the store (offers are columns); the timers and the "who already let this
 * offer lapse" memory are per process, which is all we have until the Redis bus.
 */
export function createRouter(deps: {
  db: Db;
  bus: Bus;
  presence: Presence;
  now: () => Date;
  offerTimeoutMs: number;
  publishSummary: (conversationId: string) => Promise<ConversationSummary>;
  requeueFromAgent: (agentId: string, queuedAt: string) => Promise<void>;
  /** Who may work on which site (site-access.ts), read once per routing run. */
  workers: () => Promise<(agentId: string, siteKey: string) => boolean>;
  /** Whether a person can take a chat on the site now (someone online, within business hours). */
  available: (siteKey: string) => Promise<boolean>;
  /** For one site: whether the queue line should offer a call back at a given estimate. */
  offerCallback: (siteKey: string) => Promise<(estimatedWaitSeconds: number | null) => boolean>;
}): Router {
  const { db, bus, presence, now } = deps;
  const lapsed = new Map<string, Set<string>>();
  const lastOfferedAt = new Map<string, number>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  let chain: Promise<void> = Promise.resolve();
  let pending = false;
  let closed = false;
  const lastAvailable = new Map<string, boolean>();

  const run = async (): Promise<void> => {
    pending = false;
    const queued = await store.listQueued(db);
    const team = await listTeam(db);
    const routing = await siteRouting(db);
    const live = await store.liveCounts(db);
    const mayWork = await deps.workers();
    const at = now();
    const load = new Map<string, number>(team.map((a) => [a.id, live.get(a.id) ?? 0]));
    for (const c of queued) {
      if (c.offeredToAgentId !== null && c.offerExpiresAt !== null && Date.parse(c.offerExpiresAt) > at.getTime()) {
        load.set(c.offeredToAgentId, (load.get(c.offeredToAgentId) ?? 0) + 1);
      }
    }
    for (const conversation of queued) {
      const underOffer = conversation.offeredToAgentId !== null && conversation.offerExpiresAt !== null && Date.parse(conversation.offerExpiresAt) > at.getTime();
      // Sites set to manual routing keep their queue for agents to pick from by hand.
      if (underOffer || routing.get(conversation.siteKey) === 'manual') continue;
      // Offers go only to agents who work on the conversation's site (admins work on all).
      const candidates: Candidate[] = team.filter((a) => mayWork(a.id, conversation.siteKey)).map((a) => ({
        id: a.id,
        status: presence.statusOf(a.id),
        load: load.get(a.id) ?? 0,
        capacity: a.capacity,
        lastOfferedAt: lastOfferedAt.get(a.id) ?? 0,
      }));
      let exclude = lapsed.get(conversation.id) ?? new Set<string>();
      let agentId = pickAgent(candidates, exclude);
      if (agentId === undefined && exclude.size > 0) {
        // Everyone with room let it lapse once: start another round rather than leave it unoffered.
        lapsed.delete(conversation.id);
        exclude = new Set();
        agentId = pickAgent(candidates, exclude);
      }
      if (agentId === undefined) continue;
      const expiresAt = new Date(at.getTime() + deps.offerTimeoutMs);
      if (!(await store.offer(db, conversation.id, agentId, expiresAt, at))) continue;
      load.set(agentId, (load.get(agentId) ?? 0) + 1);
      lastOfferedAt.set(agentId, at.getTime());
      await deps.publishSummary(conversation.id);
      arm(conversation.id, agentId, deps.offerTimeoutMs);
    }
    // NOTE: offers change neither queue order nor live counts, so this run's reads serve the
    // broadcasts too (no second round of queries per routing run).
    await publishQueuePositions(queued, mayWork);
    bus.publish(Topic.agents, { type: 'team.presence', agents: teamView(team, live) });
    await publishAvailability([...routing.keys()]);
  };

  function arm(conversationId: string, agentId: string, ms: number): void {
    clearTimeout(timers.get(conversationId));
    timers.set(
      conversationId,
      setTimeout(() => {
        timers.delete(conversationId);
        enqueue(async () => {
          if (!(await store.withdrawOffer(db, conversationId, agentId))) return;
          const set = lapsed.get(conversationId) ?? new Set<string>();
          set.add(agentId);
          lapsed.set(conversationId, set);
          await deps.publishSummary(conversationId);
          await run();
        });
      }, ms),
    );
  }

  async function publishQueuePositions(queued: readonly ConversationSummary[], mayWork: (agentId: string, siteKey: string) => boolean): Promise<void> {
    const bySite = new Map<string, ConversationSummary[]>();
    for (const c of queued) bySite.set(c.siteKey, [...(bySite.get(c.siteKey) ?? []), c]);
    for (const [siteKey, conversations] of bySite) {
      const waits = await recentWaits(db, siteKey, new Date(now().getTime() - WAIT_HISTORY_MS));
      const offer = await deps.offerCallback(siteKey);
      for (const [index, c] of conversations.entries()) {
        const estimatedWaitSeconds = estimateWaitSeconds(waits, index + 1, presence.agentsOnline((agentId) => mayWork(agentId, siteKey)));
        bus.publish(Topic.contact(c.contactId), {
          type: 'queue.position',
          conversationId: c.id,
          position: index + 1,
          estimatedWaitSeconds,
          offerCallback: offer(estimatedWaitSeconds),
        });
      }
    }
  }

  function teamView(rows: readonly TeamRow[], live: ReadonlyMap<string, number>) {
    return rows.map((a) => ({ id: a.id, name: a.name, status: presence.statusOf(a.id), activeChats: live.get(a.id) ?? 0, capacity: a.capacity }));
  }

  async function team() {
    return teamView(await listTeam(db), await store.liveCounts(db));
  }

  /** Tells each site's visitors when availability changes (presence, or its hours opening or closing). */
  async function publishAvailability(siteKeys: readonly string[]): Promise<void> {
    for (const siteKey of siteKeys) {
      const available = await deps.available(siteKey);
      if (available === lastAvailable.get(siteKey)) continue;
      lastAvailable.set(siteKey, available);
      bus.publish(Topic.site(siteKey), { type: 'site.availability', agentsAvailable: available });
    }
  }

  function enqueue(work: () => Promise<void>): void {
    chain = chain.then(work).catch((error: unknown) => console.error('[router] routing run failed', error));
  }

  function schedule(): void {
    if (closed || pending) return;
    pending = true;
    enqueue(run);
  }

  const offPresence = presence.onChange((change) => {
    if (change.status === 'offline') {
      enqueue(async () => {
        // Their chats go to the front: queued just before the oldest one waiting now.
        const queued = await store.listQueued(db);
        const oldest = queued[0]?.queuedAt;
        const front = new Date((oldest === undefined || oldest === null ? now().getTime() : Date.parse(oldest)) - 1).toISOString();
        await deps.requeueFromAgent(change.agentId, front);
      });
    }
    schedule();
  });

  return {
    schedule,
    team,
    refreshAvailability() {
      if (closed) return;
      enqueue(async () => publishAvailability([...(await siteRouting(db)).keys()]));
    },
    async setStatus(agentId, status) {
      await setAgentStatus(db, agentId, status);
      presence.setStatus(agentId, status);
      schedule();
    },
    idle: () => chain,
    close() {
      closed = true;
      offPresence();
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
