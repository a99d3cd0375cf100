import { describe, expect, it } from 'vitest';
import { answers, groupCallbacks, mergeCallbacks, oldestSending, type CallbackRequest } from './callbacks';
import { callbackStatusText, describeEvent, formatSlot, statusLabels, theirTime } from './format';
import { callback } from './testing';
import { dayKey, nextDayKey } from './zoned';

const Lisbon = 'Europe/Lisbon';
const SaoPaulo = 'America/Sao_Paulo';

/**
 * Ana works from Lisbon; the visitor is in São Paulo. At 22:30 UTC on 10 July it is 23:30 in
 * Lisbon (summer time, UTC+1) and 19:30 in São Paulo (UTC−3): Lisbon's midnight falls at 23:00 UTC.
 */
const now = new Date('2025-07-10T22:30:00.000Z');
const calls = [
  callback({ id: 'due', start: '2025-07-10T22:00:00.000Z' }),
  callback({ id: 'late-due', start: '2025-07-10T22:30:00.000Z' }),
  callback({ id: 'tonight', start: '2025-07-10T22:45:00.000Z' }),
  // 00:15 on Friday in Lisbon, still 20:15 on Thursday in São Paulo and still the 10th in UTC.
  callback({ id: 'after-midnight', start: '2025-07-10T23:15:00.000Z' }),
  callback({ id: 'next-week', start: '2025-07-17T13:00:00.000Z' }),
  callback({ id: 'mine', state: 'claimed', claimedById: 'a1', claimedByName: 'Ana', start: '2025-07-10T21:00:00.000Z' }),
  callback({ id: 'mine-early', state: 'claimed', claimedById: 'a1', claimedByName: 'Ana', start: '2025-07-11T09:00:00.000Z' }),
  callback({ id: 'bruno', state: 'claimed', claimedById: 'a2', claimedByName: 'Bruno', start: '2025-07-10T21:30:00.000Z' }),
  callback({ id: 'missed-late', state: 'missed', start: '2025-07-10T20:00:00.000Z' }),
  callback({ id: 'missed-early', state: 'missed', start: '2025-07-10T18:00:00.000Z' }),
  callback({ id: 'done', state: 'done', outcome: 'reached', updatedAt: '2025-07-10T21:00:00.000Z' }),
  callback({ id: 'cancelled', state: 'cancelled', updatedAt: '2025-07-10T22:00:00.000Z' }),
];
const ids = (list: { id: string }[]) => list.map((c) => c.id);

describe('groupCallbacks', () => {
  it('sorts an agent in Lisbon: due now with my claimed calls first, today and later by Lisbon days', () => {
    const groups = groupCallbacks(calls, 'a1', now, Lisbon);
    expect(ids(groups.dueNow)).toEqual(['mine', 'mine-early', 'due', 'late-due']);
    expect(ids(groups.today)).toEqual(['tonight']);
    expect(ids(groups.upcoming)).toEqual(['after-midnight', 'next-week']);
    expect(ids(groups.missed)).toEqual(['missed-early', 'missed-late']);
    expect(ids(groups.teammates)).toEqual(['bruno']);
    expect(ids(groups.finished)).toEqual(['cancelled', 'done']);
  });

  it("uses the agent's zone, not UTC nor the visitor's: the same call is today for an agent in São Paulo", () => {
    const groups = groupCallbacks(calls, 'a1', now, SaoPaulo);
    expect(ids(groups.today)).toEqual(['tonight', 'after-midnight']);
    expect(ids(groups.upcoming)).toEqual(['next-week']);
  });

  it('follows daylight saving time: in January Lisbon is on UTC, so 23:15 UTC is still today', () => {
    const winter = [callback({ id: 'late', start: '2025-01-15T23:15:00.000Z' }), callback({ id: 'after', start: '2025-01-16T00:05:00.000Z' })];
    const groups = groupCallbacks(winter, 'a1', new Date('2025-01-15T22:30:00.000Z'), Lisbon);
    expect(ids(groups.today)).toEqual(['late']);
    expect(ids(groups.upcoming)).toEqual(['after']);
  });

  it("lists another agent's claim under teammates, and a call claimed by me under due now whatever its time", () => {
    const bruno = callback({ id: 'x', state: 'claimed', claimedById: 'a2', start: '2025-07-20T10:00:00.000Z' });
    expect(ids(groupCallbacks([bruno], 'a1', now, Lisbon).teammates)).toEqual(['x']);
    expect(ids(groupCallbacks([bruno], 'a2', now, Lisbon).dueNow)).toEqual(['x']);
  });
});

describe('zoned days', () => {
  it('keys calendar days in a zone and steps over a 25-hour day', () => {
    expect(dayKey(new Date('2025-07-10T23:15:00.000Z'), Lisbon)).toBe('2025-07-11');
    expect(dayKey(new Date('2025-07-10T23:15:00.000Z'), SaoPaulo)).toBe('2025-07-10');
    // 26 October 2025: Lisbon falls back, the day has 25 hours; 00:30 + 24 h is still the 26th.
    const startOfLongDay = new Date('2025-10-25T23:30:00.000Z');
    expect(dayKey(startOfLongDay, Lisbon)).toBe('2025-10-26');
    expect(nextDayKey(startOfLongDay, Lisbon)).toBe('2025-10-27');
    expect(nextDayKey(new Date('2025-12-31T12:00:00.000Z'), Lisbon)).toBe('2026-01-01');
  });
});

describe('callback text', () => {
  it("shows the slot on the agent's clock: today, tomorrow, or a date", () => {
    expect(formatSlot('2025-07-10T22:45:00.000Z', now, Lisbon, 'en-GB')).toBe('Today 23:45');
    expect(formatSlot('2025-07-10T23:15:00.000Z', now, Lisbon, 'en-GB')).toBe('Tomorrow 00:15');
    expect(formatSlot('2025-07-10T23:15:00.000Z', now, SaoPaulo, 'en-GB')).toBe('Today 20:15');
    expect(formatSlot('2025-07-17T13:00:00.000Z', now, Lisbon, 'en-GB')).toBe('Thu 17 Jul, 14:00');
  });

  it("shows the customer's clock at the slot, with the weekday when their day is not the agent's", () => {
    expect(theirTime('2025-07-10T22:45:00.000Z', SaoPaulo, Lisbon, 'en-GB')).toBe('19:45 their time (America/Sao_Paulo)');
    expect(theirTime('2025-07-10T23:15:00.000Z', SaoPaulo, Lisbon, 'en-GB')).toBe('Thu 20:15 their time (America/Sao_Paulo)');
    expect(theirTime('2025-07-10T23:15:00.000Z', null, Lisbon)).toBeNull();
    expect(theirTime('2025-07-10T23:15:00.000Z', 'Not/AZone', Lisbon)).toBeNull();
  });

  it('says who has the call, how it ended and how many tries it took', () => {
    expect(callbackStatusText(callback({ id: 'c', state: 'claimed', claimedById: 'a1' }), 'a1')).toBe('Claimed by you');
    expect(callbackStatusText(callback({ id: 'c', state: 'claimed', claimedById: 'a2', claimedByName: 'Bruno' }), 'a1')).toBe('Claimed by Bruno');
    expect(callbackStatusText(callback({ id: 'c', state: 'done', outcome: 'reached', attempts: 2 }), 'a1')).toBe('Done · Reached · 2 attempts');
    expect(callbackStatusText(callback({ id: 'c', state: 'booked', outcome: 'rescheduled' }), 'a1')).toBe('Booked · Rescheduled');
  });

  it('labels the callback status and its transcript events', () => {
    expect(statusLabels.callback).toBe('Callback');
    expect(describeEvent({ kind: 'status', from: 'queued', to: 'callback', reason: 'nobody online', code: 'callback_booked' }, null)).toBe(
      'Callback booked — nobody online',
    );
    expect(describeEvent({ kind: 'status', from: 'callback', to: 'callback', reason: '', code: 'callback_claimed' }, 'Ana')).toBe(
      'Ana claimed the callback',
    );
    expect(describeEvent({ kind: 'status', from: 'callback', to: 'closed', reason: 'reached', code: 'callback_done' }, 'Ana')).toBe(
      'Callback done — reached',
    );
  });
});

describe('mergeCallbacks', () => {
  it('upserts by id, never lets an older copy win, and returns the same record when nothing changed', () => {
    const v1 = callback({ id: 'c', state: 'booked', updatedAt: '2025-07-10T10:00:00.000Z' });
    const v2 = callback({ id: 'c', state: 'claimed', claimedById: 'a1', updatedAt: '2025-07-10T10:05:00.000Z' });
    const held = mergeCallbacks({}, [v2]);
    expect(mergeCallbacks(held, [v1])).toBe(held);
    expect(mergeCallbacks(held, [v2])).toBe(held);
    const later = callback({ id: 'c', state: 'done', outcome: 'reached', updatedAt: '2025-07-10T10:09:00.000Z' });
    expect(mergeCallbacks(held, [later]).c?.state).toBe('done');
  });
});

describe('request matching', () => {
  const request = (ref: CallbackRequest['ref'], order: number): CallbackRequest => ({ ref, outcome: null, status: 'sending', error: null, order });

  it('a claim is answered when the call is claimed by me; an outcome when it leaves my hands', () => {
    const mine = callback({ id: 'c', state: 'claimed', claimedById: 'a1' });
    expect(answers(request('callback.claim', 1), mine, 'a1')).toBe(true);
    expect(answers(request('callback.claim', 1), callback({ id: 'c', state: 'claimed', claimedById: 'a2' }), 'a1')).toBe(false);
    expect(answers(request('callback.outcome', 1), mine, 'a1')).toBe(false);
    expect(answers(request('callback.outcome', 1), callback({ id: 'c', state: 'booked', attempts: 1 }), 'a1')).toBe(true);
  });

  it('an error answers the oldest request of its kind still in flight', () => {
    const requests = {
      late: request('callback.claim', 5),
      early: request('callback.claim', 2),
      outcome: request('callback.outcome', 1),
      failed: { ...request('callback.claim', 0), status: 'failed' as const },
    };
    expect(oldestSending(requests, 'callback.claim')).toBe('early');
    expect(oldestSending(requests, 'callback.slots')).toBeNull();
  });
});
