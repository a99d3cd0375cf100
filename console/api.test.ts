import { describe, expect, it } from 'vitest';
import { ApiError, createApi } from './api';

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
});
