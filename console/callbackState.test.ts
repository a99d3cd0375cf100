import { describe, expect, it } from 'vitest';
import type { Callback } from '../protocol/frames';
import { selectCallbackFor, selectFreshCallbacks } from './callbackState';
import { dueCallbacks, watchArrivals, type Note, type Notifier } from './notify';
import { initialState, reduce, type Action, type ConsoleState, type TeamMember } from './state';
import { selectListOrder, selectSections } from './selectors';
import { createStore } from './store';
import { callback, summary } from './testing';

const me = { id: 'a1', name: 'Ana', email: 'ana@example.com' };
const run = (actions: Action[], from: ConsoleState = initialState()) => actions.reduce(reduce, from);
const welcome = (callbacks: Callback[] = []): Action => ({ type: 'welcome', agent: me, conversations: [], callbacks });
const presence = (status: TeamMember['status']): Action => ({
  type: 'team.presence',
  agents: [{ id: 'a1', name: 'Ana', status, activeChats: 0, capacity: 3 }],
});
const maria = callback({ id: 'cb1', conversationId: 'c1', contactName: 'Maria', updatedAt: '2025-07-10T10:00:00.000Z' });

describe('callbacks in the reducer', () => {
  it('takes the list from the welcome and replaces it on the next one, keeping the picked callback', () => {
    const other = callback({ id: 'cb2' });
    let state = run([welcome([maria, other]), { type: 'callback.select', callbackId: 'cb1' }]);
    expect(Object.keys(state.callbacks).sort()).toEqual(['cb1', 'cb2']);
    expect(state.view).toBe('callbacks');
    state = reduce(state, welcome([callback({ id: 'cb3' })]));
    expect(Object.keys(state.callbacks).sort()).toEqual(['cb1', 'cb3']);
  });

  it('upserts callback.updated by id and ignores an older copy that arrives late', () => {
    const claimed = { ...maria, state: 'claimed' as const, claimedById: 'a2', claimedByName: 'Bruno', updatedAt: '2025-07-10T10:05:00.000Z' };
    const state = run([welcome([maria]), { type: 'callback.upsert', callback: claimed }, { type: 'callback.upsert', callback: maria }]);
    expect(state.callbacks.cb1?.claimedByName).toBe('Bruno');
    const fresh = run([{ type: 'callback.upsert', callback: callback({ id: 'new' }) }], state);
    expect(fresh.callbacks.new).toEqual(callback({ id: 'new' }));
  });

  it('alerts "Callback due" while I am online (or presence is not known yet), not while away', () => {
    const online = run([welcome([]), presence('online'), { type: 'callback.due', callback: maria }]);
    expect(online.alerts).toEqual([
      { id: 1, code: 'callback_due', message: 'Callback due: Maria +55 11 98765-4321', action: { kind: 'open-callback', callbackId: 'cb1' } },
    ]);
    expect(online.callbacks.cb1).toEqual(maria);
    expect(run([welcome([]), { type: 'callback.due', callback: maria }]).alerts).toHaveLength(1);

    const away = run([welcome([]), presence('away'), { type: 'callback.due', callback: maria }]);
    expect(away.alerts).toEqual([]);
    // Still listed: an away agent sees the call when they come back.
    expect(away.callbacks.cb1).toEqual(maria);
  });

  it('names a contact without a name "Visitor", keeps one alert per call, and drops it once someone claims the call', () => {
    const anonymous = callback({ id: 'cb9', contactName: null, phoneDisplay: '+351 912 345 678' });
    let state = run([welcome([]), { type: 'callback.due', callback: anonymous }, { type: 'callback.due', callback: { ...anonymous, attempts: 1 } }]);
    expect(state.alerts.map((a) => a.message)).toEqual(['Callback due: Visitor +351 912 345 678']);
    state = reduce(state, {
      type: 'callback.upsert',
      callback: { ...anonymous, state: 'claimed', claimedById: 'a2', updatedAt: '2025-07-10T11:00:00.000Z' },
    });
    expect(state.alerts).toEqual([]);
  });

  it('matches a refused claim to the oldest one in flight, and settles a claim when the update says it is mine', () => {
    let state = run([
      welcome([maria, callback({ id: 'cb2' })]),
      { type: 'callback.request', callbackId: 'cb1', ref: 'callback.claim', outcome: null },
      { type: 'callback.request', callbackId: 'cb2', ref: 'callback.claim', outcome: null },
      { type: 'callback.failed', ref: 'callback.claim', message: 'Already claimed by Bruno.' },
    ]);
    expect(state.callbackRequests.cb1).toMatchObject({ status: 'failed', error: 'Already claimed by Bruno.' });
    expect(state.callbackRequests.cb2?.status).toBe('sending');
    state = reduce(state, {
      type: 'callback.upsert',
      callback: callback({ id: 'cb2', state: 'claimed', claimedById: 'a1', updatedAt: '2025-07-10T12:00:00.000Z' }),
    });
    expect(state.callbackRequests.cb2).toBeUndefined();
    state = reduce(state, { type: 'callback.dismissError', callbackId: 'cb1' });
    expect(state.callbackRequests).toEqual({});
  });

  it('forgets requests in flight on a new welcome (their answers will not come) but keeps refusals on screen', () => {
    const state = run([
      welcome([maria, callback({ id: 'cb2' })]),
      { type: 'callback.request', callbackId: 'cb1', ref: 'callback.outcome', outcome: 'reached' },
      { type: 'callback.request', callbackId: 'cb2', ref: 'callback.claim', outcome: null },
      { type: 'callback.failed', ref: 'callback.claim', message: 'No.' },
      welcome([maria]),
    ]);
    expect(Object.keys(state.callbackRequests)).toEqual(['cb2']);
  });

  it('stores the free times offered to reschedule and settles the slots request', () => {
    const slots = [{ start: '2025-07-11T13:00:00.000Z', end: '2025-07-11T13:15:00.000Z', remaining: 2 }];
    const state = run([
      welcome([maria]),
      { type: 'callback.request', callbackId: 'cb1', ref: 'callback.slots', outcome: null },
      { type: 'callback.slots', callbackId: 'cb1', slots, siteTimeZone: 'Europe/Lisbon' },
    ]);
    expect(state.rescheduleSlots).toEqual({ callbackId: 'cb1', slots, siteTimeZone: 'Europe/Lisbon' });
    expect(state.callbackRequests).toEqual({});
  });

  it("holds the contact's callbacks from a conversation detail, and finds the call for the open conversation", () => {
    const old = callback({ id: 'old', conversationId: 'c1', state: 'done', outcome: 'reached', createdAt: '2025-06-01T09:00:00.000Z' });
    const context = { contact: { id: 'v1', name: 'Maria', email: null, phone: null, orderNumber: null }, page: null, locale: 'en' as const, timeZone: null, userAgent: null, past: [], callbacks: [old] };
    let state = run([
      welcome([maria]),
      {
        type: 'conversation.detail',
        conversation: summary({ id: 'c1', status: 'callback' }),
        messages: [],
        resumed: false,
        handoff: null,
        notes: [],
        context,
      },
    ]);
    expect(state.callbacks.old).toEqual(old);
    // Not picked: the open call of that conversation.
    expect(selectCallbackFor(state, 'c1')?.id).toBe('cb1');
    state = run([{ type: 'callback.select', callbackId: 'old' }, { type: 'conversation.open', conversationId: 'c1' }], state);
    expect(selectCallbackFor(state, 'c1')?.id).toBe('old');
    // Opening another conversation lets go of the pick.
    state = reduce(state, { type: 'conversation.open', conversationId: 'c2' });
    expect(state.selectedCallbackId).toBeNull();
    expect(selectCallbackFor(state, 'c2')).toBeNull();
  });

  it('shows the side panel its callbacks with the newest copy held live', () => {
    const listed = { ...maria, updatedAt: '2025-07-10T09:00:00.000Z' };
    const state = run([welcome([{ ...maria, state: 'claimed', claimedById: 'a1' }])]);
    expect(selectFreshCallbacks(state, [listed, callback({ id: 'gone' })]).map((c) => [c.id, c.state])).toEqual([
      ['cb1', 'claimed'],
      ['gone', 'booked'],
    ]);
  });

  it("lists conversations waiting for a call in none of the inbox's lists", () => {
    const state = run([
      welcome([]),
      { type: 'conversation.upsert', conversation: summary({ id: 'c1', status: 'callback', assignedAgentId: 'a1' }) },
      { type: 'conversation.upsert', conversation: summary({ id: 'c2', status: 'live', assignedAgentId: 'a1' }) },
    ]);
    const sections = selectSections(state, 'a1');
    expect(Object.values(sections).flat().map((c) => c.id)).toEqual(['c2']);
    expect(selectListOrder(state, 'a1')).toEqual(['c2']);
  });
});

describe('callback notifications', () => {
  it('notifies a callback coming due once, and clicking opens it', () => {
    const store = createStore(run([welcome([]), presence('online')]));
    const shown: { note: Note; onClick: (() => void) | undefined }[] = [];
    const notifier: Notifier = { permission: () => 'granted', request: async () => 'granted', show: (note, onClick) => shown.push({ note, onClick }) };
    let beeps = 0;
    const opened: string[] = [];
    const dispose = watchArrivals(store, notifier, { enable: () => {}, enabled: () => true, beep: () => (beeps += 1) }, (id) => opened.push(id));
    store.dispatch({ type: 'callback.due', callback: maria });
    expect(shown.map((s) => s.note)).toEqual([{ title: 'Callback due', body: 'Maria +55 11 98765-4321', tag: 'ponte-callback-cb1', callbackId: 'cb1' }]);
    expect(beeps).toBe(1);
    shown[0]?.onClick?.();
    expect(opened).toEqual(['cb1']);
    // Any other change is not news.
    store.dispatch({ type: 'alert.add', code: 'x', message: 'Something else' });
    expect(shown).toHaveLength(1);
    dispose();
  });

  it('does not notify while I am away', () => {
    const before = run([welcome([]), presence('away')]);
    expect(dueCallbacks(before, reduce(before, { type: 'callback.due', callback: maria }))).toEqual([]);
  });
});
