import type { ConversationSummary } from '../protocol/frames';
import { callbackContact } from './callbacks';
import { contactLabel } from './format';
import type { Beeper } from './sound';
import type { ConsoleState } from './state';
import type { Store } from './store';

/** Desktop notifications for new chats and callbacks coming due. The browser side is behind `Notifier` so tests need no DOM. */

export type NotifyPermission = 'granted' | 'denied' | 'default' | 'unsupported';

export interface Notifier {
  permission(): NotifyPermission;
  /** Only call from a user gesture (a click): browsers ignore or penalise asking on load. */
  request(): Promise<NotifyPermission>;
  /** `onClick` runs when the person clicks the notification, after the console got focus. */
  show(note: Note, onClick?: () => void): void;
}

export interface Note {
  title: string;
  body: string;
  /** One notification per conversation (or callback): a newer one replaces the older. */
  tag: string;
  /** Set when clicking the notification should open something (besides focusing the console). */
  callbackId?: string;
}

/** What is news between two states: chats that just entered the queue, and offers that just reached me. */
export function arrivals(prev: ConsoleState, next: ConsoleState, agentId: string): Note[] {
  // A welcome replaces the whole list; what it holds was waiting already, and the title shows the count.
  if (next.snapshot !== prev.snapshot || next.conversations === prev.conversations) return [];
  const notes: Note[] = [];
  for (const conversation of Object.values(next.conversations)) {
    const before: ConversationSummary | undefined = prev.conversations[conversation.id];
    if (conversation.status !== 'queued') continue;
    const offeredNow = conversation.offeredToAgentId === agentId && before?.offeredToAgentId !== agentId;
    const queuedNow = before?.status !== 'queued';
    if (!offeredNow && !queuedNow) continue;
    const who = contactLabel(conversation);
    notes.push({
      title: offeredNow ? 'Chat offered to you' : 'New chat waiting',
      body: conversation.lastMessage === null ? who : `${who}: ${conversation.lastMessage}`,
      tag: `ponte-${conversation.id}`,
    });
  }
  return notes;
}

/**
 * Callbacks that just came due for me. The reducer decides whether I am to be told (it adds the
 * "Callback due" alert only while I am online), so this only looks for alerts it just added.
 */
export function dueCallbacks(prev: ConsoleState, next: ConsoleState): Note[] {
  if (next.alerts === prev.alerts) return [];
  const seen = new Set(prev.alerts.map((alert) => alert.id));
  const notes: Note[] = [];
  for (const alert of next.alerts) {
    if (seen.has(alert.id) || alert.action?.kind !== 'open-callback') continue;
    const callback = next.callbacks[alert.action.callbackId];
    if (callback === undefined) continue;
    notes.push({
      title: 'Callback due',
      body: `${callbackContact(callback)} ${callback.phoneDisplay}`,
      tag: `ponte-callback-${callback.id}`,
      callbackId: callback.id,
    });
  }
  return notes;
}

/**
 * Watches the store: per arrival or callback coming due a notification while permission is
 * granted, and one beep per batch once sound was enabled by a click. Clicking a callback's
 * notification calls `openCallback`. Returns the disposer.
 */
export function watchArrivals(
  store: Store,
  notifier: Notifier,
  beeper?: Beeper,
  openCallback?: (callbackId: string) => void,
): () => void {
  let prev = store.getState();
  return store.subscribe(() => {
    const next = store.getState();
    const before = prev;
    prev = next;
    if (next.auth.phase !== 'signed_in') return;
    const notes = [...arrivals(before, next, next.auth.agent.id), ...dueCallbacks(before, next)];
    if (notes.length === 0) return;
    if (beeper?.enabled() === true) beeper.beep();
    if (notifier.permission() !== 'granted') return;
    for (const note of notes) {
      const callbackId = note.callbackId;
      notifier.show(note, callbackId === undefined || openCallback === undefined ? undefined : () => openCallback(callbackId));
    }
  });
}

/** The real browser notifier; every call is guarded because `Notification` may not exist (iOS, old browsers, http). */
export function browserNotifier(): Notifier {
  const api = typeof Notification === 'undefined' ? null : Notification;
  return {
    permission: () => (api === null ? 'unsupported' : api.permission),
    async request() {
      if (api === null) return 'unsupported';
      return api.requestPermission();
    },
    show(note, onClick) {
      if (api === null || api.permission !== 'granted') return;
      try {
        const shown = new api(note.title, { body: note.body, tag: note.tag });
        shown.onclick = () => {
          window.focus();
          shown.close();
          onClick?.();
        };
      } catch (error) {
        // NOTE: some browsers (Chrome on Android) only allow notifications from a service worker
        // and throw here; the tab title still counts the queue, so log and go on.
        console.warn('[ponte] could not show a notification', error);
      }
    },
  };
}
