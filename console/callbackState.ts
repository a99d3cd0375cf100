import type { AgentStatus } from '../protocol/codes';
import type { Callback, CallbackOutcome, CallbackSlot } from '../protocol/frames';
import { addAlert, type AlertList } from './alerts';
import {
  answers,
  callbackContact,
  groupCallbacks,
  isOpenCallback,
  mergeCallbacks,
  oldestSending,
  type CallbackGroups,
  type CallbackRef,
  type CallbackRequest,
  type RescheduleSlots,
} from './callbacks';
import { ConsoleView } from './view';

/**
 * The callback part of the console's one reducer: the calls held, the one picked, and the
 * agent's requests about them. `reduce` in state.ts hands these actions here; the pure merging
 * and grouping rules live in callbacks.ts. It knows only the parts of the console state it reads
 * (`CallbackHost`), so state.ts and this file do not import each other.
 */

export interface CallbackState {
  /** Open ones and the recently finished (welcome), plus every update since and those seen in a visitor's context. */
  callbacks: Readonly<Record<string, Callback>>;
  /** The callback picked in the Callbacks view; its conversation is the open one. */
  selectedCallbackId: string | null;
  /** Claims, outcomes and slot requests not answered yet, or refused (with the server's words), by callback id. */
  callbackRequests: Readonly<Record<string, CallbackRequest>>;
  nextRequestOrder: number;
  /** The latest free times offered to reschedule a callback; null until asked for. */
  rescheduleSlots: RescheduleSlots | null;
}

/** What the callback reducer reads besides its own part: who I am, whether I take work, the alerts and the view. */
export interface CallbackHost extends CallbackState, AlertList {
  auth: { phase: 'signed_in'; agent: { id: string } } | { phase: 'checking' | 'signed_out' };
  team: readonly { id: string; status: AgentStatus }[];
  view: ConsoleView;
}

export type CallbackAction =
  | { type: 'callback.upsert'; callback: Callback }
  | { type: 'callback.due'; callback: Callback }
  | { type: 'callback.select'; callbackId: string | null }
  | { type: 'callback.request'; callbackId: string; ref: CallbackRef; outcome: CallbackOutcome | null }
  /** A refusal: of the request of `callbackId` (from the error's reqId), else the oldest of its kind on its way. */
  | { type: 'callback.failed'; ref: CallbackRef; callbackId?: string; message: string }
  | { type: 'callback.dismissError'; callbackId: string }
  | { type: 'callback.slots'; callbackId: string; slots: readonly CallbackSlot[]; siteTimeZone: string };

export function initialCallbackState(): CallbackState {
  return { callbacks: {}, selectedCallbackId: null, callbackRequests: {}, nextRequestOrder: 1, rescheduleSlots: null };
}

export function reduceCallbacks<S extends CallbackHost>(state: S, action: CallbackAction): S {
  switch (action.type) {
    case 'callback.upsert':
      return applyCallbacks(state, [action.callback]);
    case 'callback.due': {
      const next = applyCallbacks(state, [action.callback]);
      const callback = next.callbacks[action.callback.id];
      if (callback === undefined || !isOpenCallback(callback) || state.auth.phase !== 'signed_in') return next;
      // NOTE: only agents taking work are alerted; an away agent still sees the call in the list.
      // Presence not known yet (no team.presence so far) counts as online, as the status picker shows it.
      const agentId = state.auth.agent.id;
      const me = state.team.find((member) => member.id === agentId);
      if (me !== undefined && me.status !== 'online') return next;
      const message = `Callback due: ${callbackContact(callback)} ${callback.phoneDisplay}`;
      // One alert per call: a retry coming due again replaces the earlier alert.
      const others = next.alerts.filter((alert) => alert.action?.callbackId !== callback.id);
      return addAlert({ ...next, alerts: others }, 'callback_due', message, { kind: 'open-callback', callbackId: callback.id });
    }
    case 'callback.select': {
      if (action.callbackId === null) return state.selectedCallbackId === null ? state : { ...state, selectedCallbackId: null };
      if (state.callbacks[action.callbackId] === undefined) return state;
      return { ...state, selectedCallbackId: action.callbackId, view: ConsoleView.Callbacks };
    }
    case 'callback.request': {
      const request: CallbackRequest = {
        ref: action.ref,
        outcome: action.outcome,
        status: 'sending',
        error: null,
        order: state.nextRequestOrder,
      };
      return {
        ...state,
        callbackRequests: { ...state.callbackRequests, [action.callbackId]: request },
        nextRequestOrder: state.nextRequestOrder + 1,
      };
    }
    case 'callback.failed': {
      const callbackId = action.callbackId ?? oldestSending(state.callbackRequests, action.ref);
      const request = callbackId === null ? undefined : state.callbackRequests[callbackId];
      if (callbackId === null || request === undefined || request.status !== 'sending') return state;
      const failed: CallbackRequest = { ...request, status: 'failed', error: action.message };
      return { ...state, callbackRequests: { ...state.callbackRequests, [callbackId]: failed } };
    }
    case 'callback.dismissError': {
      const request = state.callbackRequests[action.callbackId];
      if (request === undefined || request.status !== 'failed') return state;
      const { [action.callbackId]: _gone, ...rest } = state.callbackRequests;
      return { ...state, callbackRequests: rest };
    }
    case 'callback.slots': {
      const rescheduleSlots: RescheduleSlots = { callbackId: action.callbackId, slots: action.slots, siteTimeZone: action.siteTimeZone };
      const request = state.callbackRequests[action.callbackId];
      let callbackRequests = state.callbackRequests;
      if (request?.ref === 'callback.slots' && request.status === 'sending') {
        const { [action.callbackId]: _answered, ...rest } = state.callbackRequests;
        callbackRequests = rest;
      }
      return { ...state, rescheduleSlots, callbackRequests };
    }
    default: {
      const unreachable: never = action;
      throw new Error(`Unhandled callback action: ${JSON.stringify(unreachable)}`);
    }
  }
}

/**
 * Takes in callbacks from the server: settles the requests they answer, and drops the "due"
 * alert of a call someone took or that ended (nobody needs to be told to call it any more).
 */
export function applyCallbacks<S extends CallbackHost>(state: S, incoming: readonly Callback[]): S {
  const callbacks = mergeCallbacks(state.callbacks, incoming);
  if (callbacks === state.callbacks) return state;
  const agentId = state.auth.phase === 'signed_in' ? state.auth.agent.id : null;
  let callbackRequests = state.callbackRequests;
  let alerts = state.alerts;
  for (const callback of incoming) {
    if (callbacks[callback.id] !== callback) continue;
    const request = callbackRequests[callback.id];
    if (request !== undefined && agentId !== null && answers(request, callback, agentId)) {
      const { [callback.id]: _answered, ...rest } = callbackRequests;
      callbackRequests = rest;
    }
    if (callback.state !== 'booked' && callback.state !== 'missed') {
      alerts = alerts.filter((alert) => alert.action?.callbackId !== callback.id);
    }
  }
  return { ...state, callbacks, callbackRequests, alerts };
}

/**
 * The callbacks after a welcome. The list is the server's snapshot: the picked callback stays
 * (like the open conversation), and requests still in flight are forgotten: the old socket's
 * answers will never come, and the snapshot shows whether they took effect.
 */
export function welcomeCallbacks(state: CallbackState, list: readonly Callback[]): Pick<CallbackState, 'callbacks' | 'callbackRequests'> {
  const selected = state.selectedCallbackId === null ? undefined : state.callbacks[state.selectedCallbackId];
  const callbacks = mergeCallbacks(selected === undefined ? {} : { [selected.id]: selected }, list);
  const callbackRequests: Record<string, CallbackRequest> = {};
  for (const [id, request] of Object.entries(state.callbackRequests)) if (request.status === 'failed') callbackRequests[id] = request;
  return { callbacks, callbackRequests };
}

/** The picked callback stays picked only while its conversation is the one on screen. */
export function selectionAfterOpen(state: CallbackState, conversationId: string | null): string | null {
  const selected = state.selectedCallbackId === null ? undefined : state.callbacks[state.selectedCallbackId];
  return selected !== undefined && selected.conversationId === conversationId ? selected.id : null;
}

// ---------------------------------------------------------------- selectors

/** The Callbacks view's lists for this agent, `now`, in the agent's time zone. */
export function selectCallbackGroups(state: CallbackState, agentId: string, now: Date, timeZone: string | undefined): CallbackGroups {
  return groupCallbacks(Object.values(state.callbacks), agentId, now, timeZone);
}

/**
 * The callback whose action bar goes with a conversation: the one picked in the Callbacks view,
 * else the newest open callback of that conversation (opened from the inbox or a past-chats link).
 */
export function selectCallbackFor(state: CallbackState, conversationId: string): Callback | null {
  const selected = state.selectedCallbackId === null ? undefined : state.callbacks[state.selectedCallbackId];
  if (selected !== undefined && selected.conversationId === conversationId) return selected;
  let newest: Callback | null = null;
  for (const callback of Object.values(state.callbacks)) {
    if (callback.conversationId !== conversationId || !isOpenCallback(callback)) continue;
    if (newest === null || Date.parse(callback.createdAt) > Date.parse(newest.createdAt)) newest = callback;
  }
  return newest;
}

/** A visitor's callbacks as their context listed them, each replaced by the newer copy held live. */
export function selectFreshCallbacks(state: CallbackState, listed: readonly Callback[]): Callback[] {
  return listed.map((callback) => {
    const live = state.callbacks[callback.id];
    return live !== undefined && Date.parse(live.updatedAt) >= Date.parse(callback.updatedAt) ? live : callback;
  });
}
