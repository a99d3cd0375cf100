import { describe, expect, it } from 'vitest';
import { ApiError, createApi } from './api';
import { businessHours } from './testing';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('createApi', () => {
  it('posts JSON credentials and returns the agent', async () => {
    const calls: { url: string; init: RequestInit }[] = [];
    const api = createApi({
      fetch: async (url, init) => {
        calls.push({ url, init });
        return json(200, { agent: { id: 'a1', name: 'Ana', email: 'ana@example.com' } });
      },
    });
    expect(await api.login('ana@example.com', 'pw')).toEqual({ id: 'a1', name: 'Ana', email: 'ana@example.com' });
    expect(calls[0]?.url).toBe('/api/auth/login');
    expect(calls[0]?.init.method).toBe('POST');
    expect(calls[0]?.init.headers).toMatchObject({ 'Content-Type': 'application/json' });
    expect(JSON.parse(String(calls[0]?.init.body))).toEqual({ email: 'ana@example.com', password: 'pw' });
  });

  it('turns an error body into an ApiError with its code and message', async () => {
    const api = createApi({
      fetch: async () => json(401, { error: { code: 'unauthorized', message: 'Email or password is incorrect.' } }),
    });
    const error = await api.login('a', 'b').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'unauthorized', status: 401, message: 'Email or password is incorrect.' });
  });

  it('reads a 401 from /me as "not signed in"', async () => {
    const api = createApi({ fetch: async () => json(401, { error: { code: 'unauthorized', message: 'x' } }) });
    expect(await api.me()).toBeNull();
  });

  it('reports an unreachable server as a network ApiError', async () => {
    const api = createApi({
      fetch: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    await expect(api.me()).rejects.toMatchObject({ code: 'network', status: 0 });
  });

  it('accepts a 204 from logout', async () => {
    const api = createApi({ fetch: async () => new Response(null, { status: 204 }) });
    await expect(api.logout()).resolves.toBeUndefined();
  });

  it('talks to the team and canned reply endpoints, reading 204 as done', async () => {
    const calls: { url: string; method: string | undefined; body: unknown }[] = [];
    const account = { id: 'a2', email: 'bea@example.com', name: 'Bea', role: 'agent', capacity: 4, active: false };
    const api = createApi({
      fetch: async (url, init) => {
        calls.push({ url, method: init.method, body: init.body === undefined ? undefined : JSON.parse(String(init.body)) });
        if (url === '/api/canned' && init.method === 'GET') return json(200, { replies: [{ id: 'r1', shortcut: 'hi', text: 'Hello!' }] });
        if (url === '/api/agents/a2') return json(200, { agent: account });
        return new Response(null, { status: 204 });
      },
    });
    expect(await api.listCanned()).toEqual([{ id: 'r1', shortcut: 'hi', text: 'Hello!' }]);
    expect(await api.updateAgent('a2', { active: false })).toEqual(account);
    await api.deleteCanned('r1');
    await api.changePassword('old', 'new-password');
    expect(calls.slice(1)).toEqual([
      { url: '/api/agents/a2', method: 'PATCH', body: { active: false } },
      { url: '/api/canned/r1', method: 'DELETE', body: undefined },
      { url: '/api/me/password', method: 'POST', body: { currentPassword: 'old', newPassword: 'new-password' } },
    ]);
  });

  it('reads and replaces a site\'s business hours with GET and PUT of the whole', async () => {
    const calls: { url: string; method: string | undefined; body: unknown }[] = [];
    const hours = businessHours({ holidays: ['2025-12-25'] });
    const api = createApi({
      fetch: async (url, init) => {
        calls.push({ url, method: init.method, body: init.body === undefined ? undefined : JSON.parse(String(init.body)) });
        return json(200, init.method === 'PUT' ? JSON.parse(String(init.body)) : hours);
      },
    });
    expect(await api.getHours('demo')).toEqual(hours);
    const changed = { ...hours, timeZone: 'America/Sao_Paulo' };
    expect(await api.saveHours('demo', changed)).toEqual(changed);
    expect(calls).toEqual([
      { url: '/api/sites/demo/hours', method: 'GET', body: undefined },
      { url: '/api/sites/demo/hours', method: 'PUT', body: changed },
    ]);
  });

  it('gives the server\'s words when it refuses the hours, and refuses an answer that is not hours', async () => {
    const refused = createApi({
      fetch: async () =>
        json(400, { error: { code: 'invalid_body', message: 'weekly.mon.0.close: Closing time must be after opening time.' } }),
    });
    await expect(refused.saveHours('demo', businessHours())).rejects.toMatchObject({
      code: 'invalid_body',
      status: 400,
      message: 'weekly.mon.0.close: Closing time must be after opening time.',
    });
    const odd = createApi({ fetch: async () => json(200, { ok: true }) });
    await expect(odd.getHours('demo')).rejects.toMatchObject({ code: 'invalid_response' });
  });

  it('shows the server message when an admin call is refused', async () => {
    const api = createApi({ fetch: async () => json(409, { error: { code: 'conflict', message: 'That email is taken.' } }) });
    const error = await api.createAgent({ email: 'a@b.c', name: 'A', role: 'agent', capacity: 3, password: 'pw' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'conflict', status: 409, message: 'That email is taken.' });
  });
});
