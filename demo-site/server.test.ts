import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer } from './server';
import type { DemoServer } from './server';

const RELAY_URL = 'http://127.0.0.1:3999';
const SITE_KEY = 'site_demo"&<key>';
const SNIPPET =
  '<script async src="http://127.0.0.1:3999/widget.js" data-site="site_demo&quot;&amp;&lt;key&gt;"></script>';

/** A raw request, so paths like `/../x` reach the server unnormalised (fetch would clean them). */
function rawGet(base: string, path: string): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function count(haystack: string, needle: string): number {
  return haystack.split(needle).length - 1;
}

describe('demo shop server', () => {
  let server: DemoServer;

  beforeAll(async () => {
    server = await startDemoServer({ port: 0, relayUrl: `${RELAY_URL}/`, siteKey: SITE_KEY });
  });

  afterAll(async () => {
    await server.close();
  });

  it('listens on a real port and reports a 127.0.0.1 URL', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.url).not.toMatch(/:0$/);
  });

  it('serves the home page with the snippet exactly once, attribute-escaped', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const html = await res.text();
    expect(count(html, SNIPPET)).toBe(1);
    expect(count(html, '/widget.js')).toBe(1);
    expect(html).not.toContain('PONTE_SNIPPET');
    expect(html).toContain('<html lang="en">');
    expect(html).not.toMatch(/\{\{|<!-- INCLUDE/);
  });

  it.each(['/', '/products.html', '/shipping.html', '/about.html'])(
    'renders %s in every language with the snippet and a marked nav link',
    async (path) => {
      for (const lang of ['en', 'pt-BR', 'es']) {
        const res = await fetch(`${server.url}${path}?lang=${lang}`);
        expect(res.status).toBe(200);
        const html = await res.text();
        expect(html).toContain(`<html lang="${lang}">`);
        expect(count(html, SNIPPET)).toBe(1);
        expect(count(html, 'aria-current="page"')).toBe(1);
        expect(html).toContain(`<a data-lang="${lang}" aria-current="true"`);
      }
    },
  );

  it('sets <html lang="pt-BR"> and keeps the language on internal links', async () => {
    const html = await (await fetch(`${server.url}/?lang=pt-BR`)).text();
    expect(html).toContain('<html lang="pt-BR">');
    expect(html).toContain('href="/products.html?lang=pt-BR"');
    expect(html).toContain('href="/about.html?lang=pt-BR#contact"');
    expect(html).not.toMatch(/<a [^>]*href="\/[^"?]*"/);
    expect(html).toContain('Envio e devoluções');
  });

  it('falls back to English for an unknown language, without echoing it', async () => {
    const html = await (await fetch(`${server.url}/?lang=${encodeURIComponent('<script>')}`)).text();
    expect(html).toContain('<html lang="en">');
    expect(html).not.toContain('<script>');
    expect(html).toContain('href="/products.html"');
  });

  it('answers an unknown path with a styled 404 page that still embeds the widget', async () => {
    const res = await fetch(`${server.url}/no-such-lamp.html`);
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('href="/style.css"');
    expect(html).toContain('This page is in the dark');
    expect(count(html, SNIPPET)).toBe(1);
  });

  it('serves the stylesheet as CSS', async () => {
    const res = await fetch(`${server.url}/style.css`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it.each(['/../package.json', '/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/package.json', '/..%5c..%5cpackage.json'])(
    'does not leak files outside the site for %s',
    async (path) => {
      const res = await rawGet(server.url, path);
      expect(res.status).toBe(404);
      expect(res.body).not.toContain('"devDependencies"');
    },
  );

  it('does not serve templates or server source', async () => {
    for (const path of ['/server.ts', '/templates/header.html', '/../templates/header.html']) {
      const res = await rawGet(server.url, path);
      expect(res.status).toBe(404);
      expect(res.body).not.toContain('{{t:');
    }
  });

  it('rejects malformed percent-encoding with 400', async () => {
    const res = await rawGet(server.url, '/%E0%A4%A.html');
    expect(res.status).toBe(400);
  });

  it('refuses methods other than GET and HEAD', async () => {
    const res = await fetch(`${server.url}/`, { method: 'POST' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET, HEAD');
  });
});

describe('startDemoServer options', () => {
  it('reports a localhost URL when bound to localhost, and close() is idempotent', async () => {
    const server = await startDemoServer({ port: 0, host: 'localhost', relayUrl: RELAY_URL, siteKey: 'k' });
    expect(server.url).toMatch(/^http:\/\/localhost:\d+$/);
    await Promise.all([server.close(), server.close()]);
  });

  it('refuses a relay URL that is not http(s)', async () => {
    await expect(
      startDemoServer({ port: 0, relayUrl: 'javascript:alert(1)', siteKey: 'k' }),
    ).rejects.toThrow(/http\(s\)/);
  });
});
