/**
 * The call-back part of the widget's state: what the callback frames, the welcome's callback fields
 * and the booking actions do to `State`, and what the UI reads from it. state.ts's reducer calls in
 * here; the types live there with the rest of `State`.
 */
import type { Callback, ClientFrame, ServerFrame, VisitorWelcome } from '../../../protocol/frames';
import type { Action, BookingForm, CallbackError, HeldCallback, State } from '../state';

/** The client frames a callback `error` can be about (its `ref`). */
export const CallbackRef = { Book: 'callback.book', Cancel: 'callback.cancel', Slots: 'callback.slots' } as const;
export type CallbackRef = (typeof CallbackRef)[keyof typeof CallbackRef];

type CallbackFrame = Extract<ServerFrame, { type: 'callback.slots' | 'callback.updated' }>;
type CallbackAction = Extract<Action, { type: 'bookingOpen' | 'bookingClose' | 'bookingSent' | 'cancelSent' | 'callbackNotSent' }>;

/**
 * Booked (waiting for its time), claimed (an agent is on it) or missed (its time passed; the visitor
 * can move or cancel it): the call still to come.
 */
export const isActive = (callback: Callback): boolean =>
  callback.state === 'booked' || callback.state === 'claimed' || callback.state === 'missed';

/** The same instant, however the two ISO strings are written. */
const sameInstant = (a: string, b: string): boolean => Date.parse(a) === Date.parse(b);

/** Local refusal: the frame never left (link down). */
export const NotSent = 'not_sent';

/** The booking the visitor has coming (booked or claimed), with its calendar file, or null. */
export function activeCallback(state: State): HeldCallback | null {
  return state.callback && isActive(state.callback.callback) ? state.callback : null;
}

/**
 * Whether the booking `held` is replaced by `incoming`: its own news, or a booking to come. A late
 * word about an older, finished booking must not hide the one still to come.
 */
function takes(held: HeldCallback | null, incoming: Callback): boolean {
  return !held || held.callback.id === incoming.id || isActive(incoming) || !isActive(held.callback);
}

function applyUpdated(state: State, callback: Callback, ics: string | undefined): State {
  const held = state.callback;
  if (!takes(held, callback)) return state;
  const same = held?.callback.id === callback.id;
  const next: State = { ...state, callback: { callback, ics: ics ?? (same && held ? held.ics : '') } };
  if (same && !isActive(callback)) {
    next.cancelling = false;
    next.cancelError = null;
  }
  const booking = state.booking;
  // The answer to our `callback.book` (here or from another tab of this visitor): the panel is done.
  // A panel moving this very booking stays open on other news of it (an agent claimed it meanwhile).
  if (booking && isActive(callback) && (booking.busy !== null || booking.moveId !== callback.id)) next.booking = null;
  return next;
}

function applyError(state: State, ref: CallbackRef, error: CallbackError): State {
  switch (ref) {
    case CallbackRef.Book:
    case CallbackRef.Slots: {
      const booking = state.booking;
      if (!booking) return state;
      // A refused slots request must not leave the panel loading for ever.
      return { ...state, booking: { ...booking, busy: null, error, slots: booking.slots ?? [] } };
    }
    case CallbackRef.Cancel:
      return { ...state, cancelling: false, cancelError: error };
    default:
      return ref satisfies never;
  }
}

export const isCallbackRef = (ref: string | undefined): ref is CallbackRef =>
  ref === CallbackRef.Book || ref === CallbackRef.Cancel || ref === CallbackRef.Slots;

/** An `error` frame about a callback request. */
export function applyCallbackError(state: State, frame: Extract<ServerFrame, { type: 'error' }>, ref: CallbackRef): State {
  return applyError(state, ref, { code: frame.code, message: frame.message });
}

export function applyCallbackFrame(state: State, frame: CallbackFrame): State {
  switch (frame.type) {
    case 'callback.slots': {
      const booking = state.booking;
      // With a callbackId it answers an agent's reschedule; a visitor never asks that way.
      if (!booking || frame.callbackId !== undefined) return state;
      // NOTE: an error (slot_full) keeps showing over the fresh slots that follow it: they are its answer.
      return { ...state, booking: { ...booking, slots: frame.slots, countries: frame.countries } };
    }
    case 'callback.updated':
      return applyUpdated(state, frame.callback, frame.ics);
    default:
      return frame satisfies never;
  }
}

/**
 * The welcome's callback fields. A new link may have eaten a request in flight: a booking that the
 * welcome shows at the slot we asked for went through (the panel closes); any other is not known to
 * have, and the visitor may send again.
 */
export function callbackWelcome(state: State, frame: VisitorWelcome): State {
  const callback = frame.callback;
  let booking: BookingForm | null = frame.callbacksEnabled ? state.booking : null;
  if (booking?.busy) {
    const landed = callback !== null && isActive(callback.callback) && sameInstant(callback.callback.start, booking.busy);
    booking = landed ? null : { ...booking, busy: null, error: { code: NotSent, message: '' } };
  }
  return {
    ...state,
    callbacksEnabled: frame.callbacksEnabled,
    openNow: frame.openNow,
    opensAt: frame.opensAt,
    callback,
    booking,
    cancelling: false,
  };
}

export function callbackAction(state: State, action: CallbackAction): State {
  switch (action.type) {
    case 'bookingOpen': {
      const held = state.booking;
      if (held && held.moveId === action.moveId) return state;
      return {
        ...state,
        booking: { moveId: action.moveId, slots: held?.slots ?? null, countries: held?.countries ?? [], busy: null, error: null },
      };
    }
    case 'bookingClose':
      return state.booking ? { ...state, booking: null } : state;
    case 'bookingSent':
      return state.booking ? { ...state, booking: { ...state.booking, busy: action.slotStart, error: null } } : state;
    case 'cancelSent':
      return { ...state, cancelling: true, cancelError: null };
    case 'callbackNotSent':
      return applyError(state, action.ref, { code: NotSent, message: '' });
    default:
      return action satisfies never;
  }
}

// ---------------------------------------------------------------- what the UI reads

/** What the visitor fills in on the booking panel. */
export interface BookingInput {
  slotStart: string;
  phone: string;
  country: string | null;
  note: string;
}

/** The `callback.book` frame for the panel's form, or null while one is in flight (no double submit). */
export function bookFrame(state: State, input: BookingInput): Extract<ClientFrame, { type: 'callback.book' }> | null {
  const booking = state.booking;
  if (!booking || booking.busy !== null) return null;
  const note = input.note.trim();
  return {
    type: 'callback.book',
    slotStart: input.slotStart,
    phone: input.phone.trim(),
    ...(input.country ? { country: input.country } : {}),
    ...(note ? { note } : {}),
    ...(booking.moveId ? { moveId: booking.moveId } : {}),
  };
}

/** The `callback.cancel` frame, or null: not the booking to come, or a cancel already in flight. */
export function cancelFrame(state: State, callbackId: string): { type: 'callback.cancel'; callbackId: string } | null {
  const active = activeCallback(state);
  return active?.callback.id === callbackId && !state.cancelling ? { type: 'callback.cancel', callbackId } : null;
}

/** The "we're away, back at …" line: outside business hours, while nobody is chatting or calling. */
export function awayShown(state: State): boolean {
  const status = state.status;
  return state.openNow === false && status !== 'live' && status !== 'callback';
}

/** Where the one "Book a call back" button goes (at most one on screen at a time). */
export type CallbackOffer = { at: 'queue' } | { at: 'message'; key: string } | { at: 'away' };

/**
 * The offer to book, or null. Only while the site takes callbacks, nothing is booked and no person
 * is chatting. The freshest reason wins: a long queue, then the latest message that offered (in the
 * conversation on screen, before it was handed on or closed), then being outside hours.
 */
export function callbackOffer(state: State): CallbackOffer | null {
  const status = state.status ?? 'bot';
  if (!state.callbacksEnabled || state.booking || activeCallback(state) || status === 'live' || status === 'callback') return null;
  const spot = state.queue;
  if (status === 'queued' && spot?.offerCallback && spot.conversationId === state.conversationId) return { at: 'queue' };
  if (status === 'bot' || status === 'queued') {
    for (let i = state.messages.length - 1; i >= 0; i--) {
      const m = state.messages[i];
      if (!m || m.conversationId === null) continue;
      if (m.conversationId !== state.conversationId) break;
      if (m.offerCallback) return { at: 'message', key: m.key };
    }
  }
  return awayShown(state) ? { at: 'away' } : null;
}

/** Transcript codes after which the booking card belongs (the latest one on screen). */
const cardCodes = new Set(['callback_booked', 'callback_moved', 'callback_rescheduled', 'callback_missed']);

/** The message the booking card follows in the log: the latest booked/moved event, or null for the end. */
export function cardAnchor(state: State): string | null {
  const active = activeCallback(state);
  if (!active) return null;
  for (let i = state.messages.length - 1; i >= 0; i--) {
    const m = state.messages[i];
    if (m?.conversationId === active.callback.conversationId && m.event?.code && cardCodes.has(m.event.code)) return m.key;
  }
  return null;
}
