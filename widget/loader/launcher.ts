/**
 * The launcher button and the panel's iframe slot, inside an open Shadow DOM so the host page's CSS
 * can't reach them. Everything is `position: fixed` (no layout shift) on a very high z-index.
 */

// NOTE: `visibility` (not `display`) hides the panel: a hidden iframe still loads (preload on intent),
// leaves the accessibility tree and can't be focused, and can fade in (a fade, not a slide, so
// there is no motion to turn off for prefers-reduced-motion). The browser's own focus ring is kept.
const css =
  ':host{all:initial}' +
  'button,iframe{position:fixed;right:20px;bottom:20px;z-index:2147483000;border:0;box-shadow:0 4px 24px #0004}' +
  'button{padding:14px;border-radius:50%;background:#4f46e5;cursor:pointer}' +
  'svg{display:block;width:28px;height:28px;fill:none;stroke:#fff;stroke-width:2}' +
  '[aria-expanded=true] .c,[aria-expanded=false] .x,b:empty{display:none}' +
  'b{position:absolute;top:-4px;right:-4px;padding:0 6px;border-radius:9px;background:#e11d48;color:#fff;font:700 12px/18px system-ui}' +
  'iframe{bottom:88px;width:380px;height:min(640px,100% - 108px);border-radius:16px;transition:.2s}' +
  '.h{visibility:hidden;opacity:0}' +
  '@media(max-width:480px){iframe{right:0;bottom:0;width:100%;height:100%;border-radius:0}}';

// A speech bubble (closed) and a cross (open); CSS shows one by `aria-expanded`. The button's
// aria-label overrides its content, so the icon and the badge need no aria-hidden.
const icon =
  '<svg viewBox="0 0 24 24"><path class="c" d="M4 5h16v11H9l-5 4z"/>' +
  '<path class="x" d="M6 6l12 12M18 6 6 18"/></svg><b></b>';

/** Mounts the launcher; the iframe goes next to it (`button.parentNode`), the badge is its last child. */
export function createLauncher(doc: Document): HTMLButtonElement {
  const host = doc.createElement('ponte-widget');
  const root = host.attachShadow({ mode: 'open' });
  root.innerHTML = '<style>' + css + '</style><button aria-expanded="false">' + icon + '</button>';
  // NOTE: on <html>, not <body>: an async script may run before <body> exists, and a single-page
  // app that re-renders <body> can't remove the launcher.
  doc.documentElement.append(host);
  return root.lastChild as HTMLButtonElement;
}
