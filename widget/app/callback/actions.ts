/**
 * The visitor's call-back actions: open and close the booking panel, book (or move) a call, cancel
 * it. A frame that cannot go out (no link) shows as "not sent" on the panel, and the visitor tries
 * again; one already on its way is not sent twice (state.ts `bookFrame` / `cancelFrame`).
 */
import type { VisitorFrame } from '../../../protocol/frames';
import type { Actions } from '../components/Panel';
import type { Store } from '../store';
import { bookFrame, cancelFrame, CallbackRef } from './state';

export type CallbackActions = Pick<Actions, 'openBooking' | 'closeBooking' | 'book' | 'cancelCallback'> & {
  /** Asks for the free call-back times; unsent (link down), the next welcome asks again. */
  requestSlots(): void;
};

export function createCallbackActions({ store, send, connect }: { store: Store; send: (frame: VisitorFrame) => boolean; connect: () => void }): CallbackActions {
  const requestSlots = (): void => {
    connect();
    send({ type: 'callback.slots' });
  };
  return {
    requestSlots,
    openBooking(moveId) {
      store.dispatch({ type: 'bookingOpen', moveId });
      requestSlots();
    },
    closeBooking() {
      store.dispatch({ type: 'bookingClose' });
    },
    book(input) {
      const frame = bookFrame(store.getState(), input);
      // null: a booking is already on its way (a double submit).
      if (!frame) return;
      if (!send(frame)) return store.dispatch({ type: 'callbackNotSent', ref: CallbackRef.Book });
      store.dispatch({ type: 'bookingSent', slotStart: frame.slotStart });
    },
    cancelCallback(callbackId) {
      const frame = cancelFrame(store.getState(), callbackId);
      if (!frame) return;
      if (!send(frame)) return store.dispatch({ type: 'callbackNotSent', ref: CallbackRef.Cancel });
      store.dispatch({ type: 'cancelSent' });
    },
  };
}
