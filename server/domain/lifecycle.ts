import type { ConversationStatus } from '../../protocol/codes';
import type { HandoffInfo } from '../../protocol/frames';

/**
 * The conversation life cycle as one pure table (shared/ARCHITECTURE.md, "Who decides a
 * conversation's state"): `next(state, event)` says whether a move is allowed and what it writes.
 * Nothing else decides; `moves.ts` applies the answer (conditional write, transcript line,
 * effects, publish) in one transaction.
 *
 *   bot ──handoff──▶ queued ──accept──▶ live ──close──▶ closed ──visitor writes──▶ bot
 *    │                 ▲  ╰──────────────╯ drop/transfer     ▲
 *    ╰──booked──▶ callback ◀──booked── queued                │
 *                 │ cancel → bot, done → closed ─────────────╯
 */
export type ConversationState = { status: ConversationStatus; assignedAgentId: string | null };

/** Who acts, as the transcript names them (and shows them: `avatar`, a URL path, or none). */
export type Actor = { id: string; name: string; avatar?: string | null };

export type ConversationEvent =
  | { kind: 'visitor.returned' }
  | { kind: 'bot.handed_off'; reason: string; code: string; handoff: HandoffInfo }
  | { kind: 'agent.accepted'; agent: Actor }
  | { kind: 'agent.transferred'; agent: Actor; to: Actor }
  | { kind: 'agent.closed'; agent: Actor }
  /**
   * The agent let go without a transfer: back to the queue at `queuedAt`. `why`: their last console
   * was gone past the grace period (`offline`, also what deactivating them leads to), or they no
   * longer work on the chat's site (`unassigned`). `agentName` is null when they are not known.
   */
  | { kind: 'agent.dropped'; agentId: string; agentName: string | null; why: DropWhy; queuedAt: string }
  /** An admin turned the chat off for the conversation's site: whatever was open ends. */
  | { kind: 'site.disabled' }
  | { kind: 'callback.booked'; reason: string }
  | { kind: 'callback.moved'; reason: string }
  | { kind: 'callback.cancelled' }
  | { kind: 'callback.claimed'; agent: Actor }
  | { kind: 'callback.missed'; reason: string }
  | { kind: 'callback.retry'; agent: Actor; reason: string }
  | { kind: 'callback.rescheduled'; agent: Actor; reason: string }
  | { kind: 'callback.done'; agent: Actor; reason: string };

/** What a move does besides the status, assignee and transcript line. */
export type Effect =
  /** Entering the queue: when it counts as queued (earlier than others = nearer the front). */
  | { kind: 'queue_at'; at: string | null }
  /** Leaving the queue for a person: the real wait is kept for the estimate. */
  | { kind: 'record_wait' }
  | { kind: 'store_handoff'; handoff: HandoffInfo };

export type Move = {
  to: ConversationStatus;
  assignedAgentId: string | null;
  /** The transcript's status line. */
  line: { reason: string; code?: string; actorName?: string; actorAvatar?: string | null };
  effects: Effect[];
};

export type Refusal = { code: 'invalid_state' | 'forbidden'; message: string };

export type Decision = { ok: true; move: Move } | { ok: false; refusal: Refusal };

export type DropWhy = 'offline' | 'unassigned';

/**
 * The status line codes of a drop, one per `why`. Clients read the code, never the reason's words:
 * the widget tells the visitor, in their language, that the person stepped away and nothing is lost.
 */
export const DropCode = { offline: 'agent_offline', unassigned: 'agent_unassigned' } as const satisfies Record<DropWhy, string>;

/** The transcript's words for a drop, as the next agent reads them. */
export function dropReason(agentName: string | null, why: DropWhy): string {
  const who = agentName ?? 'The agent';
  return why === 'offline' ? `${who} went offline; back in the queue, at the front` : `${who} no longer works on this site; back in the queue`;
}

/** The transcript's words when a site is turned off mid-chat. */
export const SITE_DISABLED_REASON = 'The chat was turned off for this site';

const allow = (to: ConversationStatus, assignedAgentId: string | null, line: Move['line'], effects: Effect[] = []): Decision => ({
  ok: true,
  move: { to, assignedAgentId, line, effects },
});

/** The default refusal, worded for the person who tried. */
function cannot(state: ConversationState, to: ConversationStatus): Decision {
  const other = state.assignedAgentId !== null ? ' with another agent' : '';
  return { ok: false, refusal: { code: 'invalid_state', message: `The conversation is ${state.status}${other}; it cannot become ${to}.` } };
}

/** Live and assigned to this agent: the precondition of every move an agent makes on a chat. */
const heldBy = (state: ConversationState, agentId: string) => state.status === 'live' && state.assignedAgentId === agentId;

export function next(state: ConversationState, event: ConversationEvent): Decision {
  switch (event.kind) {
    case 'visitor.returned':
      return state.status === 'closed' ? allow('bot', null, { reason: 'The visitor wrote again' }) : cannot(state, 'bot');
    case 'bot.handed_off':
      return state.status === 'bot'
        ? allow('queued', null, { reason: event.reason, code: event.code }, [
            { kind: 'store_handoff', handoff: event.handoff },
            { kind: 'queue_at', at: null },
          ])
        : cannot(state, 'queued');
    case 'agent.accepted':
      return state.status === 'queued'
        ? allow('live', event.agent.id, {
            reason: `${event.agent.name} accepted the conversation`,
            actorName: event.agent.name,
            actorAvatar: event.agent.avatar ?? null,
          }, [
            { kind: 'record_wait' },
          ])
        : cannot(state, 'live');
    case 'agent.transferred':
      return heldBy(state, event.agent.id)
        ? allow('live', event.to.id, {
            reason: `${event.agent.name} transferred the conversation to ${event.to.name}`,
            code: 'transfer',
            actorName: event.to.name,
            actorAvatar: event.to.avatar ?? null,
          })
        : { ok: false, refusal: { code: 'forbidden', message: 'You can only transfer a live conversation that is yours.' } };
    case 'agent.closed':
      return heldBy(state, event.agent.id)
        ? allow('closed', event.agent.id, { reason: `Closed by ${event.agent.name}`, actorName: event.agent.name })
        : cannot(state, 'closed');
    case 'agent.dropped':
      return heldBy(state, event.agentId)
        ? allow(
            'queued',
            null,
            {
              reason: dropReason(event.agentName, event.why),
              code: DropCode[event.why],
              // Who stepped away, so the visitor's line can name them (no avatar: it is not their message).
              ...(event.agentName === null ? {} : { actorName: event.agentName }),
            },
            [{ kind: 'queue_at', at: event.queuedAt }],
          )
        : cannot(state, 'queued');
    case 'site.disabled':
      // NOTE: the assignee stays, so the chat lands among the agent's closed ones. A booked call
      // (`callback`) is not "open" here: it is a promise made to a person, kept by phone, which
      // the widget being off does not undo (site-closing.ts).
      return state.status === 'bot' || state.status === 'queued' || state.status === 'live'
        ? allow('closed', state.assignedAgentId, { reason: SITE_DISABLED_REASON, code: 'site_disabled' })
        : cannot(state, 'closed');
    case 'callback.booked':
      return state.status === 'bot' || state.status === 'queued'
        ? allow('callback', null, { reason: event.reason, code: 'callback_booked' })
        : cannot(state, 'callback');
    case 'callback.cancelled':
      return state.status === 'callback'
        ? allow('bot', null, { reason: 'The visitor cancelled the call back', code: 'callback_cancelled' })
        : cannot(state, 'bot');
    case 'callback.moved':
      return inCallback(state, null, { reason: event.reason, code: 'callback_moved' });
    case 'callback.missed':
      return inCallback(state, null, { reason: event.reason, code: 'callback_missed' });
    case 'callback.claimed':
      return inCallback(state, event.agent.id, {
        reason: `${event.agent.name} is calling the visitor back`,
        code: 'callback_claimed',
        actorName: event.agent.name,
      });
    case 'callback.retry':
      return inCallback(state, null, { reason: event.reason, code: 'callback_retry', actorName: event.agent.name });
    case 'callback.rescheduled':
      return inCallback(state, null, { reason: event.reason, code: 'callback_rescheduled', actorName: event.agent.name });
    case 'callback.done':
      return state.status === 'callback'
        ? allow('closed', event.agent.id, { reason: event.reason, code: 'callback_done', actorName: event.agent.name })
        : cannot(state, 'closed');
    default: {
      const unreachable: never = event;
      throw new Error(`Unhandled conversation event ${JSON.stringify(unreachable)}`);
    }
  }
}

/** A step of the call itself: the conversation stays `callback` (the callback's own table decides the step). */
function inCallback(state: ConversationState, assignedAgentId: string | null, line: Move['line']): Decision {
  return state.status === 'callback' ? allow('callback', assignedAgentId, line) : cannot(state, 'callback');
}

/** Whether a move changes what routing sees: the queue, or an agent's live load. */
export function touchesQueue(from: ConversationStatus, to: ConversationStatus): boolean {
  return [from, to].some((status) => status === 'queued' || status === 'live');
}
