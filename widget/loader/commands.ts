/**
 * The public JS API (`Ponte(command, …args)`), as a dispatcher over an injected controller so
 * the command queue can be tested without a DOM.
 */
import type { Identity } from './messages';

export const EventNames = ['open', 'close', 'message', 'unread', 'handoff', 'callback'] as const;
export type EventName = (typeof EventNames)[number];
export type Listener = (payload?: unknown) => void;

export interface Controller {
  open(): void;
  close(): void;
  toggle(): void;
  identify(identity: Identity): void;
  setLocale(locale: string): void;
  on(event: EventName, fn: Listener): () => void;
  reset(): void;
}


/** Runs one `Ponte(...)` call. Bad input is reported on the console, never thrown into the host page. */
export function dispatch(controller: Controller, args: ArrayLike<unknown>): unknown {
  const command = args[0];
  const a = args[1];
  const b = args[2];
  switch (command) {
    case 'open':
      return controller.open();
    case 'close':
      return controller.close();
    case 'toggle':
      return controller.toggle();
    case 'identify':
      // Shape checks happen in the frame, which must not trust the host page anyway.
      if (a) return controller.identify(a as Identity);
      break;
    case 'setLocale':
      if (typeof a === 'string') return controller.setLocale(a);
      break;
    case 'on':
      if (EventNames.includes(a as EventName) && typeof b === 'function')
        return controller.on(a as EventName, b as Listener);
      break;
    case 'reset':
      return controller.reset();
  }
  // Unknown commands, and known ones with wrong arguments (the `break`s above), end here.
  console.warn('Ponte: unknown command or bad arguments', args);
}

/**
 * A tiny event hub. NOTE: a listener that throws is not caught: the browser reports it as an
 * uncaught error (visible, not swallowed); catching it here would cost bytes on every site.
 */
export function createEmitter(): { on: Controller['on']; emit(event: EventName, payload?: unknown): void } {
  const listeners: Partial<Record<EventName, Set<Listener>>> = {};
  return {
    on(event, fn) {
      const set = (listeners[event] ||= new Set());
      set.add(fn);
      return () => set.delete(fn);
    },
    emit(event, payload) {
      (listeners[event] || []).forEach((fn) => fn(payload));
    },
  };
}
