import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { resolveLang } from './messages';
import type { Lang } from './messages';
import { renderPage, snippetHtml } from './render';

/**
 * The demo shop "Lumen & Co.": a stand-in for a customer's website that embeds the Ponte widget
 * from another origin with the public snippet. It deliberately imports nothing else from Ponte.
 */
export type DemoServerOptions = { port: number; host?: string; relayUrl: string; siteKey: string };
export type DemoServer = { url: string; close(): Promise<void> };

const PAGES_DIR = join(import.meta.dirname, 'pages');
const TEMPLATES_DIR = join(import.meta.dirname, 'templates');

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

type Resolved = { kind: 'file'; file: string; ext: string } | { kind: 'not_found' } | { kind: 'bad_request' };

/**
 * Maps a URL path to a file inside PAGES_DIR, or says why not. Only known extensions are served,
 * dot-files and backslashes are refused, and the final path must stay under PAGES_DIR even after
 * percent-decoding (`/..%2fpackage.json`).
 */
function resolvePath(rawPath: string): Resolved {
  let path: string;
  try {
    path = decodeURIComponent(rawPath);
  } catch (error) {
    if (error instanceof URIError) return { kind: 'bad_request' };
    throw error;
  }
  if (path === '/') path = '/index.html';
  if (path.includes('\0') || path.includes('\\') || path.split('/').some((s) => s.startsWith('.'))) {
    return { kind: 'not_found' };
  }
  const ext = extname(path);
  if (!(ext in CONTENT_TYPES)) return { kind: 'not_found' };
  const file = resolve(PAGES_DIR, `.${path}`);
  if (!file.startsWith(PAGES_DIR + sep)) return { kind: 'not_found' };
  return { kind: 'file', file, ext };
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    // Only "no such file" (or a directory named like a page) means 404; anything else is a real fault.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

function readTemplate(name: string): Promise<string> {
  return readFile(join(TEMPLATES_DIR, `${name}.html`), 'utf8');
}

function send(req: IncomingMessage, res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    // NOTE: no-cache (revalidate every time) rather than no-store: the site is tiny and edits to it
    // should show up on reload during a demo.
    'Cache-Control': 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function hostForUrl(host: string): string {
  // A wildcard bind address is not something a browser can open; loopback reaches it.
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

export async function startDemoServer(options: DemoServerOptions): Promise<DemoServer> {
  const host = options.host ?? '127.0.0.1';
  const relay = new URL(options.relayUrl);
  if (relay.protocol !== 'http:' && relay.protocol !== 'https:') {
    throw new Error(`relayUrl must be an http(s) URL, got ${options.relayUrl}`);
  }
  const snippet = snippetHtml(options.relayUrl, options.siteKey);

  async function renderNotFound(req: IncomingMessage, res: ServerResponse, path: string, lang: Lang): Promise<void> {
    const source = await readTemplate('not-found');
    const html = await renderPage(source, { lang, path, snippet, readTemplate });
    send(req, res, 404, CONTENT_TYPES['.html'] ?? '', html);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://demo.invalid');
    const lang = resolveLang(url.searchParams.get('lang'));
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      send(req, res, 405, 'text/plain; charset=utf-8', 'Method Not Allowed\n');
      return;
    }
    const target = resolvePath(url.pathname);
    switch (target.kind) {
      case 'bad_request':
        send(req, res, 400, 'text/plain; charset=utf-8', 'Bad Request\n');
        return;
      case 'not_found':
        await renderNotFound(req, res, url.pathname, lang);
        return;
      case 'file': {
        const body = await readIfExists(target.file);
        if (body === undefined) {
          await renderNotFound(req, res, url.pathname, lang);
          return;
        }
        const type = CONTENT_TYPES[target.ext] ?? 'application/octet-stream';
        const out = target.ext === '.html'
          ? await renderPage(body, { lang, path: url.pathname, snippet, readTemplate })
          : body;
        send(req, res, 200, type, out);
        return;
      }
      default: {
        const unreachable: never = target;
        throw new Error(`Unhandled path resolution ${JSON.stringify(unreachable)}`);
      }
    }
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('[demo-site] request failed', req.method, req.url, error);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      send(req, res, 500, 'text/plain; charset=utf-8', 'Internal Server Error\n');
    });
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port, host, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });

  const address = server.address();
  if (address === null || typeof address === 'string') {
    throw new Error(`Unexpected server address ${String(address)}`);
  }
  const url = `http://${hostForUrl(host)}:${address.port}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    close() {
      closing ??= new Promise<void>((resolveClose, rejectClose) => {
        server.close((error) => (error ? rejectClose(error) : resolveClose()));
        // Keep-alive sockets (fetch keeps them) would otherwise hold close() open for seconds.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
