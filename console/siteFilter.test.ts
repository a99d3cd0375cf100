import { describe, expect, it } from 'vitest';
import { neighbour, selectListOrder, selectSections, selectSiteFilter, selectSiteRefs, siteName } from './selectors';
import { initialState, reduce, type Action, type ConsoleState } from './state';
import { site, summary } from './testing';

const agent = { id: 'a1', name: 'Ana', email: 'ana@example.com' };
const apply = (state: ConsoleState, ...actions: Action[]) => actions.reduce(reduce, state);
const conversations = [
  summary({ id: 'q-demo', siteKey: 'demo', status: 'queued', updatedAt: '2025-01-01T10:00:00.000Z' }),
  summary({ id: 'q-acme', siteKey: 'acme', status: 'queued', updatedAt: '2025-01-01T10:01:00.000Z' }),
  summary({ id: 'b-acme', siteKey: 'acme', status: 'bot' }),
];
const welcomed = (sites?: { key: string; name: string }[]) =>
  apply(initialState(), { type: 'welcome', agent, conversations, callbacks: [], ...(sites === undefined ? {} : { sites }) });

describe('sites in the conversation list', () => {
  it('names sites from the welcome until the site list is loaded, then from the list', () => {
    const state = welcomed([{ key: 'demo', name: 'Lumen & Co.' }, { key: 'acme', name: 'Acme' }]);
    expect(selectSiteRefs(state).map((s) => s.name)).toEqual(['Acme', 'Lumen & Co.']);
    const loaded = apply(state, { type: 'sites.loaded', sites: [site({ key: 'acme', name: 'Acme Inc' }), site({ key: 'demo', name: 'Lumen' })] });
    expect(siteName(loaded, 'acme')).toBe('Acme Inc');
    expect(siteName(loaded, 'gone')).toBe('gone');
  });

  it('knows no sites when the relay names none, and a later welcome without them keeps what it had', () => {
    expect(selectSiteRefs(welcomed())).toEqual([]);
    const named = welcomed([{ key: 'demo', name: 'Lumen' }]);
    expect(selectSiteRefs(apply(named, { type: 'welcome', agent, conversations, callbacks: [] }))).toEqual([{ key: 'demo', name: 'Lumen' }]);
  });

  it('filters the sections and the Alt+↑/↓ order alike, so the keys walk only what is shown', () => {
    const state = apply(welcomed([{ key: 'demo', name: 'Lumen' }, { key: 'acme', name: 'Acme' }]), { type: 'site.filter', siteKey: 'acme' });
    expect(selectSections(state, agent.id).queue.map((c) => c.id)).toEqual(['q-acme']);
    const order = selectListOrder(state, agent.id);
    expect(order).toEqual(['q-acme', 'b-acme']);
    expect(neighbour(order, 'q-acme', 1)).toBe('b-acme');
    expect(neighbour(order, 'b-acme', 1)).toBe('b-acme');
    expect(selectListOrder(apply(state, { type: 'site.filter', siteKey: null }), agent.id)).toEqual(['q-demo', 'q-acme', 'b-acme']);
  });

  it('ignores a filter on a site I no longer work on, or when I work on one site only', () => {
    const filtered = apply(welcomed([{ key: 'demo', name: 'Lumen' }, { key: 'acme', name: 'Acme' }]), { type: 'site.filter', siteKey: 'acme' });
    const gone = apply(filtered, { type: 'welcome', agent, conversations, callbacks: [], sites: [{ key: 'demo', name: 'Lumen' }, { key: 'other', name: 'Other' }] });
    expect(selectSiteFilter(gone)).toBeNull();
    const single = apply(filtered, { type: 'welcome', agent, conversations, callbacks: [], sites: [{ key: 'acme', name: 'Acme' }] });
    expect(selectSiteFilter(single)).toBeNull();
    expect(selectListOrder(single, agent.id)).toHaveLength(3);
  });

  it('a renamed agent shows the new name in the session and the team list', () => {
    const state = apply(initialState(), { type: 'auth.signedIn', agent }, { type: 'accounts.loaded', accounts: [{ id: 'a1', email: agent.email, name: 'Ana', role: 'admin', capacity: 3, active: true }] });
    const renamed = apply(state, { type: 'agent.renamed', agent: { ...agent, name: 'Ana at Acme' } });
    expect(renamed.auth).toEqual({ phase: 'signed_in', agent: { ...agent, name: 'Ana at Acme' } });
    expect(renamed.accounts?.[0]?.name).toBe('Ana at Acme');
  });
});
