/**
 * The script-tag loader (`dist/widget.js`), and the composition root for the host side: it reads its
 * own tag, draws the launcher, creates the chat iframe lazily, bridges host⇄frame with checked
 * postMessage, and serves the `Ponte(...)` API (replaying calls queued before it loaded).
 * Every byte here is paid by every visitor of every customer site.
 */
import { createEmitter, dispatch, type Controller } from './commands';
import { createLauncher } from './launcher';
import { launcherLabels, resolveLocale } from './locale';
import type { Envelope, FrameMessage, HostMessage } from './messages';

type PonteFn = ((...args: unknown[]) => unknown) & { q?: ArrayLike<unknown>[]; ponte?: 1 };
declare global {
  interface Window {
    Ponte?: PonteFn;
  }
}

/** Host-page sessionStorage key: '1' while the panel is open, so a reload or navigation reopens it. */
const OPEN_KEY = 'ponte:open';

/** Storage can be blocked by the browser or the page; then the panel simply starts closed. */
function storage<T>(use: (store: Storage) => T): T | void {
  try {
    return use(sessionStorage);
  } catch (error) {
    console.warn('Ponte: storage blocked', error);
  }
}

function start(script: HTMLScriptElement, site: string): void {
  const win = window;
  const doc = document;
  const relay = new URL(script.src).origin;
  const dataLocale = script.dataset.locale;
  let apiLocale: string | undefined;
  const locale = () => resolveLocale([dataLocale, apiLocale, doc.documentElement.lang, navigator.language]);

  const events = createEmitter();
  const { root, button, badge } = createLauncher(doc);
  let frame: HTMLIFrameElement | undefined;
  let ready = false;
  let isOpen = false;
  /** Messages for the frame, held until it says `ready` (its listener is up). */
  let pending: HostMessage[] = [];

  const post = (message: HostMessage): void => {
    if (frame && ready) frame.contentWindow!.postMessage({ ponte: 1, ...message }, relay);
    else pending.push(message);
  };

  const label = (): void => button.setAttribute('aria-label', launcherLabels[locale()][+isOpen]!);

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
    }
    return frame;
  };

  const setOpen = (open: boolean, focus: boolean): void => {
    if (open === isOpen) return;
    isOpen = open;
    const panel = open ? ensureFrame() : frame;
    if (panel) panel.classList.toggle('h', !open);
    button.setAttribute('aria-expanded', '' + open);
    label();
    storage((store) => (open ? store.setItem(OPEN_KEY, '1') : store.removeItem(OPEN_KEY)));
    post({ type: open ? 'open' : 'close' });
    events.emit(open ? 'open' : 'close');
    if (focus) (panel && open ? panel : button).focus();
  };

  win.addEventListener('message', (event) => {
    const data = event.data as Envelope<FrameMessage> | null;
    if (!frame || event.origin !== relay || event.source !== frame.contentWindow || !data || data.ponte !== 1) return;
    switch (data.type) {
      case 'ready':
        ready = true;
        pending.forEach(post);
        pending = [];
        return;
      case 'close':
        return setOpen(false, true);
      case 'unread':
        badge.textContent = data.count > 0 ? '' + Math.min(data.count, 99) : '';
        return events.emit('unread', data.count);
      case 'message':
        return events.emit('message', { author: data.author, text: data.text });
      case 'handoff':
      case 'callback':
        return events.emit(data.type);
      case 'status':
        return; // Informational today; no public event maps to it.
      default:
        return data satisfies never;
    }
  });

  const preload = (): void => void ensureFrame();
  for (const type of ['pointerenter', 'focus', 'touchstart']) button.addEventListener(type, preload);
  button.addEventListener('click', () => setOpen(!isOpen, true));

  const controller: Controller = {
    open: () => setOpen(true, true),
    close: () => setOpen(false, false),
    toggle: () => setOpen(!isOpen, true),
    identify: (identity) => post({ type: 'identify', identity }),
    setLocale: (tag) => {
      apiLocale = tag;
      label();
      if (frame) post({ type: 'setLocale', locale: locale() });
    },
    on: events.on,
    reset: () => {
      if (frame) post({ type: 'reset' });
      else pending = [];
      badge.textContent = '';
      setOpen(false, false);
    },
  };

  label();
  if (storage((store) => store.getItem(OPEN_KEY)) === '1') setOpen(true, false);
  const queued = (win.Ponte && win.Ponte.q) || [];
  const api: PonteFn = (...args) => dispatch(controller, args);
  api.ponte = 1;
  win.Ponte = api;
  for (const args of queued) dispatch(controller, args);
}

const script = (document.currentScript ||
  document.querySelector('script[data-site][src*="widget.js"]')) as HTMLScriptElement | null;
const site = script && script.dataset.site;
if (!script || !site) console.warn('Ponte: widget.js needs data-site');
else if (window.Ponte && window.Ponte.ponte) console.warn('Ponte: widget.js included twice');
else if (document.body) start(script, site);
else document.addEventListener('DOMContentLoaded', () => start(script, site));
