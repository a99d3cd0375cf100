/**
 * The widget app's composition root (the page inside the iframe): reads the frame's parameters,
 * creates the store, the storage, the link and the host bridge, hands them to the chat controller
 * (chat.ts), and renders. Nothing else in widget/app does work on import or touches browser globals.
 */
import './styles.css';
import { render } from 'preact';
import { createLink, systemTimers } from '../../client/link/link';
import { wsProbe, wsTransport } from '../../client/link/ws-transport';
import { PROTOCOL_VERSION } from '../../protocol/codes';
import type { HostMessage } from '../loader/messages';
import { createBridge } from './bridge';
import { createChat } from './chat';
import { Panel, type BookingModule, type Environment } from './components/Panel';
import { hostEvents } from './hostEvents';
import { t } from './i18n';
import { isLocale, readParams, visitorTimeZone } from './params';
import { readSite, siteLocale } from './site';
import { typingDeadline } from './signals';
import { draftDeadline, initialState, resumeCursor } from './state';
import { parse } from './storage/outbox';
import { createStoredValue, createTokenStore } from './storage/token';
import { createStore } from './store';

/** crypto.randomUUID needs a secure context; a relay on plain http (LAN testing) still works. */
function newClientMsgId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function start(root: HTMLElement): void {
  const site = readSite(document);
  if (site?.preview) {
    // The console's preview: a lazy chunk, so visitors never download it.
    const locale = new URLSearchParams(location.search).get('locale');
    import('./preview').then(
      (m) => m.startPreview({ root, look: site.look, locale: isLocale(locale) ? locale : 'en', win: window }),
      (error: unknown) => console.error('[ponte] could not load the preview', error),
    );
    return;
  }
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
  const look = site?.look ?? null;
  const store = createStore(initialState(siteLocale(look, params.locale), !embedded, look));
  const tokens = createTokenStore(siteKey, () => window.localStorage);
  const outboxStore = createStoredValue('ponte:outbox:' + siteKey, () => window.localStorage);
  document.documentElement.lang = store.getState().locale;

  const wsUrl = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws';
  const openSocket = (url: string) => new WebSocket(url);
  const link = createLink({
    ws: wsTransport(wsUrl, openSocket),
    // A lazy chunk: only visitors whose WebSockets fail download the fallback.
    loadSse: () => import('../../client/link/sse-transport').then((m) => m.sseTransport(location.origin)),
    probeWs: wsProbe(wsUrl, openSocket),
    hello: () => ({
      type: 'hello',
      v: PROTOCOL_VERSION,
      role: 'visitor',
      siteKey,
      token: tokens.get() ?? undefined,
      hostOrigin,
      locale: store.getState().locale,
      page,
      ...(timeZone ? { timeZone } : {}),
      ...resumeCursor(store.getState()),
    }),
    onFrame: (frame) => chat.frame(frame),
    onPhase: (phase) => chat.phase(phase),
    onClose: (code) => chat.closed(code),
  });

  let started = false;
  const ensureConnected = (): void => {
    if (!started) {
      started = true;
      link.start();
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
      case 'setLocale': {
        const locale = siteLocale(look, message.locale);
        document.documentElement.lang = locale;
        return store.dispatch({ type: 'locale', locale });
      }
      case 'token':
        // The host page's copy (see widget/loader/main.ts); our own storage, when it works, wins.
        if (!tokens.get()) tokens.set(message.token);
        return ensureConnected();
      case 'outbox':
        // The host page's copy: what our own storage lost (blocked, partitioned) comes back here.
        chat.adopt(parse(message.outbox));
        if (chat.pendingCount() > 0) ensureConnected();
        return;
      case 'reset':
        tokens.clear();
        chat.forget();
        store.dispatch({ type: 'reset' });
        if (started) link.restart();
        return;
      default:
        return message satisfies never;
    }
  };
  const bridge = createBridge({ hostOrigin, self: window, host: window.parent, onMessage: onHostMessage });

  const chat = createChat({
    store,
    send: (frame) => link.send(frame),
    connect: ensureConnected,
    tokens,
    outboxStore,
    post: (message) => bridge.post(message),
    newId: newClientMsgId,
    now: Date.now,
    timers: systemTimers,
    isVisible: () => document.visibilityState === 'visible',
    online: () => navigator.onLine,
  });

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
    const deadline = draftDeadline(store.getState());
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
    const deadline = typingDeadline(store.getState());
    if (deadline === null) return;
    typingTimer = setTimeout(() => {
      typingTimer = undefined;
      store.dispatch({ type: 'expireTyping', now: Date.now() });
    }, Math.max(0, deadline - Date.now()));
  };

  const draw = (): void => render(<Panel state={store.getState()} actions={chat.actions} env={env} />, root);
  store.subscribe((state, before) => {
    hostEvents(before, state).forEach(bridge.post);
    if (state.drafts !== before.drafts) armDraftTimer();
    if (state.agentTyping !== before.agentTyping) armTypingTimer();
    draw();
    chat.sendRead();
  });
  draw();

  // Network hints: retry at once when the browser says we're back, or when the tab is looked at.
  window.addEventListener('online', () => link.wake());
  window.addEventListener('offline', () => {
    store.dispatch({ type: 'connection', connection: 'offline' });
    link.suspect();
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') {
      link.wake();
      chat.sendRead();
    }
  });

  // A returning visitor (has a token) connects now, to see replies that came while away; a new one
  // connects when the panel first opens, so merely hovering the launcher creates no contact.
  // Unsent messages from the last page load go first, in order, once connected.
  chat.adopt(parse(outboxStore.get()));
  if (tokens.get() || !embedded || chat.pendingCount() > 0) ensureConnected();
  bridge.post({ type: 'ready' });
}

start(document.getElementById('app')!);
