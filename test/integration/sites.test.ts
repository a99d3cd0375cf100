import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKnowledgeBase } from '../../bot/knowledge-base';
import { PROTOCOL_VERSION } from '../../protocol/codes';
import { MAX_LOAD_ORIGINS_PER_SITE } from '../../server/domain/site-loads';
import { TestClient } from '../support/client';
import { signIn, startTestPonte, type TestPonte } from '../support/ponte';
import { SseClient } from '../support/sse-client';

let ponte: TestPonte;
let admin: string;
beforeAll(async () => {
  ponte = await startTestPonte();
  admin = await signIn(ponte.url);
});
afterAll(async () => {
  await ponte.stop();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies, asserted field by field
type Json = Record<string, any>;

async function call(method: string, path: string, cookie: string | undefined, body?: unknown, headers: Record<string, string> = {}) {
  const raw = body instanceof Uint8Array;
  const res = await fetch(`${ponte.url}${path}`, {
    method,
    headers: {
      ...(cookie === undefined ? {} : { cookie }),
      ...(body === undefined || raw ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: raw ? new Blob([new Uint8Array(body)]) : JSON.stringify(body) }),
  });
  const text = await res.text();
  let json: Json = {};
  try {
    json = text === '' ? {} : (JSON.parse(text) as Json);
  } catch {
    json = { text };
  }
  return { status: res.status, body: json, headers: res.headers };
}

let counter = 0;
async function newSite(origins: string[] = [`https://shop-${counter + 1}.example`], name = `Shop ${++counter}`): Promise<Json> {
  const res = await call('POST', '/api/sites', admin, { name, allowedOrigins: origins });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function agentCookie(email: string): Promise<{ cookie: string; id: string }> {
  const res = await call('POST', '/api/agents', admin, { email, name: 'Ann', role: 'agent', capacity: 3, password: 'long-enough-pw' });
  expect(res.status).toBe(201);
  return { cookie: await signIn(ponte.url, email, 'long-enough-pw'), id: res.body.agent.id };
}

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);

describe('sites API', () => {
  it('creates a site with a generated key, normalised origins and a starter knowledge base as version 1', async () => {
    const site = await newSite(['https://Acme.example', 'http://localhost:8081/'], 'Acme');
    expect(site.key).toMatch(/^[a-z0-9]{10}$/);
    expect(site).toMatchObject({
      name: 'Acme',
      allowedOrigins: ['https://acme.example', 'http://localhost:8081'],
      disabled: false,
      routing: 'auto',
      revision: 1,
      appearance: { brandColour: '#4f46e5', position: 'right', languages: ['en', 'pt-BR', 'es'], whenUnavailable: 'callback' },
    });
    const kb = await fetch(`${ponte.url}/api/sites/${site.key}/knowledge-base`, { headers: { cookie: admin } });
    const parsed = parseKnowledgeBase(await kb.text());
    expect(parsed.greeting['pt-BR']).toContain('Acme');
    const versions = await ponte.db.selectFrom('knowledge_base_versions').selectAll().where('site_key', '=', site.key).execute();
    expect(versions.map((v) => v.version)).toEqual([1]);
    const list = await call('GET', '/api/sites', admin);
    expect(list.body.sites.map((s: Json) => s.key)).toEqual(expect.arrayContaining(['demo', site.key]));
    expect((await call('GET', `/api/sites/${site.key}`, admin)).body).toEqual(site);
  });

  it.each([
    ['a path', 'https://shop.example/checkout'],
    ['a wildcard', 'https://*.shop.example'],
    ['javascript:', 'javascript:alert(1)'],
    ['user info', 'https://me@shop.example'],
    ['a query', 'https://shop.example?a=1'],
  ])('refuses an origin with %s, naming it', async (_what, origin) => {
    const res = await call('POST', '/api/sites', admin, { name: 'Bad', allowedOrigins: ['https://ok.example', origin] });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_origins');
    expect(res.body.error.message).toContain(JSON.stringify(origin));
  });

  it('refuses duplicate origins, also through PATCH', async () => {
    const res = await call('POST', '/api/sites', admin, { name: 'Dup', allowedOrigins: ['https://a.example', 'https://A.example/'] });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_origins', message: expect.stringContaining('listed twice') });
    const site = await newSite();
    const patch = await call('PATCH', `/api/sites/${site.key}`, admin, { allowedOrigins: ['https://b.example', 'https://b.example'] });
    expect(patch.body.error.code).toBe('invalid_origins');
  });

  it('refuses a missing name and non-admins', async () => {
    expect((await call('POST', '/api/sites', admin, { name: '  ', allowedOrigins: ['https://a.example'] })).body.error.code).toBe('invalid_body');
    // A site that could load nowhere is refused, saying what to add.
    const none = await call('POST', '/api/sites', admin, { name: 'Nowhere', allowedOrigins: [] });
    expect(none.status).toBe(400);
    expect(none.body.error.message).toMatch(/^allowedOrigins: Add at least one origin/);
    expect((await call('POST', '/api/sites', admin, { name: 'Nowhere' })).status).toBe(400);
    // Names are one line of visible text: no direction overrides or line breaks.
    for (const name of ['\u202eevil', 'two\nlines', 'a\u2028b']) {
      expect((await call('POST', '/api/sites', admin, { name, allowedOrigins: ['https://a.example'] })).body.error.code, JSON.stringify(name)).toBe('invalid_body');
    }
    const site = await newSite();
    expect((await call('PATCH', `/api/sites/${site.key}`, admin, { appearance: { teamName: 'a\nb' } })).body.error.code).toBe('invalid_body');
    // An empty save changes nothing, not even the revision.
    const empty = await call('PATCH', `/api/sites/${site.key}`, admin, { revision: site.revision });
    expect(empty.status).toBe(200);
    expect(empty.body.revision).toBe(site.revision);
    const ann = await agentCookie('ann-sites@example.com');
    expect((await call('POST', '/api/sites', ann.cookie, { name: 'X', allowedOrigins: [] })).status).toBe(403);
    expect((await call('PATCH', '/api/sites/demo', ann.cookie, { name: 'X' })).status).toBe(403);
    expect((await call('GET', '/api/sites', undefined)).status).toBe(401);
  });

  it('lists for an agent only the sites they are a member of', async () => {
    const bob = await agentCookie('bob-sites@example.com');
    // A new agent joins the sites that exist then; a site created later has no members until an admin adds them.
    const site = await newSite();
    const before = await call('GET', '/api/sites', bob.cookie);
    expect(before.body.sites.map((s: Json) => s.key)).not.toContain(site.key);
    expect((await call('GET', `/api/sites/${site.key}`, bob.cookie)).status).toBe(404);
    await ponte.db.insertInto('site_members').values({ site_key: site.key, agent_id: bob.id, created_at: new Date().toISOString() }).execute();
    const after = await call('GET', '/api/sites', bob.cookie);
    expect(after.body.sites.map((s: Json) => s.key)).toContain(site.key);
  });

  it('renames, changes appearance partially and bumps the revision; a stale revision gets 409 stale_site', async () => {
    const site = await newSite();
    const first = await call('PATCH', `/api/sites/${site.key}`, admin, {
      name: 'Renamed',
      revision: 1,
      appearance: { brandColour: '#B91C1C', position: 'left', greeting: { en: 'Hello from Renamed!' } },
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ ok: true, name: 'Renamed', revision: 2, appearance: { brandColour: '#b91c1c', position: 'left', greeting: { en: 'Hello from Renamed!' }, textColour: null } });
    const second = await call('PATCH', `/api/sites/${site.key}`, admin, { appearance: { teamName: 'The Team' }, revision: 2 });
    expect(second.body.appearance).toMatchObject({ brandColour: '#b91c1c', teamName: 'The Team' });
    const stale = await call('PATCH', `/api/sites/${site.key}`, admin, { name: 'Lost', revision: 2 });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: 'stale_site', message: expect.stringContaining('Reload') });
    expect((await call('GET', `/api/sites/${site.key}`, admin)).body.name).toBe('Renamed');
  });

  it('refuses a colour that is not a colour and text under 4.5:1', async () => {
    const site = await newSite();
    const bad = await call('PATCH', `/api/sites/${site.key}`, admin, { appearance: { brandColour: 'red;}body{' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_body');
    const low = await call('PATCH', `/api/sites/${site.key}`, admin, { appearance: { brandColour: '#ffffff', textColour: '#aaaaaa' } });
    expect(low.status).toBe(400);
    expect(low.body.error).toMatchObject({ code: 'low_contrast', message: expect.stringMatching(/2\.\d\d:1/) });
    const none = await call('PATCH', `/api/sites/${site.key}`, admin, { appearance: { languages: [] } });
    expect(none.body.error.code).toBe('invalid_body');
  });

  it('keeps the routing-only PATCH answer', async () => {
    const res = await call('PATCH', '/api/sites/demo', admin, { routing: 'manual' });
    expect(res.body).toMatchObject({ ok: true, routing: 'manual' });
    await call('PATCH', '/api/sites/demo', admin, { routing: 'auto' });
  });
});

describe('a disabled site', () => {
  it('refuses the hello (WebSocket and SSE) and shows a plain page in the frame; history is kept; enabling brings it back', async () => {
    const site = await newSite(['http://acme.test']);
    const { client, welcome } = await TestClient.visitor(ponte.url, { siteKey: site.key, hostOrigin: 'http://acme.test' });
    client.send({ type: 'message.send', clientMsgId: 'm1', text: 'hello there' });
    await client.waitFor('message.ack');

    expect((await call('PATCH', `/api/sites/${site.key}`, admin, { disabled: true })).body.disabled).toBe(true);
    // The visitor already connected is told and let go at once.
    expect(await client.waitFor('error', (f) => f.code === 'site_disabled')).toBeTruthy();
    expect(await client.waitClose()).toBe(4403);
    const refused = await TestClient.visitorHello(ponte.url, { siteKey: site.key, hostOrigin: 'http://acme.test', token: welcome.token });
    expect(refused.welcome).toMatchObject({ type: 'error', code: 'site_disabled' });
    expect(await refused.client.waitClose()).toBe(4403);

    const hello = { type: 'hello', v: PROTOCOL_VERSION, role: 'visitor', siteKey: site.key, hostOrigin: 'http://acme.test', locale: 'en' };
    const sse = await SseClient.open(ponte.url, hello);
    await sse.until(() => sse.closeEvent !== undefined);
    expect(sse.frames).toContainEqual(expect.objectContaining({ type: 'error', code: 'site_disabled' }));
    expect(sse.closeEvent?.code).toBe(4403);
    sse.close();

    const frame = await fetch(`${ponte.url}/widget/frame?site=${site.key}&host=http://acme.test&locale=es`);
    expect(frame.status).toBe(404);
    const page = await frame.text();
    expect(page).toContain('El chat está desactivado');
    expect(page).not.toContain('<script');

    const css = await fetch(`${ponte.url}/widget/site/${site.key}.css`);
    expect(await css.text()).toBe(':host{display:none}');

    const messages = await ponte.db.selectFrom('messages').select('text').where('text', '=', 'hello there').execute();
    expect(messages).toHaveLength(1);

    await call('PATCH', `/api/sites/${site.key}`, admin, { disabled: false });
    const back = await TestClient.visitor(ponte.url, { siteKey: site.key, hostOrigin: 'http://acme.test', token: welcome.token });
    expect(back.welcome.messages.map((m) => m.text)).toContain('hello there');
    await back.client.close();
  });
});

describe('appearance in the welcome and the frame', () => {
  it('greets with the site greeting and team name, and limits the languages', async () => {
    const site = await newSite(['http://look.test'], 'Look');
    await call('PATCH', `/api/sites/${site.key}`, admin, {
      appearance: { greeting: { es: '¡Bienvenido a Look!' }, teamName: 'Equipo Look', languages: ['es'], whenUnavailable: 'message' },
    });
    const { client, welcome } = await TestClient.visitor(ponte.url, { siteKey: site.key, hostOrigin: 'http://look.test', locale: 'en' });
    expect(welcome.site).toMatchObject({ name: 'Equipo Look', greeting: '¡Bienvenido a Look!', locale: 'es' });
    expect(welcome.callbacksEnabled).toBe(false);
    await client.close();
  });

  it('puts the colours and the appearance into the frame page, escaped', async () => {
    const site = await newSite(['http://look.test'], 'Look </script><b>');
    await call('PATCH', `/api/sites/${site.key}`, admin, { appearance: { brandColour: '#b91c1c', teamName: '</script><img src=x onerror=alert(1)>' } });
    const res = await fetch(`${ponte.url}/widget/frame?site=${site.key}&host=http://look.test`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('--accent:#b91c1c;--accent-text:#ffffff');
    const json = /<script type="application\/json" id="ponte-site">(.*?)<\/script>/.exec(html)?.[1] ?? '';
    expect(json).not.toContain('<');
    expect(JSON.parse(json)).toMatchObject({ key: site.key, preview: false, appearance: { teamName: '</script><img src=x onerror=alert(1)>' } });
    expect(res.headers.get('content-security-policy')).toContain('frame-ancestors http://look.test;');
    const preview = await fetch(`${ponte.url}/widget/frame?site=${site.key}&preview=1`);
    expect(preview.headers.get('content-security-policy')).toContain("frame-ancestors 'self';");
  });
});

describe('avatars', () => {
  it('stores a PNG under its hash and serves it with nosniff, its type and a long cache', async () => {
    const site = await newSite();
    const res = await call('PUT', `/api/sites/${site.key}/avatar`, admin, PNG, { 'content-type': 'image/png' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.avatar).toMatch(/^\/avatars\/[0-9a-f]{64}\.png$/);
    expect((await call('GET', `/api/sites/${site.key}`, admin)).body.appearance.avatar).toBe(res.body.avatar);
    const file = await fetch(`${ponte.url}${res.body.avatar}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(file.headers.get('cache-control')).toContain('immutable');
    expect(Buffer.from(await file.arrayBuffer()).equals(PNG)).toBe(true);
    expect(readFileSync(join(ponte.dataDir, res.body.avatar)).equals(PNG)).toBe(true);
    const cleared = await call('DELETE', `/api/sites/${site.key}/avatar`, admin);
    expect(cleared.body.avatar).toBeNull();
    expect((await call('GET', `/api/sites/${site.key}`, admin)).body.appearance.avatar).toBeNull();
  });

  it('refuses SVG with script, a non-image and a huge file', async () => {
    const site = await newSite();
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const refusedSvg = await call('PUT', `/api/sites/${site.key}/avatar`, admin, svg, { 'content-type': 'image/png' });
    expect(refusedSvg.status).toBe(415);
    expect(refusedSvg.body.error.code).toBe('unsupported_image');
    const text = await call('PUT', `/api/sites/${site.key}/avatar`, admin, Buffer.from('just some text'), { 'content-type': 'image/jpeg' });
    expect(text.body.error.code).toBe('unsupported_image');
    const huge = Buffer.concat([PNG, Buffer.alloc(300 * 1024)]);
    const tooBig = await call('PUT', `/api/sites/${site.key}/avatar`, admin, huge, { 'content-type': 'image/png' });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.code).toBe('too_large');
    expect((await call('GET', `/api/sites/${site.key}`, admin)).body.appearance.avatar).toBeNull();
  });

  it('serves only well-formed avatar names', async () => {
    for (const name of ['..%2Fdemo.sqlite', 'x.png', `${'a'.repeat(64)}.svg`]) {
      const res = await fetch(`${ponte.url}/avatars/${name}`);
      expect(res.status).toBe(404);
    }
  });

  it("sets the signed-in agent's own avatar", async () => {
    const res = await call('PUT', '/api/me/avatar', admin, PNG, { 'content-type': 'image/png' });
    expect(res.body.avatar).toMatch(/^\/avatars\/[0-9a-f]{64}\.png$/);
    const row = await ponte.db.selectFrom('agents').select('avatar').where('email', '=', 'admin@example.com').executeTakeFirst();
    expect(row?.avatar).toBe(res.body.avatar);
  });
});

describe('the launcher stylesheet', () => {
  it('is the site look, with an ETag that gives 304, cross-origin and short-cached', async () => {
    const site = await newSite(['https://css.example']);
    await call('PATCH', `/api/sites/${site.key}`, admin, { appearance: { brandColour: '#b91c1c', position: 'left' } });
    const res = await fetch(`${ponte.url}/widget/site/${site.key}.css`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/css/);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('cache-control')).toBe('public, max-age=30, stale-while-revalidate=600');
    const css = await res.text();
    expect(css).toMatch(/^:host\{all:initial\}/);
    expect(css).toContain('background:#b91c1c');
    expect(css).toContain('left:20px');
    const etag = res.headers.get('etag') ?? '';
    expect(etag).toBe('"r2v"');
    const again = await fetch(`${ponte.url}/widget/site/${site.key}.css`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    await call('PATCH', `/api/sites/${site.key}`, admin, { appearance: { position: 'right' } });
    const changed = await fetch(`${ponte.url}/widget/site/${site.key}.css`, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(await changed.text()).toContain('right:20px');
  });

  it('is hidden for an unknown site, and for "hide" while nobody is available', async () => {
    const unknown = await fetch(`${ponte.url}/widget/site/nope.css`);
    expect(await unknown.text()).toBe(':host{display:none}');
    const site = await newSite();
    await call('PATCH', `/api/sites/${site.key}`, admin, { appearance: { whenUnavailable: 'hide' } });
    const hidden = await fetch(`${ponte.url}/widget/site/${site.key}.css`);
    expect(await hidden.text()).toBe(':host{display:none}');
    expect(hidden.headers.get('etag')).toBe('"r2h"');
    // An agent online (a console connected) and the default hours (always open): shown.
    const { client } = await TestClient.agent(ponte.url, admin);
    const shown = await fetch(`${ponte.url}/widget/site/${site.key}.css`, { headers: { 'if-none-match': '"r2h"' } });
    expect(shown.status).toBe(200);
    expect(shown.headers.get('etag')).toBe('"r2v"');
    expect(await shown.text()).toContain('button{');
    await client.close();
  });

  it('hides the launcher on a page of an origin the site did not list (shown without a Referer)', async () => {
    const site = await newSite(['https://allowed.example']);
    const css = (referer?: string) =>
      fetch(`${ponte.url}/widget/site/${site.key}.css`, referer === undefined ? {} : { headers: { referer } }).then(async (r) => ({ etag: r.headers.get('etag'), text: await r.text() }));
    const listed = await css('https://allowed.example/shop');
    expect(listed.text).toContain('button{');
    const stray = await css('https://copycat.example/');
    expect(stray.text).toBe(':host{display:none}');
    expect(stray.etag).not.toBe(listed.etag);
    expect((await css()).text).toContain('button{');
  });

  it('records the installation check for allowed and unlisted origins', async () => {
    const site = await newSite(['https://allowed.example']);
    await fetch(`${ponte.url}/widget/site/${site.key}.css`, { headers: { referer: 'https://allowed.example/products?x=1' } });
    await fetch(`${ponte.url}/widget/site/${site.key}.css`, { headers: { referer: 'https://allowed.example/' } });
    await fetch(`${ponte.url}/widget/site/${site.key}.css`, { headers: { origin: 'https://copycat.example' } });
    await fetch(`${ponte.url}/widget/site/${site.key}.css`, { headers: { referer: 'not a url at all' } });
    await fetch(`${ponte.url}/widget/site/${site.key}.css`, { headers: { referer: 'javascript:alert(1)' } });
    const res = await call('GET', `/api/sites/${site.key}/installation`, admin);
    expect(res.status).toBe(200);
    expect(res.body.snippet).toBe(`<script async src="${ponte.url.replace('localhost', '127.0.0.1')}/widget.js" data-site="${site.key}"></script>`);
    const loads = res.body.loads as Json[];
    expect(loads).toHaveLength(2);
    expect(loads).toContainEqual(expect.objectContaining({ origin: 'https://allowed.example', allowed: true, loads: 2 }));
    expect(loads).toContainEqual(expect.objectContaining({ origin: 'https://copycat.example', allowed: false, loads: 1 }));
  });

  it('stays bounded under a flood of forged Referers sent at once', async () => {
    const site = await newSite(['https://real.example']);
    await fetch(`${ponte.url}/widget/site/${site.key}.css`, { headers: { referer: 'https://real.example/' } });
    await call('GET', `/api/sites/${site.key}/installation`, admin);
    const forged = Array.from({ length: 400 }, (_, i) =>
      fetch(`${ponte.url}/widget/site/${site.key}.css`, { headers: { referer: `https://forged-${i}.example/page` } }).then((r) => r.status),
    );
    expect(new Set(await Promise.all(forged))).toEqual(new Set([200]));
    await fetch(`${ponte.url}/widget/site/${site.key}.css`, { headers: { referer: 'https://real.example/again' } });
    const loads = (await call('GET', `/api/sites/${site.key}/installation`, admin)).body.loads as Json[];
    expect(loads.length).toBe(MAX_LOAD_ORIGINS_PER_SITE);
    expect(loads).toContainEqual(expect.objectContaining({ origin: 'https://real.example', loads: 2, allowed: true }));
    const rows = await ponte.db.selectFrom('site_loads').select('origin').where('site_key', '=', site.key).execute();
    expect(rows.length).toBe(MAX_LOAD_ORIGINS_PER_SITE);
  });
});
