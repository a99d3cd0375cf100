import type { ConversationSummary } from '../protocol/frames';
import { contactLabel } from './format';
import type { Beeper } from './sound';
import type { ConsoleState } from './state';
import type { Store } from './store';

/** Desktop notifications for new chats. The browser side is behind `Notifier` so tests need no DOM. */

export type NotifyPermission = 'granted' | 'denied' | 'default' | 'unsupported';

export interface Notifier {
  permission(): NotifyPermission;
  /** Only call from a user gesture (a click): browsers ignore or penalise asking on load. */
  request(): Promise<NotifyPermission>;
  show(note: Note): void;
}

export interface Note {
  title: string;
  body: string;
  /** One notification per conversation: a newer one replaces the older. */
  tag: string;
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
 * Watches the store: per arrival a notification while permission is granted, and one beep per
 * batch once sound was enabled by a click. Returns the disposer.
 */
export function watchArrivals(store: Store, notifier: Notifier, beeper?: Beeper): () => void {
  let prev = store.getState();
  return store.subscribe(() => {
    const next = store.getState();
    const before = prev;
    prev = next;
    if (next.auth.phase !== 'signed_in') return;
    const notes = arrivals(before, next, next.auth.agent.id);
    if (notes.length === 0) return;
    if (beeper?.enabled() === true) beeper.beep();
    if (notifier.permission() !== 'granted') return;
    for (const note of notes) notifier.show(note);
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
    show(note) {
      if (api === null || api.permission !== 'granted') return;
      try {
        const shown = new api(note.title, { body: note.body, tag: note.tag });
        shown.onclick = () => {
          window.focus();
          shown.close();
        };
      } catch (error) {
        // NOTE: some browsers (Chrome on Android) only allow notifications from a service worker
        // and throw here; the tab title still counts the queue, so log and go on.
        console.warn('[ponte] could not show a notification', error);
      }
    },
  };
}
