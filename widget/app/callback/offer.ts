/**
 * What the chat shows about call-backs, read from the whole widget state: the "we're away" line, the
 * one "Book a call back" offer and where the booking card sits in the log.
 */
import type { State } from '../state';
import { activeCallback } from './state';

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
