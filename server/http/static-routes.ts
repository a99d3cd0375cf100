import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Request, Router } from 'express';
import type { Db } from '../store/db';
import { findSite } from '../store/sites';

const FRAME_SANDBOX =
  'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox allow-downloads';

const NOT_BUILT =
  'Ponte has not been built yet: run `npm run build` (npm start does it for you).';

/**
 * The built front ends: the loader (`/widget.js`), the widget frame (`/widget/frame`) and the
 * console (`/console/`). Files are read per request only for the two HTML pages, which are tiny.
 */
export function staticRoutes(deps: { db: Db; distDir: string }): Router {
  const { db, distDir } = deps;
  const router = Router();

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
    const html = readPage(join(distDir, 'widget/app/index.html'));
    if (html === undefined) {
      res.status(503).type('text/plain').send(NOT_BUILT);
      return;
    }
    // The browser itself refuses to render the chat inside a page the site did not allow.
    const ancestors = site.allowedOrigins.length > 0 ? site.allowedOrigins.join(' ') : "'none'";
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
    res.type('html').send(html);
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

function readPage(file: string): string | undefined {
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}
