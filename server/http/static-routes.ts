import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Request, Router } from 'express';
import { type Locale, Locales } from '../../protocol/codes';
import { HIDDEN_CSS, inkColourOf, launcherCss, localeFor, textColourOf } from '../domain/appearance';
import { type LoadRecorder, requestOrigin } from '../domain/site-loads';
import { AVATAR_FILE, mimeOfAvatar } from '../store/avatars';
import type { Db } from '../store/db';
import { type Site, findSite } from '../store/sites';

const FRAME_SANDBOX =
  'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox allow-downloads';

const NOT_BUILT =
  'Ponte has not been built yet: run `npm run build` (npm start does it for you).';

/**
 * The built front ends: the loader (`/widget.js`), the widget frame (`/widget/frame`) and the
 * console (`/console/`). Files are read per request only for the two HTML pages, which are tiny.
 */
export function staticRoutes(deps: {
  db: Db;
  distDir: string;
  dataDir: string;
  loads: Pick<LoadRecorder, 'record'>;
  /** Whether a person can take a chat on the site now (server/domain/availability.ts). */
  available: (siteKey: string) => Promise<boolean>;
}): Router {
  const { db, distDir } = deps;
  const router = Router();

  /**
   * The launcher's look for one site, linked by the loader into its shadow root (which stays
   * hidden until this sheet shows it: no flash of the default colour). Hidden for an unknown or
   * disabled site, and when the site hides its launcher while nobody is available. Each request
   * is also a load for the installation check.
   */
  router.get('/widget/site/:file', async (req, res) => {
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.type('text/css');
    const match = /^(.{1,64})\.css$/.exec(req.params.file ?? '');
    const site = match === null ? undefined : await findSite(db, match[1] ?? '');
    if (site === undefined) {
      res.setHeader('Cache-Control', 'public, max-age=30');
      res.status(404).send(HIDDEN_CSS);
      return;
    }
    const origin = requestOrigin({ origin: req.headers.origin, referer: req.headers.referer });
    const allowed = origin === null || site.allowedOrigins.includes(origin);
    if (origin !== null) deps.loads.record(site.key, origin, allowed);
    // NOTE: a page on an origin the site did not list gets no launcher (it would open onto a chat
    // that refuses it). Without a Referer (the page's `Referrer-Policy: no-referrer`) the origin is
    // unknown and the launcher shows; the frame's CSP and the hello still refuse such a page.
    const nobody = !site.disabled && allowed && site.appearance.whenUnavailable === 'hide' && !(await deps.available(site.key));
    const hidden = site.disabled || !allowed || nobody;
    // NOTE: short and revalidated: a change of settings (a new revision) or of availability must
    // reach visitors within a page view or two; stale-while-revalidate keeps it off the page's
    // critical path meanwhile. The ETag names both, so a 304 is right exactly when nothing moved.
    // Browsers keep a cache per top-level site, so one origin's answer is not served to another's page.
    const etag = `"r${site.revision}${hidden ? 'h' : 'v'}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', 'public, max-age=30, stale-while-revalidate=600');
    if (ifNoneMatch(req.headers['if-none-match'], etag)) {
      res.status(304).end();
      return;
    }
    res.send(launcherCss(site.appearance, { hidden }));
  });

  /** Uploaded avatars (store/avatars.ts): content-addressed, so cached for good; shown by the frame and the console. */
  router.get('/avatars/:file', (req, res) => {
    const match = AVATAR_FILE.exec(req.params.file ?? '');
    const mime = match === null ? undefined : mimeOfAvatar(match[1] ?? '');
    if (match === null || mime === undefined) {
      res.status(404).type('text/plain').send('No such avatar.');
      return;
    }
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.sendFile(join(deps.dataDir, 'avatars', match[0]), { headers: { 'Content-Type': mime } }, (error) => {
      if (error !== undefined && !res.headersSent) res.status(404).type('text/plain').send('No such avatar.');
    });
  });

  router.get('/widget.js', (_req, res) => {
    const file = join(distDir, 'widget.js');
    if (!existsSync(file)) {
      res.status(503).type('text/plain').send(NOT_BUILT);
      return;
    }
    // Short cache: the loader's URL never changes, so a deploy must reach visitors quickly.
    res.setHeader('Cache-Control', 'public, max-age=300');
    // Other sites' pages load it with <script src>: the one resource here meant for any origin.
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.sendFile(file);
  });

  router.use(
    '/assets',
    express.static(join(distDir, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: false }),
  );

  router.get('/widget/frame', async (req, res) => {
    const siteKey = typeof req.query.site === 'string' ? req.query.site : '';
    const site = siteKey === '' ? undefined : await findSite(db, siteKey);
    if (site === undefined) {
      res.status(404).type('text/plain').send(`Unknown site "${siteKey}". Check the data-site attribute of the snippet.`);
      return;
    }
    const preview = req.query.preview === '1';
    // The browser itself refuses to render the chat inside a page the site did not allow; the
    // preview is for the console only (same origin).
    const ancestors = preview ? "'self'" : site.allowedOrigins.length > 0 ? site.allowedOrigins.join(' ') : "'none'";
    const asked = req.query.locale;
    const wanted: Locale = Locales.find((locale) => locale === asked) ?? 'en';
    if (site.disabled && !preview) {
      res.setHeader('Content-Security-Policy', `frame-ancestors ${ancestors}; default-src 'none'; style-src 'unsafe-inline'`);
      res.setHeader('Cache-Control', 'no-cache');
      res.status(404).type('html').send(disabledPage(localeFor(site.appearance, wanted)));
      return;
    }
    const html = readPage(join(distDir, 'widget/app/index.html'));
    if (html === undefined) {
      res.status(503).type('text/plain').send(NOT_BUILT);
      return;
    }
    // NOTE: the sandbox is set here rather than as the iframe's attribute: the same flags for the
    // document, and not a byte more in the loader every visitor pays for. It takes away what a
    // chat never needs — navigating the host page, modal dialogs, pointer lock — while keeping its
    // own origin (its API is same-origin), links in new tabs, forms and the calendar download.
    // Camera, microphone and geolocation default to 'self', so the cross-origin frame has none.
    res.setHeader(
      'Content-Security-Policy',
      `frame-ancestors ${ancestors}; ${pagePolicy(req)}; sandbox ${FRAME_SANDBOX}`,
    );
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(withSite(html, site, preview));
  });

  router.get('/console', (req, res) => {
    // Non-strict routing matches both; relative asset URLs need the trailing slash.
    if (!req.path.endsWith('/')) {
      res.redirect(301, '/console/');
      return;
    }
    const html = readPage(join(distDir, 'console/index.html'));
    if (html === undefined) {
      res.status(503).type('text/plain').send(NOT_BUILT);
      return;
    }
    res.setHeader('Content-Security-Policy', `frame-ancestors 'none'; ${pagePolicy(req)}`);
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(html);
  });

  return router;
}

/**
 * The pages talk only to this relay: `'self'` plus its own WebSocket URL (older engines do not
 * count ws: as 'self'), never `ws:`/`wss:` to any host.
 */
function pagePolicy(req: Request): string {
  const scheme = req.protocol === 'https' ? 'wss' : 'ws';
  // The Host header is the client's word: only a well-formed host:port goes into the policy.
  const candidate = `${scheme}://${req.headers.host ?? ''}`;
  const own = URL.canParse(candidate) && /^[\w.:[\]-]+$/.test(req.headers.host ?? '') ? ` ${new URL(candidate).origin}` : '';
  return `default-src 'self'; connect-src 'self'${own}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'`;
}

/** `If-None-Match` lists ETags (or `*`); a match means the client's copy is current. */
function ifNoneMatch(header: string | undefined, etag: string): boolean {
  if (typeof header !== 'string') return false;
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

/** What the frame needs before its first paint, in the page: colours as CSS variables, the rest as JSON. */
export type FrameSite = {
  key: string;
  /** The site's name, for the header when no team name is set. */
  name: string;
  preview: boolean;
  appearance: Site['appearance'];
};

/**
 * The app's page with the site's look in it. Colours are validated `#rrggbb` values (domain/
 * appearance.ts); the JSON is escaped so no text in it can close the script element.
 */
export function withSite(html: string, site: Site, preview: boolean): string {
  const a = site.appearance;
  const data: FrameSite = { key: site.key, name: site.name, preview, appearance: a };
  const json = JSON.stringify(data).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
  const head =
    `<style>:root{--accent:${a.brandColour};--accent-text:${textColourOf(a)};--accent-ink:${inkColourOf(a)}}</style>` +
    `<script type="application/json" id="ponte-site">${json}</script>`;
  return html.includes('</head>') ? html.replace('</head>', `${head}</head>`) : head + html;
}

const DISABLED_TEXT: Record<Locale, string> = {
  en: 'The chat is turned off for this site.',
  'pt-BR': 'O chat está desativado neste site.',
  es: 'El chat está desactivado en este sitio.',
};

function disabledPage(locale: Locale): string {
  return (
    `<!doctype html><html lang="${locale}"><meta charset="utf-8"><title>Chat</title>` +
    '<style>body{font:16px system-ui,sans-serif;margin:2rem;color:#111827}</style>' +
    `<p role="status">${DISABLED_TEXT[locale]}</p></html>`
  );
}

function readPage(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}
