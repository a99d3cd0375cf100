import { describe, expect, it } from 'vitest';
import { createApi } from './api';
import type { BusinessHours } from './businessHours';
import { createController } from './controller';
import { initialState } from './state';
import { createStore } from './store';
import { businessHours, fakeTimers } from './testing';

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

/** A controller over the real API client, with `fetch` played by the test as the server. */
function setup(serve: (url: string, init: RequestInit) => Response | Promise<Response>) {
  const requests: { url: string; method: string | undefined }[] = [];
  const api = createApi({
    fetch: async (url, init) => {
      requests.push({ url, method: init.method });
      return serve(url, init);
    },
  });
  const clock = fakeTimers();
  const controller = createController({
    api,
    store: createStore(initialState()),
    newId: () => 'k1',
    now: () => new Date('2025-01-01T10:00:00.000Z'),
    timers: clock.timers,
    connect: () => {
      throw new Error('no socket in these tests');
    },
  });
  return { controller, requests };
}

describe('business hours through the controller', () => {
  it('loads the hours of the site it is asked about (no site is assumed)', async () => {
    const hours = businessHours();
    const demo = setup(() => json(200, hours));
    expect(await demo.controller.loadHours('demo')).toEqual({ ok: true, hours });
    expect(demo.requests).toEqual([{ url: '/api/sites/demo/hours', method: 'GET' }]);

    const other = setup(() => json(200, hours));
    await other.controller.loadHours('shop two');
    expect(other.requests).toEqual([{ url: '/api/sites/shop%20two/hours', method: 'GET' }]);
  });

  it('saves and answers with what the server stored', async () => {
    let stored: BusinessHours | null = null;
    const { controller, requests } = setup((_url, init) => {
      stored = JSON.parse(String(init.body)) as BusinessHours;
      return json(200, stored);
    });
    const changed = businessHours({ holidays: ['2025-12-25'] });
    expect(await controller.saveHours('acme', changed)).toEqual({ ok: true, hours: changed });
    expect(stored).toEqual(changed);
    expect(requests).toEqual([{ url: '/api/sites/acme/hours', method: 'PUT' }]);
  });

  it('passes on the server\'s refusal and an unreachable server as messages to show', async () => {
    const refused = setup(() => json(403, { error: { code: 'forbidden', message: 'Only admins can do that.' } }));
    expect(await refused.controller.saveHours('demo', businessHours())).toEqual({ ok: false, message: 'Only admins can do that.' });
    const offline = setup(() => {
      throw new TypeError('Failed to fetch');
    });
    expect(await offline.controller.loadHours('demo')).toEqual({
      ok: false,
      message: 'Could not reach the server. Check your connection and try again.',
    });
  });
});
