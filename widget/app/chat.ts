/**
 * The widget's chat controller: what the server's frames, the visitor's actions and the host page's
 * copies do, between the store, the link and the outbox. It keeps the outbox (this tab's unsent
 * messages, persisted and mirrored to the host page), flushes it after each welcome, adopts stored
 * copies, and resends what the server refused "for now" (client/resend.ts). The composition root
 * (main.tsx) creates the link, the bridge and the storage and passes them in; nothing here touches
 * a browser global, so tests drive it with fakes.
 */
import type { Phase, Timers } from '../../client/link/link';
import { closeMeaning, CloseMeaning } from '../../client/link/close';
import { findQueued, remove } from '../../client/outbox';
import { createResendSchedule } from '../../client/resend';
import { createTypingThrottle } from '../../client/typing';
import type { VisitorFrame, ServerFrame } from '../../protocol/frames';
import type { FrameMessage } from '../loader/messages';
import { createCallbackActions, type CallbackActions } from './callback/actions';
import type { Actions } from './components/Panel';
import { readReceiptFrame } from './signals';
import { feedbackFrame } from './state';
import { enqueue, parse, serialize, union, type Outbox, type OutboxItem } from './storage/outbox';
import type { StoredValue, TokenStore } from './storage/token';
import type { Store } from './store';

export interface ChatDeps {
  store: Store;
  /** Sends on a welcomed link; false when there is none. */
  send: (frame: VisitorFrame) => boolean;
  /** Starts the link if it is not running yet (a new visitor connects only once needed). */
  connect: () => void;
  tokens: TokenStore;
  outboxStore: StoredValue;
  /** To the host page (bridge.ts). */
  post: (message: FrameMessage) => void;
  newId: () => string;
  now: () => number;
  timers: Timers;
  /** The tab is visible (read receipts go out only then). */
  isVisible: () => boolean;
  /** The browser believes it is online (`navigator.onLine`). */
  online: () => boolean;
}

export interface Chat {
  actions: Actions;
  /** The link's callbacks (client/link/link.ts). */
  frame(frame: ServerFrame): void;
  phase(phase: Phase): void;
  closed(code: number): boolean;
  /** Shows and queues messages from a stored outbox (ours from the last page, or the host's copy). */
  adopt(items: Outbox): void;
  /** Unsent messages this tab holds. */
  pendingCount(): number;
  /** A logout on the host page: the next visitor must not send (or see) this one's unsent messages. */
  forget(): void;
  /** Sends the read receipt the state calls for, if any (panel open, tab visible, new agent messages). */
  sendRead(): void;
}

export function createChat(deps: ChatDeps): Chat {
  const { store, send, connect, tokens, outboxStore, post, now } = deps;
  /** This tab's unsent messages, in order; the state shows them, this list sends them. */
  let outbox: Outbox = [];
  /** Every clientMsgId this tab has held: other tabs' items in the shared store are the rest. */
  const known = new Set<string>();
  let linkUp = false;
  /** A new link forgets what we said about typing: the next keystroke says it again. */
  const typing = createTypingThrottle();

  const setOutbox = (next: Outbox): void => {
    if (next === outbox) return;
    outbox = next;
    next.forEach((item) => known.add(item.clientMsgId));
    // Another tab of this visitor shares the store: keep the items it queued that we never held.
    const all = union(next, parse(outboxStore.get()).filter((item) => !known.has(item.clientMsgId)));
    const stored = all.length > 0 ? serialize(all) : '';
    if (stored) outboxStore.set(stored);
    else outboxStore.clear();
    post({ type: 'outbox', outbox: stored });
  };

  const transmit = (item: OutboxItem): boolean => send({ type: 'message.send', clientMsgId: item.clientMsgId, text: item.text });

  const resends = createResendSchedule({
    timers: deps.timers,
    resend(clientMsgId) {
      const item = findQueued(outbox, clientMsgId);
      if (item && linkUp) transmit(item);
    },
    giveUp(clientMsgId) {
      // Refused for good, or "not now" too many times: the visitor decides (Retry queues it again).
      store.dispatch({ type: 'notSent', clientMsgId });
      setOutbox(remove(outbox, clientMsgId));
    },
  });

  const sentIds = (): Set<string | null> =>
    new Set(store.getState().messages.filter((m) => m.delivery === 'sent').map((m) => m.clientMsgId));

  /** After each welcome: what the transcript shows as stored is done; the rest goes, in order. */
  const flush = (): void => {
    const stored = sentIds();
    setOutbox(outbox.filter((item) => !stored.has(item.clientMsgId)));
    for (const item of outbox) if (!transmit(item)) return;
  };

  const queue = (item: OutboxItem): void => {
    const next = enqueue(outbox, item);
    if (!next) {
      console.warn('[ponte] too many unsent messages; this one is not queued');
      return store.dispatch({ type: 'notSent', clientMsgId: item.clientMsgId });
    }
    setOutbox(next);
    connect();
    if (linkUp) transmit(item);
  };

  const sendTyping = (value: boolean): void => {
    // Typing before a conversation exists tells nobody anything: there is no agent to tell.
    if (store.getState().conversationId === null) return;
    const frame = typing.update(value, now());
    // Not sent (offline): nothing to undo; the next keystroke tries again.
    if (frame !== null && !send({ type: 'typing', typing: frame })) typing.reset();
  };

  const { requestSlots, ...callbackActions }: CallbackActions = createCallbackActions({ store, send, connect });

  const actions: Actions = {
    ...callbackActions,
    send(text) {
      sendTyping(false);
      const item = { clientMsgId: deps.newId(), text, createdAt: new Date(now()).toISOString() };
      store.dispatch({ type: 'send', ...item });
      queue(item);
    },
    retry(clientMsgId) {
      const message = store.getState().messages.find((m) => m.clientMsgId === clientMsgId);
      if (!message) return;
      resends.forget(clientMsgId);
      store.dispatch({ type: 'retry', clientMsgId });
      queue({ clientMsgId, text: message.text, createdAt: message.createdAt });
    },
    typing: sendTyping,
    handoff() {
      if (!send({ type: 'handoff.request' })) console.warn('[ponte] not connected; handoff not sent');
    },
    feedback(messageId, helpful) {
      const frame = feedbackFrame(store.getState(), messageId, helpful);
      if (!frame) return;
      // Not sent (offline): the buttons stay, so the visitor can answer again once connected.
      if (!send(frame)) return console.warn('[ponte] not connected; feedback not sent');
      store.dispatch({ type: 'feedback', messageId, helpful });
    },
    close() {
      store.dispatch({ type: 'panel', open: false });
      post({ type: 'close' });
    },
  };

  return {
    actions,
    frame(frame) {
      switch (frame.type) {
        case 'welcome':
          if (frame.role === 'visitor') {
            typing.reset();
            tokens.set(frame.token);
            post({ type: 'token', token: frame.token });
          }
          store.dispatch({ type: 'frame', frame });
          // The booking panel open over a new link: its times may be stale (or never came).
          if (store.getState().booking) requestSlots();
          // Everything unsent goes now, so pending resends would only send it twice.
          resends.clear();
          return flush();
        case 'message.ack':
          resends.forget(frame.clientMsgId);
          store.dispatch({ type: 'frame', frame });
          return setOutbox(remove(outbox, frame.clientMsgId));
        case 'message.new':
          store.dispatch({ type: 'frame', frame });
          // Stored (sent from this tab or another one): nothing left to send.
          if (frame.message.clientMsgId) setOutbox(remove(outbox, frame.message.clientMsgId));
          break;
        case 'message.delta':
          store.dispatch({ type: 'delta', frame, now: now() });
          break;
        case 'typing':
          store.dispatch({ type: 'typing', frame, now: now() });
          break;
        case 'error':
          console.warn('[ponte] server error', frame.code, frame.message, frame.ref ?? '');
          store.dispatch({ type: 'frame', frame });
          if (frame.ref && findQueued(outbox, frame.ref)) resends.refused(frame.ref, frame.code, frame.message);
          break;
        default:
          store.dispatch({ type: 'frame', frame });
      }
      // A frame after the browser said `offline`: we are online after all.
      if (linkUp && store.getState().connection !== 'online') store.dispatch({ type: 'connection', connection: 'online' });
    },
    phase(phase) {
      linkUp = phase === 'online';
      if (phase === 'connecting' || phase === 'waiting') {
        store.dispatch({
          type: 'connection',
          connection: !deps.online() ? 'offline' : store.getState().site ? 'reconnecting' : 'connecting',
        });
      }
    },
    closed(code) {
      const meaning = closeMeaning(code);
      switch (meaning) {
        case CloseMeaning.Retry:
          return true;
        case CloseMeaning.Unauthorized:
          // The server doesn't know our token (expired, or another relay's): start as a new visitor,
          // still sending what this one typed.
          tokens.clear();
          store.dispatch({ type: 'reset' });
          outbox.forEach((item) => store.dispatch({ type: 'send', ...item }));
          return true;
        case CloseMeaning.Version:
        case CloseMeaning.Forbidden:
        case CloseMeaning.Refused:
          store.dispatch({ type: 'failed', failure: meaning === CloseMeaning.Version ? 'version' : 'forbidden' });
          return false;
        default:
          return meaning satisfies never;
      }
    },
    adopt(items) {
      const shown = sentIds();
      const fresh = items.filter((item) => !shown.has(item.clientMsgId) && !findQueued(outbox, item.clientMsgId));
      if (fresh.length === 0) return;
      fresh.forEach((item) => store.dispatch({ type: 'send', ...item }));
      setOutbox(union(outbox, fresh));
      if (linkUp) fresh.forEach(transmit);
    },
    pendingCount: () => outbox.length,
    forget() {
      resends.clear();
      outbox = [];
      outboxStore.clear();
      post({ type: 'outbox', outbox: '' });
    },
    sendRead() {
      const state = store.getState();
      const frame = readReceiptFrame(state, deps.isVisible());
      if (!frame || state.conversationId === null) return;
      // Not sent (link down): the next state change (the welcome, at the latest) tries again.
      if (send(frame)) store.dispatch({ type: 'readSent', conversationId: state.conversationId, seq: frame.seq });
    },
  };
}
