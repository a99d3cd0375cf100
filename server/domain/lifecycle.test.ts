import { describe, expect, it } from 'vitest';
import type { ConversationStatus } from '../../protocol/codes';
import { type ConversationEvent, type ConversationState, next } from './lifecycle';

const ana = { id: 'ana', name: 'Ana' };
const ben = { id: 'ben', name: 'Ben' };
const handoff = { reason: 'asked', summary: 's', facts: {}, createdAt: '2026-12-03T10:00:00.000Z' };
const statuses: ConversationStatus[] = ['bot', 'queued', 'live', 'callback', 'closed'];

/** Every event, and the one state (status + owner) it may start from, per shared/ARCHITECTURE.md. */
const table: Array<{ event: ConversationEvent; from: ConversationStatus; owner?: string; to: ConversationStatus; assignee: string | null }> = [
  { event: { kind: 'visitor.returned' }, from: 'closed', to: 'bot', assignee: null },
  { event: { kind: 'bot.handed_off', reason: 'r', code: 'visitor_asked', handoff }, from: 'bot', to: 'queued', assignee: null },
  { event: { kind: 'agent.accepted', agent: ana }, from: 'queued', to: 'live', assignee: 'ana' },
  { event: { kind: 'agent.transferred', agent: ana, to: ben }, from: 'live', owner: 'ana', to: 'live', assignee: 'ben' },
  { event: { kind: 'agent.closed', agent: ana }, from: 'live', owner: 'ana', to: 'closed', assignee: 'ana' },
  { event: { kind: 'agent.dropped', agentId: 'ana', agentName: 'Ana', why: 'offline', queuedAt: 'x' }, from: 'live', owner: 'ana', to: 'queued', assignee: null },
  { event: { kind: 'callback.cancelled' }, from: 'callback', to: 'bot', assignee: null },
  { event: { kind: 'callback.moved', reason: 'r' }, from: 'callback', to: 'callback', assignee: null },
  { event: { kind: 'callback.missed', reason: 'r' }, from: 'callback', to: 'callback', assignee: null },
  { event: { kind: 'callback.claimed', agent: ana }, from: 'callback', to: 'callback', assignee: 'ana' },
  { event: { kind: 'callback.retry', agent: ana, reason: 'r' }, from: 'callback', to: 'callback', assignee: null },
  { event: { kind: 'callback.rescheduled', agent: ana, reason: 'r' }, from: 'callback', to: 'callback', assignee: null },
  { event: { kind: 'callback.done', agent: ana, reason: 'r' }, from: 'callback', to: 'closed', assignee: 'ana' },
];

describe('the conversation life cycle (one table)', () => {
  it.each(table)('$event.kind moves $from → $to and from no other state', ({ event, from, owner, to, assignee }) => {
    for (const status of statuses) {
      const decision = next({ status, assignedAgentId: status === from ? (owner ?? null) : null }, event);
      if (status === from) {
        expect(decision).toMatchObject({ ok: true, move: { to, assignedAgentId: assignee } });
      } else {
        expect(decision.ok, `${event.kind} from ${status}`).toBe(false);
      }
    }
  });

  it('turning a site off closes its bot, queued and live chats with the reason, keeping the agent; never a booked call', () => {
    const event: ConversationEvent = { kind: 'site.disabled' };
    const allowed = statuses.filter((status) => next({ status, assignedAgentId: null }, event).ok);
    expect(allowed).toEqual(['bot', 'queued', 'live']);
    expect(next({ status: 'live', assignedAgentId: 'ana' }, event)).toMatchObject({
      ok: true,
      move: { to: 'closed', assignedAgentId: 'ana', line: { reason: 'The chat was turned off for this site', code: 'site_disabled' } },
    });
  });

  it('books a call back from the bot or the queue, never from a live chat or a closed one', () => {
    const event: ConversationEvent = { kind: 'callback.booked', reason: 'booked' };
    const allowed = statuses.filter((status) => next({ status, assignedAgentId: null }, event).ok);
    expect(allowed).toEqual(['bot', 'queued']);
  });

  it("an agent moves only a live chat that is theirs; someone else's is refused in words they understand", () => {
    const theirs: ConversationState = { status: 'live', assignedAgentId: 'ben' };
    expect(next(theirs, { kind: 'agent.closed', agent: ana })).toEqual({
      ok: false,
      refusal: { code: 'invalid_state', message: 'The conversation is live with another agent; it cannot become closed.' },
    });
    expect(next(theirs, { kind: 'agent.transferred', agent: ana, to: ben })).toEqual({
      ok: false,
      refusal: { code: 'forbidden', message: 'You can only transfer a live conversation that is yours.' },
    });
    expect(next(theirs, { kind: 'agent.dropped', agentId: 'ana', agentName: 'Ana', why: 'offline', queuedAt: 'x' }).ok).toBe(false);
  });

  it('writes its effects: the handoff and queue time with the move to the queue, the real wait on accept', () => {
    const handed = next({ status: 'bot', assignedAgentId: null }, { kind: 'bot.handed_off', reason: 'Asked', code: 'visitor_asked', handoff });
    expect(handed).toMatchObject({
      ok: true,
      move: { line: { reason: 'Asked', code: 'visitor_asked' }, effects: [{ kind: 'store_handoff', handoff }, { kind: 'queue_at', at: null }] },
    });
    const dropped = next({ status: 'live', assignedAgentId: 'ana' }, { kind: 'agent.dropped', agentId: 'ana', agentName: 'Ana', why: 'offline', queuedAt: '2026-12-03T09:00:00.000Z' });
    expect(dropped).toMatchObject({
      ok: true,
      move: {
        line: { reason: 'Ana went offline; back in the queue, at the front', code: 'agent_offline', actorName: 'Ana' },
        effects: [{ kind: 'queue_at', at: '2026-12-03T09:00:00.000Z' }],
      },
    });
    const unnamed = next({ status: 'live', assignedAgentId: 'ana' }, { kind: 'agent.dropped', agentId: 'ana', agentName: null, why: 'unassigned', queuedAt: 'x' });
    expect(unnamed.ok && unnamed.move.line).toEqual({ reason: 'The agent no longer works on this site; back in the queue', code: 'agent_unassigned' });
    const accepted = next({ status: 'queued', assignedAgentId: null }, { kind: 'agent.accepted', agent: ana });
    expect(accepted).toMatchObject({ ok: true, move: { line: { reason: 'Ana accepted the conversation', actorName: 'Ana' }, effects: [{ kind: 'record_wait' }] } });
  });
});
