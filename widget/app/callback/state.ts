/**
 * The call-back part of the widget's state: its types, what the callback frames, the welcome's
 * callback fields and the booking actions do to it, and the frames the booking panel sends.
 * state.ts's reducer calls in here with its whole `State`; this file knows only the callback slice
 * (`CallbackSlice`), so the two do not import each other. What the UI reads from the whole state
 * (offers, the card's place) is offer.ts.
 */
import type { Callback, CallbackSlot, VisitorFrame, ServerFrame, VisitorWelcome } from '../../../protocol/frames';

/** The client frames a callback `error` can be about (its `ref`). */
export const CallbackRef = { Book: 'callback.book', Cancel: 'callback.cancel', Slots: 'callback.slots' } as const;
export type CallbackRef = (typeof CallbackRef)[keyof typeof CallbackRef];

type CallbackFrame = Extract<ServerFrame, { type: 'callback.slots' | 'callback.updated' }>;

/** A refusal from the server (`error` with ref `callback.*`), or `not_sent` when the link was down. */
export interface CallbackError {
  code: string;
  /** The server's English sentence; shown only for codes the widget has no words of its own for. */
  message: string;
}

/** The visitor's booking as the server last said it (any state: see `activeCallback`), with its calendar file. */
export interface HeldCallback {
  callback: Callback;
  /** RFC 5545 text; '' if the server sent none. */
  ics: string;
}

/** The booking panel, while open. */
export interface BookingForm {
  /** Moving this booking (`callback.book` with `moveId`); null books a new one. */
  moveId: string | null;
  /** The free times, in order; null until the server's `callback.slots` arrives. */
  slots: CallbackSlot[] | null;
  /** Countries the team calls (ISO alpha-2); empty = any. */
  countries: string[];
  /** The slot a `callback.book` went out for, until answered: no second submit meanwhile. */
  busy: string | null;
  error: CallbackError | null;
}

/** The callback part of the widget's `State` (state.ts). */
export interface CallbackSlice {
  /** Whether the site takes callbacks ("Call me back"); false until the first welcome says. */
  callbacksEnabled: boolean;
  /** Within business hours (null until the first welcome), and the next opening when not. */
  openNow: boolean | null;
  opensAt: string | null;
  callback: HeldCallback | null;
  booking: BookingForm | null;
  /** A `callback.cancel` went out and is not answered yet. */
  cancelling: boolean;
  cancelError: CallbackError | null;
}

export type CallbackAction =
  /** The visitor opened the booking panel (to book, or to move booking `moveId`); slots are asked for. */
  | { type: 'bookingOpen'; moveId: string | null }
  | { type: 'bookingClose' }
  /** A `callback.book` for `slotStart` went out. */
  | { type: 'bookingSent'; slotStart: string }
  | { type: 'cancelSent' }
  /** A `callback.book` / `callback.cancel` could not go out (no link): the visitor tries again. */
  | { type: 'callbackNotSent'; ref: CallbackRef };

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
export function activeCallback(state: CallbackSlice): HeldCallback | null {
  return state.callback && isActive(state.callback.callback) ? state.callback : null;
}

/**
 * Whether the booking `held` is replaced by `incoming`: its own news, or a booking to come. A late
 * word about an older, finished booking must not hide the one still to come.
 */
function takes(held: HeldCallback | null, incoming: Callback): boolean {
  return !held || held.callback.id === incoming.id || isActive(incoming) || !isActive(held.callback);
}

function applyUpdated<S extends CallbackSlice>(state: S, callback: Callback, ics: string | undefined): S {
  const held = state.callback;
  if (!takes(held, callback)) return state;
  const same = held?.callback.id === callback.id;
  const next: S = { ...state, callback: { callback, ics: ics ?? (same && held ? held.ics : '') } };
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

function applyError<S extends CallbackSlice>(state: S, ref: CallbackRef, error: CallbackError): S {
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
export function applyCallbackError<S extends CallbackSlice>(state: S, frame: Extract<ServerFrame, { type: 'error' }>, ref: CallbackRef): S {
  return applyError(state, ref, { code: frame.code, message: frame.message });
}

export function applyCallbackFrame<S extends CallbackSlice>(state: S, frame: CallbackFrame): S {
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
export function callbackWelcome<S extends CallbackSlice>(state: S, frame: VisitorWelcome): S {
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

export function callbackAction<S extends CallbackSlice>(state: S, action: CallbackAction): S {
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
export function bookFrame(state: CallbackSlice, input: BookingInput): Extract<VisitorFrame, { type: 'callback.book' }> | null {
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
export function cancelFrame(state: CallbackSlice, callbackId: string): { type: 'callback.cancel'; callbackId: string } | null {
  const active = activeCallback(state);
  return active?.callback.id === callbackId && !state.cancelling ? { type: 'callback.cancel', callbackId } : null;
}
