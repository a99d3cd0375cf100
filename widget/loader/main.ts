/**
 * The script-tag loader (`dist/widget.js`), and the composition root for the host side: it reads its
 * own tag, draws the launcher, creates the chat iframe lazily, bridges host⇄frame with checked
 * postMessage, and serves the `Ponte(...)` API (replaying calls queued before it loaded).
 * Every byte here is paid by every visitor of every customer site.
 */
import { createEmitter, dispatch, type Controller, type EventName } from './commands';
import { createLauncher } from './launcher';
import { launcherLabels, resolveLocale } from './locale';
import type { Envelope, FrameEvent, FrameMessage, HostMessage } from './messages';

type PonteFn = ((...args: unknown[]) => unknown) & { q?: ArrayLike<unknown>[]; ponte?: 1 };
declare global {
  interface Window {
    Ponte?: PonteFn;
  }
}

/** Host-page sessionStorage key: '1' while the panel is open, so a reload or navigation reopens it. */
const OPEN_KEY = 'ponte:open';

/** Storage can be blocked by the browser or the page; then we go on without it. */
function safely<T>(use: () => T): T | void {
  try {
    return use();
  } catch (error) {
    console.warn('Ponte:', error); // The browser's error names the storage and why.
  }
}

function start(script: HTMLScriptElement, site: string): void {
  const win = window;
  const doc = document;
  const relay = new URL(script.src).origin;
  const dataLocale = script.dataset.locale;
  let apiLocale: string | undefined;
  // NOTE: browsers block or partition the frame's (third-party) storage, so the frame also hands its
  // visitor token to the host page, which keeps it in its own localStorage and gives it back to each
  // new frame first thing. It only ever travels to the relay origin (postMessage targetOrigin).
  // The unsent messages (outbox) are kept the same way, for the same reason.
  const tokenKey = 'ponte:token:' + site;
  const outboxKey = 'ponte:o:' + site; // The outbox; a short key because every byte here counts.
  const locale = () => resolveLocale([dataLocale, apiLocale, doc.documentElement.lang, navigator.language]);

  const events = createEmitter();
  const button = createLauncher(doc, relay, site);
  const root = button.parentNode as ShadowRoot;
  const badge = button.lastChild as HTMLElement;
  let frame: HTMLIFrameElement | undefined;
  let ready = false;
  let isOpen = false;
  /** Messages for the frame, held until it says `ready` (its listener is up). */
  let pending: HostMessage[] = [];

  const post = (message: HostMessage): void => {
    if (frame && ready) frame.contentWindow!.postMessage({ ponte: 1, ...message }, relay);
    else pending.push(message);
  };

  // The site's stylesheet may give the closed launcher a visible label for this language (its
  // `::after` content); then that label is its name too, so what is seen is what is said.
  const label = (): void => {
    const shown = getComputedStyle((button.lang = locale(), button), '::after').content;
    button.setAttribute('aria-label', shown[0] == '"' ? shown.slice(1, -1) : launcherLabels[locale()][+isOpen]!);
  };

  // NOTE: page url/title travel in the frame's query string, so the frame's first `hello` can carry
  // them without waiting for a bridge round trip. They are the page where the frame was created.
  const ensureFrame = (): HTMLIFrameElement => {
    if (!frame) {
      frame = doc.createElement('iframe');
      frame.title = 'Chat';
      frame.className = 'h';
      const query = new URLSearchParams({ site, host: location.origin, locale: locale(), url: location.href, title: doc.title });
      frame.src = relay + '/widget/frame?' + query;
      root.append(frame);
      const token = safely(() => localStorage.getItem(tokenKey));
      const outbox = safely(() => localStorage.getItem(outboxKey));
      if (outbox) pending.unshift({ type: 'outbox', outbox });
      if (token) pending.unshift({ type: 'token', token });
    }
    return frame;
  };

  const setOpen = (open: boolean, focus: boolean): void => {
    if (open === isOpen) return;
    isOpen = open;
    if (open) ensureFrame();
    if (frame) frame.classList.toggle('h', !open);
    button.setAttribute('aria-expanded', '' + open);
    label();
    safely(() => sessionStorage[open ? 'setItem' : 'removeItem'](OPEN_KEY, '1'));
    post(open ? { type: 'open', focus } : { type: 'close' });
    events.emit(open ? 'open' : 'close');
    // Opening, the frame focuses its own message box (told by `focus`); closing, focus comes home.
    if (focus && !open) button.focus();
  };

  win.addEventListener('message', (event) => {
    const data = event.data as Envelope<FrameMessage> | null;
    if (!frame || event.origin !== relay || event.source !== frame.contentWindow || !data || data.ponte !== 1) return;
    if (data.type === 'unread') badge.textContent = '' + (data.detail || '');
    switch (data.type) {
      case 'ready':
        ready = true;
        pending.forEach(post);
        pending = [];
        return;
      case 'close':
        return setOpen(false, true);
      case 'token':
        return safely(() => localStorage.setItem(tokenKey, data.token));
      case 'outbox':
        return safely(() => localStorage.setItem(outboxKey, data.outbox));
      default:
        // Every other message is a public event of the same name; `status` is informational and,
        // not being an EventName, can have no listener.
        return events.emit(data.type as EventName, (data as FrameEvent).detail);
    }
  });

  // Preload on intent. Pointer events cover touch too (pointerenter fires before a tap's click).
  // Handler properties are fine here: the button is ours alone, inside our shadow root.
  button.onpointerenter = button.onfocus = ensureFrame;
  button.onclick = () => setOpen(!isOpen, true);

  const controller: Controller = {
    open: () => setOpen(true, true),
    close: () => setOpen(false, false),
    toggle: () => setOpen(!isOpen, true),
    identify: (identity) => post({ type: 'identify', identity }),
    setLocale: (tag) => {
      apiLocale = tag;
      label();
      post({ type: 'setLocale', locale: locale() });
    },
    on: events.on,
    // NOTE: with no frame yet, `reset` waits in `pending` for the next frame, which then forgets the
    // stored visitor token too: a logout must not leak the last chat into the next visitor's.
    reset: () => {
      pending = [];
      [tokenKey, outboxKey].forEach((key) => safely(() => localStorage.removeItem(key)));
      post({ type: 'reset' }); // The frame answers with `unread` 0, which clears the badge.
      setOpen(false, false);
    },
  };

  label();
  // Again once the site's stylesheet is in: it decides whether the launcher has a visible label.
  (root.children[1] as HTMLLinkElement).onload = label;
  if (safely(() => sessionStorage.getItem(OPEN_KEY)) === '1') setOpen(true, false);
  const queued = (win.Ponte && win.Ponte.q) || [];
  const api: PonteFn = (...args) => dispatch(controller, args);
  api.ponte = 1;
  win.Ponte = api;
  for (const args of queued) dispatch(controller, args);
}

const script = (document.currentScript ||
  document.querySelector('script[data-site][src*="widget.js"]')) as HTMLScriptElement | null;
const site = script && script.dataset.site;
if (!site) console.warn('Ponte: no data-site');
else if (window.Ponte && window.Ponte.ponte) console.warn('Ponte: loaded twice');
else start(script!, site);
