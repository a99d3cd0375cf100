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
import { Panel, type Actions } from './components/Panel';
import { closeAction, createSocket, type SocketPhase } from './connection/socket';
import { createTokenStore } from './connection/token';
import { hostEvents } from './hostEvents';
import { t } from './i18n';
import { readParams } from './params';
import { initialState, pending, type ChatMessage } from './state';
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
  const embedded = window.parent !== window;
  // Stand-alone (opened directly, e.g. while developing), the panel is simply open.
  const store = createStore(initialState(params.locale, !embedded));
  const tokens = createTokenStore(siteKey, () => window.localStorage);
  document.documentElement.lang = params.locale;

  const socket = createSocket({
    url: (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws',
    WebSocket,
    hello: () => ({
      type: 'hello',
      v: PROTOCOL_VERSION,
      role: 'visitor',
      siteKey,
      token: tokens.get() ?? undefined,
      hostOrigin,
      locale: store.get().locale,
      page,
    }),
    onFrame(frame) {
      if (frame.type === 'welcome' && frame.role === 'visitor') {
        tokens.set(frame.token);
        bridge.post({ type: 'token', token: frame.token });
      }
      if (frame.type === 'error') console.warn('[ponte] server error', frame.code, frame.message, frame.ref ?? '');
      store.dispatch({ type: 'frame', frame });
      if (frame.type === 'welcome') pending(store.get()).forEach(transmit);
    },
    onPhase(phase: SocketPhase) {
      const state = store.get();
      if (phase === 'connecting' || phase === 'waiting') {
        const offline = phase === 'waiting' && !navigator.onLine;
        store.dispatch({
          type: 'connection',
          connection: offline ? 'offline' : state.site ? 'reconnecting' : 'connecting',
        });
      }
    },
    onClose(code) {
      const action = closeAction(code);
      switch (action) {
        case 'fresh':
          // The server doesn't know our token (expired, or another relay's): start as a new visitor.
          tokens.clear();
          store.dispatch({ type: 'reset' });
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
      socket.connect();
    }
  };

  function transmit(message: ChatMessage): void {
    if (message.clientMsgId && store.get().connection === 'online') {
      socket.send({ type: 'message.send', clientMsgId: message.clientMsgId, text: message.text });
    }
  }

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
      case 'reset':
        tokens.clear();
        store.dispatch({ type: 'reset' });
        if (started) socket.restart();
        return;
      default:
        return message satisfies never;
    }
  };
  const bridge = createBridge({ hostOrigin, self: window, host: window.parent, onMessage: onHostMessage });

  const actions: Actions = {
    send(text) {
      const clientMsgId = newClientMsgId();
      store.dispatch({ type: 'send', clientMsgId, text, createdAt: new Date().toISOString() });
      ensureConnected();
      const message = store.get().messages.find((m) => m.clientMsgId === clientMsgId);
      if (message) transmit(message);
    },
    retry(clientMsgId) {
      store.dispatch({ type: 'retry', clientMsgId });
      const message = store.get().messages.find((m) => m.clientMsgId === clientMsgId);
      if (message) transmit(message);
    },
    handoff() {
      if (!socket.send({ type: 'handoff.request' })) console.warn('[ponte] not connected; handoff not sent');
    },
    close() {
      store.dispatch({ type: 'panel', open: false });
      bridge.post({ type: 'close' });
    },
  };

  const draw = (): void => render(<Panel state={store.get()} actions={actions} />, root);
  store.subscribe((state, before) => {
    hostEvents(before, state).forEach(bridge.post);
    draw();
  });
  draw();

  // Network hints: retry at once when the browser says we're back, or when the tab is looked at.
  window.addEventListener('online', () => socket.retryNow());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') socket.retryNow();
  });

  // A returning visitor (has a token) connects now, to see replies that came while away; a new one
  // connects when the panel first opens, so merely hovering the launcher creates no contact.
  if (tokens.get() || !embedded) ensureConnected();
  bridge.post({ type: 'ready' });
}

start(document.getElementById('app')!);
