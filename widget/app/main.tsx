/**
 * The widget app's composition root (the page inside the iframe): reads the frame's parameters,
 * creates the store, the token store, the socket and the host bridge, wires them, and renders.
 * Nothing else in widget/app does work on import.
 */
import './styles.css';
import { render } from 'preact';
import { PROTOCOL_VERSION } from '../../protocol/codes';
import type { HostMessage } from '../loader/messages';
import { createBridge } from './bridge';
import { bookFrame, cancelFrame, CallbackRef } from './callback/state';
import { Panel, type Actions, type BookingModule, type Environment } from './components/Panel';
import { closeAction, createConnection, type Phase } from './connection/connection';
import { enqueue, parse, remove, serialize, union, type Outbox, type OutboxItem } from './connection/outbox';
import { createStoredValue, createTokenStore } from './connection/token';
import { wsProbe, wsTransport } from './connection/ws-transport';
import { hostEvents } from './hostEvents';
import { t } from './i18n';
import { readParams, visitorTimeZone } from './params';
import { readReceiptFrame, shouldSendTyping, typingDeadline, type TypingSent } from './signals';
import { draftDeadline, feedbackFrame, initialState, isFinal, resumeCursor } from './state';
import { createStore } from './store';

/** crypto.randomUUID needs a secure context; a relay on plain http (LAN testing) still works. */
function newClientMsgId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function start(root: HTMLElement): void {
  const params = readParams(location.search);
  if (!params) {
    console.warn('[ponte] the chat frame needs ?site=KEY&host=ORIGIN (it is meant to be opened by widget.js)');
    render(<p class="state-message" role="alert">{t('en', 'errorSetup')}</p>, root);
    return;
  }
  const { siteKey, hostOrigin, page } = params;
  const timeZone = visitorTimeZone(() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  const embedded = window.parent !== window;
  // Stand-alone (opened directly, e.g. while developing), the panel is simply open.
  const store = createStore(initialState(params.locale, !embedded));
  const tokens = createTokenStore(siteKey, () => window.localStorage);
  document.documentElement.lang = params.locale;

  const outboxStore = createStoredValue('ponte:outbox:' + siteKey, () => window.localStorage);
  /** This tab's unsent messages, in order; the state shows them, this list sends them. */
  let outbox: Outbox = [];
  /** Every clientMsgId this tab has held: other tabs' items in the shared store are the rest. */
  const known = new Set<string>();
  let linkUp = false;
  let resendTimer: ReturnType<typeof setTimeout> | undefined;

  const setOutbox = (next: Outbox): void => {
    if (next === outbox) return;
    outbox = next;
    next.forEach((item) => known.add(item.clientMsgId));
    // Another tab of this visitor shares the store: keep the items it queued that we never held.
    const all = union(next, parse(outboxStore.get()).filter((item) => !known.has(item.clientMsgId)));
    const stored = all.length > 0 ? serialize(all) : '';
    if (stored) outboxStore.set(stored);
    else outboxStore.clear();
    bridge.post({ type: 'outbox', outbox: stored });
  };

  const transmit = (item: OutboxItem): boolean =>
    connection.send({ type: 'message.send', clientMsgId: item.clientMsgId, text: item.text });

  /** After each welcome: what the transcript shows as stored is done; the rest goes, in order. */
  const flush = (): void => {
    const stored = new Set(store.get().messages.filter((m) => m.delivery === 'sent').map((m) => m.clientMsgId));
    setOutbox(outbox.filter((item) => !stored.has(item.clientMsgId)));
    for (const item of outbox) if (!transmit(item)) return;
  };

  /** Shows and queues messages from a stored outbox (ours from the last page, or the host's copy). */
  const adopt = (items: Outbox): void => {
    const shown = new Set(store.get().messages.filter((m) => m.delivery === 'sent').map((m) => m.clientMsgId));
    const fresh = items.filter((item) => !shown.has(item.clientMsgId) && !outbox.some((o) => o.clientMsgId === item.clientMsgId));
    if (fresh.length === 0) return;
    fresh.forEach((item) => store.dispatch({ type: 'send', ...item }));
    setOutbox(union(outbox, fresh));
    if (linkUp) fresh.forEach(transmit);
  };

  const wsUrl = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws';
  const connection = createConnection({
    ws: wsTransport(wsUrl, WebSocket),
    // A lazy chunk: only visitors whose WebSockets fail download the fallback.
    loadSse: () => import('./connection/sse-transport').then((m) => m.sseTransport(location.origin)),
    probeWs: wsProbe(wsUrl, WebSocket),
    hello: () => ({
      type: 'hello',
      v: PROTOCOL_VERSION,
      role: 'visitor',
      siteKey,
      token: tokens.get() ?? undefined,
      hostOrigin,
      locale: store.get().locale,
      page,
      ...(timeZone ? { timeZone } : {}),
      ...resumeCursor(store.get()),
    }),
    onFrame(frame) {
      switch (frame.type) {
        case 'welcome':
          if (frame.role === 'visitor') {
            // A new link: the server knows nothing of our typing; the next keystroke says it again.
            typingSent = null;
            tokens.set(frame.token);
            bridge.post({ type: 'token', token: frame.token });
          }
          store.dispatch({ type: 'frame', frame });
          // The panel open over a new link: its times may be stale (or never came).
          if (store.get().booking) requestSlots();
          return flush();
        case 'message.ack':
          store.dispatch({ type: 'frame', frame });
          return setOutbox(remove(outbox, frame.clientMsgId));
        case 'message.new':
          store.dispatch({ type: 'frame', frame });
          // Stored (sent from this tab or another one): nothing left to send.
          if (frame.message.clientMsgId) setOutbox(remove(outbox, frame.message.clientMsgId));
          break;
        case 'message.delta':
          store.dispatch({ type: 'delta', frame, now: Date.now() });
          break;
        case 'typing':
          store.dispatch({ type: 'typing', frame, now: Date.now() });
          break;
        case 'error':
          console.warn('[ponte] server error', frame.code, frame.message, frame.ref ?? '');
          store.dispatch({ type: 'frame', frame });
          if (frame.ref && outbox.some((item) => item.clientMsgId === frame.ref)) {
            if (isFinal(frame.code)) setOutbox(remove(outbox, frame.ref));
            // A passing refusal (rate limit): send the queue again in a while, in order.
            else if (resendTimer === undefined) {
              resendTimer = setTimeout(() => {
                resendTimer = undefined;
                if (linkUp) outbox.forEach(transmit);
              }, 5_000);
            }
          }
          break;
        default:
          store.dispatch({ type: 'frame', frame });
      }
      // A frame after the browser said `offline`: we are online after all.
      if (linkUp && store.get().connection !== 'online') store.dispatch({ type: 'connection', connection: 'online' });
    },
    onPhase(phase: Phase) {
      linkUp = phase === 'online';
      if (phase === 'connecting' || phase === 'waiting') {
        store.dispatch({
          type: 'connection',
          connection: !navigator.onLine ? 'offline' : store.get().site ? 'reconnecting' : 'connecting',
        });
      }
    },
    onClose(code) {
      const action = closeAction(code);
      switch (action) {
        case 'fresh':
          // The server doesn't know our token (expired, or another relay's): start as a new visitor,
          // still sending what this one typed.
          tokens.clear();
          store.dispatch({ type: 'reset' });
          outbox.forEach((item) => store.dispatch({ type: 'send', ...item }));
          return true;
        case 'stop':
          store.dispatch({ type: 'failed', failure: code === 4426 ? 'version' : 'forbidden' });
          return false;
        case 'retry':
          return true;
        default:
          return action satisfies never;
      }
    },
  });

  let started = false;
  const ensureConnected = (): void => {
    if (!started) {
      started = true;
      connection.start();
    }
  };

  const onHostMessage = (message: HostMessage): void => {
    switch (message.type) {
      case 'open':
        store.dispatch({ type: 'panel', open: true, focus: message.focus });
        return ensureConnected();
      case 'close':
        return store.dispatch({ type: 'panel', open: false });
      case 'identify':
        // NOTE: held only: protocol/frames.ts has no frame that carries an identity yet.
        console.warn('[ponte] identify received, but this relay protocol cannot send it yet', message.identity);
        return;
      case 'setLocale':
        document.documentElement.lang = message.locale;
        return store.dispatch({ type: 'locale', locale: message.locale });
      case 'token':
        // The host page's copy (see widget/loader/main.ts); our own storage, when it works, wins.
        if (!tokens.get()) tokens.set(message.token);
        return ensureConnected();
      case 'outbox':
        // The host page's copy: what our own storage lost (blocked, partitioned) comes back here.
        adopt(parse(message.outbox));
        if (outbox.length > 0) ensureConnected();
        return;
      case 'reset':
        tokens.clear();
        // A logout: the next visitor must not send (or see) this one's unsent messages either.
        outbox = [];
        outboxStore.clear();
        bridge.post({ type: 'outbox', outbox: '' });
        store.dispatch({ type: 'reset' });
        if (started) connection.restart();
        return;
      default:
        return message satisfies never;
    }
  };
  const bridge = createBridge({ hostOrigin, self: window, host: window.parent, onMessage: onHostMessage });

  const queue = (item: OutboxItem): void => {
    const next = enqueue(outbox, item);
    if (!next) {
      console.warn('[ponte] too many unsent messages; this one is not queued');
      return store.dispatch({ type: 'notSent', clientMsgId: item.clientMsgId });
    }
    setOutbox(next);
    ensureConnected();
    if (linkUp) transmit(item);
  };

  /** Asks for the free call-back times; unsent (link down), the next welcome asks again. */
  const requestSlots = (): void => {
    ensureConnected();
    connection.send({ type: 'callback.slots' });
  };

  /** The last `typing` frame sent on this link (null: none, or a new link). */
  let typingSent: TypingSent | null = null;
  const sendTyping = (typing: boolean): void => {
    const now = Date.now();
    // Typing before a conversation exists tells nobody anything: there is no agent to tell.
    if (store.get().conversationId === null || !shouldSendTyping(typingSent, typing, now)) return;
    // Not sent (offline): nothing to undo; the next keystroke tries again.
    if (connection.send({ type: 'typing', typing })) typingSent = { typing, at: now };
  };

  /** Sends the read receipt the state calls for, if any (panel open, tab visible, new agent messages). */
  const sendRead = (): void => {
    const state = store.get();
    const frame = readReceiptFrame(state, document.visibilityState === 'visible');
    if (!frame || state.conversationId === null) return;
    // Not sent (link down): the next state change (the welcome, at the latest) tries again.
    if (connection.send(frame)) store.dispatch({ type: 'readSent', conversationId: state.conversationId, seq: frame.seq });
  };

  const actions: Actions = {
    send(text) {
      sendTyping(false);
      const item = { clientMsgId: newClientMsgId(), text, createdAt: new Date().toISOString() };
      store.dispatch({ type: 'send', ...item });
      queue(item);
    },
    retry(clientMsgId) {
      const message = store.get().messages.find((m) => m.clientMsgId === clientMsgId);
      if (!message) return;
      store.dispatch({ type: 'retry', clientMsgId });
      queue({ clientMsgId, text: message.text, createdAt: message.createdAt });
    },
    typing: sendTyping,
    handoff() {
      if (!connection.send({ type: 'handoff.request' })) console.warn('[ponte] not connected; handoff not sent');
    },
    feedback(messageId, helpful) {
      const frame = feedbackFrame(store.get(), messageId, helpful);
      if (!frame) return;
      // Not sent (offline): the buttons stay, so the visitor can answer again once connected.
      if (!connection.send(frame)) return console.warn('[ponte] not connected; feedback not sent');
      store.dispatch({ type: 'feedback', messageId, helpful });
    },
    close() {
      store.dispatch({ type: 'panel', open: false });
      bridge.post({ type: 'close' });
    },
    openBooking(moveId) {
      store.dispatch({ type: 'bookingOpen', moveId });
      requestSlots();
    },
    closeBooking() {
      store.dispatch({ type: 'bookingClose' });
    },
    book(input) {
      const frame = bookFrame(store.get(), input);
      // null: a booking is already on its way (a double submit).
      if (!frame) return;
      if (!connection.send(frame)) return store.dispatch({ type: 'callbackNotSent', ref: CallbackRef.Book });
      store.dispatch({ type: 'bookingSent', slotStart: frame.slotStart });
    },
    cancelCallback(callbackId) {
      const frame = cancelFrame(store.get(), callbackId);
      if (!frame) return;
      if (!connection.send(frame)) return store.dispatch({ type: 'callbackNotSent', ref: CallbackRef.Cancel });
      store.dispatch({ type: 'cancelSent' });
    },
  };

  /** The booking panel's chunk, loaded once; a failed load is forgotten so "Retry" loads again. */
  let booking: Promise<BookingModule> | null = null;
  const env: Environment = {
    timeZone,
    languages: navigator.languages?.length ? navigator.languages : [navigator.language],
    loadBooking() {
      booking ??= import('./callback/BookingPanel').catch((error: unknown) => {
        booking = null;
        throw error;
      });
      return booking;
    },
  };

  /** Drops streamed drafts whose answer never came (see DraftTimeoutMs); armed only while drafts exist. */
  let draftTimer: ReturnType<typeof setTimeout> | undefined;
  const armDraftTimer = (): void => {
    const deadline = draftDeadline(store.get());
    if (deadline === null || draftTimer !== undefined) return;
    draftTimer = setTimeout(() => {
      draftTimer = undefined;
      store.dispatch({ type: 'expireDrafts', now: Date.now() });
      armDraftTimer();
    }, Math.max(0, deadline - Date.now()));
  };

  /** Hides the agent's typing indicator once it goes stale (see TypingTimeoutMs). */
  let typingTimer: ReturnType<typeof setTimeout> | undefined;
  const armTypingTimer = (): void => {
    clearTimeout(typingTimer);
    typingTimer = undefined;
    const deadline = typingDeadline(store.get());
    if (deadline === null) return;
    typingTimer = setTimeout(() => {
      typingTimer = undefined;
      store.dispatch({ type: 'expireTyping', now: Date.now() });
    }, Math.max(0, deadline - Date.now()));
  };

  const draw = (): void => render(<Panel state={store.get()} actions={actions} env={env} />, root);
  store.subscribe((state, before) => {
    hostEvents(before, state).forEach(bridge.post);
    if (state.drafts !== before.drafts) armDraftTimer();
    if (state.agentTyping !== before.agentTyping) armTypingTimer();
    draw();
    sendRead();
  });
  draw();

  // Network hints: retry at once when the browser says we're back, or when the tab is looked at.
  window.addEventListener('online', () => connection.wake());
  window.addEventListener('offline', () => {
    store.dispatch({ type: 'connection', connection: 'offline' });
    connection.suspect();
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') {
      connection.wake();
      sendRead();
    }
  });

  // A returning visitor (has a token) connects now, to see replies that came while away; a new one
  // connects when the panel first opens, so merely hovering the launcher creates no contact.
  // Unsent messages from the last page load go first, in order, once connected.
  adopt(parse(outboxStore.get()));
  if (tokens.get() || !embedded || outbox.length > 0) ensureConnected();
  bridge.post({ type: 'ready' });
}

start(document.getElementById('app')!);
