import type { Callback, CallbackOutcome, CallbackSlot } from '../protocol/frames';
import { dayKey } from './zoned';

/**
 * Pure helpers over the callbacks the console holds: merging server snapshots and updates,
 * matching the agent's claim/outcome requests to their answers, and grouping for the view.
 */

/** The frame types an agent sends about a callback; an `error` frame names one of them in `ref`. */
export const CallbackRef = {
  Claim: 'callback.claim',
  Outcome: 'callback.outcome',
  Slots: 'callback.slots',
} as const;
export type CallbackRef = (typeof CallbackRef)[keyof typeof CallbackRef];

export function isCallbackRef(ref: string | undefined): ref is CallbackRef {
  return ref === CallbackRef.Claim || ref === CallbackRef.Outcome || ref === CallbackRef.Slots;
}

/** One thing the agent asked for about a callback, until the server answers it. */
export interface CallbackRequest {
  ref: CallbackRef;
  /** For `callback.outcome`: which one. */
  outcome: CallbackOutcome | null;
  status: 'sending' | 'failed';
  /** The server's words when it refused. */
  error: string | null;
  /** Send order: the server answers one socket's frames in order, so an error answers the oldest request of its kind. */
  order: number;
}

/** Free times to move a callback to, from the server's answer to `callback.slots` {callbackId}. */
export interface RescheduleSlots {
  callbackId: string;
  slots: readonly CallbackSlot[];
  siteTimeZone: string;
}

/** Waiting for a call, on a call, or missed but still claimable. */
export function isOpenCallback(callback: Callback): boolean {
  return callback.state === 'booked' || callback.state === 'claimed' || callback.state === 'missed';
}

/** The contact's name, or "Visitor" when they never gave one. */
export function callbackContact(callback: Pick<Callback, 'contactName'>): string {
  const name = callback.contactName?.trim();
  return name ? name : 'Visitor';
}

/**
 * Adds `incoming` to `held` by id. Frames can cross on the wire, so an older copy (by
 * `updatedAt`) never replaces a newer one. Returns `held` itself when nothing changed.
 */
export function mergeCallbacks(
  held: Readonly<Record<string, Callback>>,
  incoming: readonly Callback[],
): Readonly<Record<string, Callback>> {
  let next: Record<string, Callback> | null = null;
  for (const callback of incoming) {
    const current = (next ?? held)[callback.id];
    if (current !== undefined && (Date.parse(current.updatedAt) > Date.parse(callback.updatedAt) || sameCallback(current, callback))) continue;
    next ??= { ...held };
    next[callback.id] = callback;
  }
  return next ?? held;
}

function sameCallback(a: Callback, b: Callback): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Whether this update of the callback is the server's answer to `request` (made by agent `agentId`). */
export function answers(request: CallbackRequest, callback: Callback, agentId: string): boolean {
  if (request.status !== 'sending') return false;
  switch (request.ref) {
    case CallbackRef.Claim:
      return callback.state === 'claimed' && callback.claimedById === agentId;
    case CallbackRef.Outcome:
      // Every outcome takes the call out of my hands: done, or booked again (retry, rescheduled).
      return !(callback.state === 'claimed' && callback.claimedById === agentId);
    case CallbackRef.Slots:
      return false;
    default: {
      const unreachable: never = request.ref;
      throw new Error(`Unknown callback request: ${String(unreachable)}`);
    }
  }
}

/** The callback id of the oldest request still waiting for an answer of kind `ref`, if any. */
export function oldestSending(requests: Readonly<Record<string, CallbackRequest>>, ref: CallbackRef): string | null {
  let found: string | null = null;
  let order = Infinity;
  for (const [callbackId, request] of Object.entries(requests)) {
    if (request.ref === ref && request.status === 'sending' && request.order < order) [found, order] = [callbackId, request.order];
  }
  return found;
}

export interface CallbackGroups {
  /** Booked with its time come, and the calls I claimed: claimed by me first, then oldest slot first. */
  dueNow: Callback[];
  /** Booked for later today, in the agent's time zone. */
  today: Callback[];
  /** Booked for a later day. */
  upcoming: Callback[];
  /** Slot passed with nobody calling; still claimable. */
  missed: Callback[];
  /** A teammate is on the call. */
  teammates: Callback[];
  /** Done or cancelled, most recent first. */
  finished: Callback[];
}

const byStart = (a: Callback, b: Callback): number => Date.parse(a.start) - Date.parse(b.start) || a.id.localeCompare(b.id);
const recentFirst = (a: Callback, b: Callback): number => Date.parse(b.updatedAt) - Date.parse(a.updatedAt) || a.id.localeCompare(b.id);

/**
 * The Callbacks view's lists. "Today" means the agent's today: `timeZone` is the agent's IANA
 * zone, and days are compared as calendar days there, never by adding fixed offsets.
 */
export function groupCallbacks(callbacks: Iterable<Callback>, agentId: string, now: Date, timeZone: string | undefined): CallbackGroups {
  const groups: CallbackGroups = { dueNow: [], today: [], upcoming: [], missed: [], teammates: [], finished: [] };
  const today = dayKey(now, timeZone);
  for (const callback of callbacks) {
    switch (callback.state) {
      case 'booked': {
        const start = new Date(callback.start);
        if (start.getTime() <= now.getTime()) groups.dueNow.push(callback);
        else if (dayKey(start, timeZone) === today) groups.today.push(callback);
        else groups.upcoming.push(callback);
        break;
      }
      case 'claimed':
        (callback.claimedById === agentId ? groups.dueNow : groups.teammates).push(callback);
        break;
      case 'missed':
        groups.missed.push(callback);
        break;
      case 'done':
      case 'cancelled':
        groups.finished.push(callback);
        break;
      default: {
        const unreachable: never = callback.state;
        throw new Error(`Unknown callback state: ${String(unreachable)}`);
      }
    }
  }
  const mineFirst = (a: Callback, b: Callback): number =>
    Number(b.state === 'claimed') - Number(a.state === 'claimed') || byStart(a, b);
  groups.dueNow.sort(mineFirst);
  groups.today.sort(byStart);
  groups.upcoming.sort(byStart);
  groups.missed.sort(byStart);
  groups.teammates.sort(byStart);
  groups.finished.sort(recentFirst);
  return groups;
}
