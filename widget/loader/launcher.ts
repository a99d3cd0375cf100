/**
 * The launcher button and the panel's iframe slot, inside an open Shadow DOM so the host page's CSS
 * can't reach them. Their look (colour, side, sizes) is the site's own stylesheet, built by the
 * relay (`/widget/site/KEY.css`, server/domain/appearance.ts launcherCss).
 */

// A speech bubble (closed) and a cross (open); CSS shows one by `aria-expanded`. The button's
// aria-label overrides its content, so the icon and the badge need no aria-hidden.
const icon =
  '<svg viewBox="0 0 24 24"><path class="c" d="M4 5h16v11H9l-5 4z"/>' +
  '<path class="x" d="M6 6l12 12M18 6 6 18"/></svg><b></b>';

/** Mounts the launcher; the iframe goes next to it (`button.parentNode`), the badge is its last child. */
export function createLauncher(doc: Document, relay: string, site: string): HTMLButtonElement {
  const host = doc.createElement('ponte-widget');
  const root = host.attachShadow({ mode: 'open' });
  // NOTE: hidden until the site's stylesheet arrives: it starts with `:host{all:initial}`, which
  // comes later with the same specificity and so shows the launcher already in the site's colours
  // and on its side; no flash of a default. An unknown or disabled site's sheet keeps it hidden.
  // `relay` is a URL's origin and the key is URL-encoded: neither can close the attribute.
  root.innerHTML =
    '<style>:host{display:none}</style><link rel=stylesheet href="' +
    relay +
    '/widget/site/' +
    encodeURIComponent(site) +
    '.css"><button aria-expanded=false>' +
    icon +
    '</button>';
  // NOTE: on <html>, not <body>: an async script may run before <body> exists, and a single-page
  // app that re-renders <body> can't remove the launcher.
  doc.documentElement.append(host);
  return root.lastChild as HTMLButtonElement;
}
