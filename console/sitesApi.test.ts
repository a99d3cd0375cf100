import { describe, expect, it } from 'vitest';
import { createApi } from './api';
import { createController } from './controller';
import { DefaultAppearance, readInstallation, readSite } from './sitesApi';
import { initialState } from './state';
import { createStore } from './store';
import { fakeTimers } from './testing';

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

const acme = {
  key: 'k7acme',
  name: 'Acme',
  allowedOrigins: ['https://acme.test'],
  disabled: false,
  routing: 'auto',
  appearance: { ...DefaultAppearance, brandColour: '#0F766E', position: 'left' },
  revision: 3,
  createdAt: '2025-01-01T10:00:00.000Z',
};

type Served = { url: string; method: string | undefined; body: unknown; headers: Record<string, string> };

/** A controller over the real API client, with `fetch` played by the test as the relay. */
function setup(serve: (call: Served) => Response) {
  const calls: Served[] = [];
  const api = createApi({
    fetch: async (url, init) => {
      const body = init.body instanceof Blob ? init.body : init.body === undefined ? undefined : JSON.parse(String(init.body));
      const call = { url, method: init.method, body, headers: init.headers as Record<string, string> };
      calls.push(call);
      return serve(call);
    },
  });
  const store = createStore(initialState());
  const controller = createController({
    api,
    store,
    newId: () => 'k1',
    now: () => new Date('2025-01-01T10:00:00.000Z'),
    timers: fakeTimers().timers,
    connect: () => {
      throw new Error('no socket in these tests');
    },
  });
  return { controller, store, calls };
}

describe('reading sites from the relay', () => {
  it('takes the contract defaults for a site saved before its appearance existed', () => {
    const site = readSite({ key: 'demo', name: 'Lumen & Co.' });
    expect(site).toMatchObject({ allowedOrigins: [], disabled: false, routing: 'auto', revision: 1, appearance: DefaultAppearance });
    expect(readSite({ site: acme }).appearance).toMatchObject({ brandColour: '#0f766e', position: 'left' });
  });

  it('refuses an answer that is not a site, and keeps only known languages', () => {
    expect(() => readSite({ name: 'no key' })).toThrow();
    expect(readSite({ ...acme, appearance: { languages: ['es', 'xx'] } }).appearance.languages).toEqual(['es']);
    expect(readSite({ ...acme, appearance: { languages: [] } }).appearance.languages).toEqual(['en', 'pt-BR', 'es']);
  });

  it('reads the installation check rows', () => {
    const check = readInstallation({
      snippet: '<script …>',
      loads: [{ origin: 'https://evil.test', allowed: false, loads: 2, firstLoadedAt: 'a', lastLoadedAt: 'b' }],
    });
    expect(check.loads).toEqual([{ origin: 'https://evil.test', allowed: false, loads: 2, firstLoadedAt: 'a', lastLoadedAt: 'b' }]);
    expect(() => readInstallation({ loads: [] })).toThrow();
  });
});

describe('sites through the controller', () => {
  it('creates a site with the parsed origins and keeps it in the store', async () => {
    const { controller, store, calls } = setup(() => json(201, acme));
    const result = await controller.createSite({ name: 'Acme', allowedOrigins: ['https://acme.test'] });
    expect(result.ok).toBe(true);
    expect(calls).toMatchObject([{ url: '/api/sites', method: 'POST', body: { name: 'Acme', allowedOrigins: ['https://acme.test'] } }]);
    expect(store.getState().siteList?.map((s) => s.key)).toEqual(['k7acme']);
  });

  it('hands back the refusal with its code, so the form can mark the field', async () => {
    const { controller, store } = setup(() => json(400, { error: { code: 'invalid_origins', message: 'https://acme.test/shop is not an origin' } }));
    const result = await controller.createSite({ name: 'Acme', allowedOrigins: ['https://acme.test/shop'] });
    expect(result).toEqual({ ok: false, failure: { code: 'invalid_origins', status: 400, message: 'https://acme.test/shop is not an origin' } });
    expect(store.getState().siteList).toBeNull();
  });

  it('saves with the revision it started from and reports stale_site without changing the store', async () => {
    let stored = 3;
    const { controller, store, calls } = setup(({ method, body }) => {
      if (method === 'GET') return json(200, { ...acme, revision: stored });
      const sent = (body as { revision?: number }).revision;
      if (sent !== stored) return json(409, { error: { code: 'stale_site', message: 'Someone else saved this site.' } });
      stored += 1;
      return json(200, { ...acme, name: 'Acme Inc', revision: stored, ok: true });
    });
    expect((await controller.saveSite('k7acme', { name: 'Acme Inc', revision: 3 })).ok).toBe(true);
    expect(store.getState().siteList?.[0]).toMatchObject({ name: 'Acme Inc', revision: 4 });
    const stale = await controller.saveSite('k7acme', { appearance: { position: 'right' }, revision: 3 });
    expect(stale.ok === false && stale.failure.code).toBe('stale_site');
    expect(store.getState().siteList?.[0]?.revision).toBe(4);
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(['PATCH /api/sites/k7acme', 'PATCH /api/sites/k7acme']);
    expect((await controller.reloadSite('k7acme')).ok).toBe(true);
  });

  it('uploads an avatar as the file itself, with its type, then takes the site as stored', async () => {
    const { controller, calls } = setup(({ method }) =>
      method === 'PUT' ? json(200, { avatar: '/avatars/x.png' }) : json(200, { ...acme, appearance: { ...acme.appearance, avatar: '/avatars/x.png' }, revision: 4 }),
    );
    const file = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' });
    const result = await controller.uploadSiteAvatar('k7acme', file);
    expect(result.ok && result.value.appearance.avatar).toBe('/avatars/x.png');
    expect(calls[0]).toMatchObject({ url: '/api/sites/k7acme/avatar', method: 'PUT', headers: { 'Content-Type': 'image/png' } });
    expect(calls[0]?.body).toBe(file);
  });

  it('renames me with PATCH /api/me and shows the new name at once', async () => {
    const { controller, store, calls } = setup(({ body }) => json(200, { agent: { id: 'a1', email: 'ana@example.com', name: (body as { name: string }).name } }));
    store.dispatch({ type: 'auth.signedIn', agent: { id: 'a1', name: 'Admin', email: 'ana@example.com' } });
    expect(await controller.renameMe('Rita at Acme')).toBeNull();
    expect(calls).toMatchObject([{ url: '/api/me', method: 'PATCH', body: { name: 'Rita at Acme' } }]);
    expect(store.getState().auth).toEqual({ phase: 'signed_in', agent: { id: 'a1', name: 'Rita at Acme', email: 'ana@example.com' } });
  });

  it('uploads my avatar with PUT /api/me/avatar and removes it with DELETE, showing each in Account at once', async () => {
    const { controller, store, calls } = setup(({ method }) => json(200, { avatar: method === 'PUT' ? '/avatars/me.png' : null }));
    store.dispatch({ type: 'auth.signedIn', agent: { id: 'a1', name: 'Ana', email: 'ana@example.com' } });
    const file = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' });
    expect(await controller.uploadMyAvatar(file)).toEqual({ ok: true, value: '/avatars/me.png' });
    expect(store.getState().auth).toEqual({ phase: 'signed_in', agent: { id: 'a1', name: 'Ana', email: 'ana@example.com', avatar: '/avatars/me.png' } });
    expect(await controller.removeMyAvatar()).toBeNull();
    expect(calls).toMatchObject([
      { url: '/api/me/avatar', method: 'PUT' },
      { url: '/api/me/avatar', method: 'DELETE' },
    ]);
    const auth = store.getState().auth;
    expect(auth.phase === 'signed_in' && 'avatar' in auth.agent).toBe(false);
  });

  it('shows the server\'s reason when it refuses my avatar, and keeps the one I had', async () => {
    const { controller, store } = setup(() => json(415, { error: { code: 'unsupported_image', message: 'Use a PNG, JPEG, WebP or GIF image.' } }));
    store.dispatch({ type: 'auth.signedIn', agent: { id: 'a1', name: 'Ana', email: 'ana@example.com', avatar: '/avatars/old.png' } });
    const result = await controller.uploadMyAvatar(new Blob(['<svg/>'], { type: 'image/svg+xml' }));
    expect(result).toMatchObject({ ok: false, failure: { code: 'unsupported_image', message: 'Use a PNG, JPEG, WebP or GIF image.' } });
    const auth = store.getState().auth;
    expect(auth.phase === 'signed_in' && auth.agent.avatar).toBe('/avatars/old.png');
  });

  it('saves who works on a site with PATCH /api/agents/:id { sites }', async () => {
    const account = { id: 'a2', email: 'bea@example.com', name: 'Bea', role: 'agent', capacity: 3, active: true, sites: ['demo', 'k7acme'] };
    const { controller, store, calls } = setup(() => json(200, { agent: account }));
    expect(await controller.updateAgent('a2', { sites: ['demo', 'k7acme'] })).toBeNull();
    expect(calls).toMatchObject([{ url: '/api/agents/a2', method: 'PATCH', body: { sites: ['demo', 'k7acme'] } }]);
    expect(store.getState().accounts?.[0]?.sites).toEqual(['demo', 'k7acme']);
  });
});
