import { describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../protocol/codes';
import { type Bus, createLocalBus } from '../bus/bus';
import type { Agent } from '../domain/agent-auth';
import type { BotRegistry } from '../domain/bots';
import type { CallbackService } from '../domain/callbacks';
import type { ConversationService } from '../domain/conversations';
import type { Presence } from '../domain/presence';
import type { SiteAccess } from '../domain/site-access';
import type { Router } from '../domain/router';
import type { Visitors } from '../domain/visitors';
import { DEFAULT_LIMITS, createLimits } from '../security/limits';
import type { Peer } from './peer';
import { createSession } from './session';

/** A bus that counts the live subscriptions (frames and signals) it has handed out. */
function countingBus(): { bus: Bus; live: () => number } {
  const local = createLocalBus();
  let live = 0;
  const counted =
    <L>(subscribe: (topic: string, listener: L) => () => void) =>
    (topic: string, listener: L) => {
      live += 1;
      const off = subscribe(topic, listener);
      let done = false;
      return () => {
        if (done) return;
        done = true;
        live -= 1;
        off();
      };
    };
  return { bus: { ...local, subscribe: counted(local.subscribe), onSignal: counted(local.onSignal) }, live: () => live };
}

describe('session', () => {
  it('releases every subscription and the presence of an agent whose connection ended while the hello was checking the session', async () => {
    const agent: Agent = { id: 'agent-1', email: 'a@example.com', name: 'A', role: 'agent', avatar: null };
    let open = true;
    const peer: Peer = { send: () => undefined, close: () => (open = false), isOpen: () => open, bufferedBytes: () => 0 };
    let lookupStarted!: () => void;
    const started = new Promise<void>((resolve) => (lookupStarted = resolve));
    let answerLookup!: () => void;
    const answered = new Promise<void>((resolve) => (answerLookup = resolve));
    let teamCalls = 0;
    let helloDone!: () => void;
    const done = new Promise<void>((resolve) => (helloDone = resolve));
    const presence: string[] = [];
    const { bus, live } = countingBus();

    const session = createSession(peer, {
      bus,
      limits: createLimits(DEFAULT_LIMITS),
      agent,
      agentToken: 'token',
      clientIp: '127.0.0.1',
      userAgent: undefined,
      agentAuth: {
        async bySession() {
          lookupStarted();
          await answered;
          return agent;
        },
      },
      presence: {
        connect: (agentId: string) => {
          presence.push(`connect ${agentId}`);
          return () => presence.push(`disconnect ${agentId}`);
        },
      } as unknown as Presence,
      router: {
        schedule: () => undefined,
        async team() {
          teamCalls += 1;
          if (teamCalls === 2) helloDone();
          return [];
        },
      } as unknown as Router,
      callbacks: { forAgents: async () => [] } as unknown as CallbackService,
      conversations: { listForAgents: async () => [] } as unknown as ConversationService,
      siteAccess: { scopeOf: async () => ({ all: true }), sitesIn: async () => [] } as unknown as SiteAccess,
      visitors: {} as Visitors,
      bots: {} as BotRegistry,
    });

    session.receive(JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION, role: 'agent' }), false);
    await started;
    // The console goes away (reload, tunnel) while its session is being looked up.
    open = false;
    session.dispose();
    answerLookup();
    await done;

    expect(presence).toEqual(['connect agent-1', 'disconnect agent-1']);
    expect(live()).toBe(0);
  });
});
