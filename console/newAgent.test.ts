import { describe, expect, it } from 'vitest';
import { createApi } from './api';
import { createController } from './controller';
import { newAgentRequest, showsSitePicker, type NewAgentFields } from './newAgent';
import { initialState } from './state';
import { createStore } from './store';
import { fakeTimers } from './testing';

const fields: NewAgentFields = { name: '  Bea  ', email: ' bea@example.com ', role: 'agent', capacity: '4', password: 'long-enough-pw' };
const acme = { key: 'k7acme', name: 'Acme' };
const demo = { key: 'demo', name: 'Lumen & Co.' };
const look = { key: 'k9look', name: 'Look' };

/** The console's own API client and controller, with the relay played by the test; answers what `POST /api/agents` would. */
function consoleWithRelay() {
  const posted: Array<{ url: string; method: string | undefined; body: unknown }> = [];
  const api = createApi({
    fetch: async (url, init) => {
      const body: unknown = init.body === undefined ? undefined : JSON.parse(String(init.body));
      posted.push({ url, method: init.method, body });
      const sent = body as { email: string; name: string; role: string; capacity: number; sites?: string[] };
      const agent = { id: 'a9', email: sent.email, name: sent.name, role: sent.role, capacity: sent.capacity, active: true, sites: sent.sites ?? ['demo', 'k7acme', 'k9look'] };
      return new Response(JSON.stringify({ agent }), { status: 201, headers: { 'Content-Type': 'application/json' } });
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
  return { controller, store, posted };
}

describe('the new agent form: which sites the agent works on', () => {
  it('offers sites only when there is a choice, and not for admins', () => {
    expect(showsSitePicker([demo], 'agent')).toBe(false);
    expect(showsSitePicker([], 'agent')).toBe(false);
    expect(showsSitePicker([demo, acme], 'agent')).toBe(true);
    expect(showsSitePicker([demo, acme], 'admin')).toBe(false);
  });

  it('sends the ticked sites, all of them by default, in the order listed', () => {
    expect(newAgentRequest(fields, [acme, demo, look], new Set())).toEqual({
      ok: true,
      input: { name: 'Bea', email: 'bea@example.com', role: 'agent', capacity: 4, password: 'long-enough-pw', sites: ['k7acme', 'demo', 'k9look'] },
    });
    const some = newAgentRequest(fields, [acme, demo, look], new Set(['demo']));
    expect(some.ok && some.input.sites).toEqual(['k7acme', 'k9look']);
  });

  it('leaves sites out (every site) when the picker is hidden: one site, or an admin', () => {
    const one = newAgentRequest(fields, [demo], new Set(['demo']));
    expect(one.ok && 'sites' in one.input).toBe(false);
    const admin = newAgentRequest({ ...fields, role: 'admin' }, [acme, demo], new Set(['demo', 'k7acme']));
    expect(admin).toMatchObject({ ok: true, input: { role: 'admin' } });
    expect(admin.ok && 'sites' in admin.input).toBe(false);
  });

  it('refuses to create an agent for no site at all', () => {
    expect(newAgentRequest(fields, [acme, demo], new Set(['demo', 'k7acme']))).toEqual({
      ok: false,
      field: 'sites',
      message: 'Choose at least one site for this agent.',
    });
  });

  it('a site listed after the form opened starts ticked', () => {
    const before = new Set(['demo']);
    const later = newAgentRequest(fields, [acme, demo, look], before);
    expect(later.ok && later.input.sites).toEqual(['k7acme', 'k9look']);
  });

  it('posts exactly that to /api/agents through the controller, and keeps the answer in the store', async () => {
    const { controller, store, posted } = consoleWithRelay();
    const request = newAgentRequest(fields, [acme, demo, look], new Set(['demo', 'k9look']));
    if (!request.ok) throw new Error(request.message);
    expect(await controller.createAgent(request.input)).toBeNull();
    expect(posted).toEqual([
      {
        url: '/api/agents',
        method: 'POST',
        body: { name: 'Bea', email: 'bea@example.com', role: 'agent', capacity: 4, password: 'long-enough-pw', sites: ['k7acme'] },
      },
    ]);
    expect(store.getState().accounts?.find((a) => a.id === 'a9')?.sites).toEqual(['k7acme']);

    const everywhere = newAgentRequest({ ...fields, email: 'cy@example.com' }, [demo], new Set());
    if (!everywhere.ok) throw new Error(everywhere.message);
    await controller.createAgent(everywhere.input);
    expect(posted[1]?.body).not.toHaveProperty('sites');
  });
});
