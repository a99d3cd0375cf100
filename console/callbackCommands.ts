/**
 * What the agent does about a booked call: pick it (its conversation opens beside the action bar),
 * claim it, record how it went, ask for times to move it to. A claim, outcome or slots request is
 * remembered once sent, so the bar shows it on its way and a refusal (an `error` frame echoing
 * the request's reqId) lands in that callback's bar rather than in a banner.
 */
import { Limits } from '../protocol/codes';
import type { CallbackOutcome, AgentFrame } from '../protocol/frames';
import { CallbackRef, isCallbackRef, oldestSending } from './callbacks';
import type { Store } from './store';

export interface CallbackCommands {
  /** Picks a callback and opens its conversation (the whole transcript) beside its action bar. */
  openCallback(callbackId: string): void;
  claimCallback(callbackId: string): void;
  /** How the call I claimed went; `rescheduled` needs `slotStart`. A blank note is left out. */
  recordOutcome(callbackId: string, outcome: CallbackOutcome, options?: { slotStart?: string; note?: string }): void;
  /** Asks for the free times to move a callback to (answered with `callback.slots`). */
  requestRescheduleSlots(callbackId: string): void;
  dismissCallbackError(callbackId: string): void;
  /** An `error` frame: true when it answers a request of ours (then it shows in that bar). */
  refused(ref: string | undefined, message: string, reqId?: string): boolean;
}

export interface CallbackCommandsDeps {
  store: Store;
  /** Sends now, or tells the agent it could not go out; false then. */
  command: (frame: AgentFrame) => boolean;
  alert: (code: string, message: string) => void;
  /** Puts a conversation on screen. */
  open: (conversationId: string) => void;
}

export function createCallbackCommands({ store, command, alert, open }: CallbackCommandsDeps): CallbackCommands {
  const { dispatch } = store;

  // The reqId names the callback, so a refusal lands in the bar of the call it was about.
  const reqIdFor = (type: CallbackRef, callbackId: string) => `${type}:${callbackId}`;
  function request(callbackId: string, frame: AgentFrame & { type: CallbackRef }, outcome: CallbackOutcome | null): void {
    if (command({ ...frame, reqId: reqIdFor(frame.type, callbackId) })) dispatch({ type: 'callback.request', callbackId, ref: frame.type, outcome });
  }

  return {
    openCallback(callbackId) {
      const callback = store.getState().callbacks[callbackId];
      if (callback === undefined) return;
      dispatch({ type: 'callback.select', callbackId });
      open(callback.conversationId);
    },
    claimCallback(callbackId) {
      request(callbackId, { type: CallbackRef.Claim, callbackId }, null);
    },
    recordOutcome(callbackId, outcome, options = {}) {
      const note = options.note?.trim() ?? '';
      if (note.length > Limits.messageChars) {
        alert('too_large', `A call note can be at most ${Limits.messageChars} characters.`);
        return;
      }
      if (outcome === 'rescheduled' && options.slotStart === undefined) {
        alert('invalid_frame', 'Pick the new time first.');
        return;
      }
      const slotStart = outcome === 'rescheduled' ? options.slotStart : undefined;
      const frame = {
        type: CallbackRef.Outcome,
        callbackId,
        outcome,
        ...(slotStart === undefined ? {} : { slotStart }),
        ...(note === '' ? {} : { note }),
      };
      request(callbackId, frame, outcome);
    },
    requestRescheduleSlots(callbackId) {
      request(callbackId, { type: CallbackRef.Slots, callbackId }, null);
    },
    dismissCallbackError(callbackId) {
      dispatch({ type: 'callback.dismissError', callbackId });
    },
    refused(ref, message, reqId) {
      if (!isCallbackRef(ref)) return false;
      const callbackId = reqId?.startsWith(`${ref}:`) === true ? reqId.slice(ref.length + 1) : undefined;
      const requests = store.getState().callbackRequests;
      const known = callbackId !== undefined ? requests[callbackId]?.status === 'sending' : oldestSending(requests, ref) !== null;
      if (!known) return false;
      dispatch({ type: 'callback.failed', ref, message, ...(callbackId === undefined ? {} : { callbackId }) });
      return true;
    },
  };
}
