import { DEFAULT_LIMITS } from '../../server/security/limits';
import ICAL from 'ical.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/security/password';
import { createAgent } from '../../server/store/agents';
import { takeSlot } from '../../server/store/callbacks';
import { createContactWithToken } from '../../server/store/contacts';
import { type FrameOf, TestClient, isType, statusTo, errorFor } from '../support/client';
import { signIn, startTestPonte, type TestPonte } from '../support/ponte';

type Slot = { start: string; end: string; remaining: number };

const PHONE = '912 345 678'; // a Portuguese mobile, national format
const PHONE_E164 = '+351912345678';

let ponte: TestPonte;
let adminCookie: string;

/** Every day, all day, in UTC: slots of 30 minutes from the next half hour on. */
const openAllWeek = (overrides: { callback?: Record<string, unknown>; holidays?: string[]; timeZone?: string } = {}) => {
  const day = [{ open: '00:00', close: '24:00' }];
  return {
    timeZone: overrides.timeZone ?? 'UTC',
    weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
    holidays: overrides.holidays ?? [],
    callback: {
      enabled: true,
      slotMinutes: 30,
      bufferMinutes: 0,
      minNoticeMinutes: 0,
      daysAhead: 3,
      capacity: 2,
      longWaitSeconds: 300,
      countries: [],
      ...overrides.callback,
    },
  };
};

async function putHours(hours: unknown): Promise<Response> {
  return fetch(`${ponte.url}/api/sites/demo/hours`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', cookie: adminCookie },
    body: JSON.stringify(hours),
  });
}

async function visitor() {
  const { client, welcome } = await TestClient.visitor(ponte.url);
  return { client, welcome, contactId: welcome.contactId };
}

async function slotsOf(client: TestClient): Promise<Slot[]> {
  client.send({ type: 'callback.slots' });
  return (await client.next(isType('callback.slots'))).slots;
}

const bookingOf = (f: FrameOf<'callback.updated' | 'callback.due'>) => f.callback;

async function countCallbacks(): Promise<number> {
  const row = await ponte.db.selectFrom('callbacks').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

beforeAll(async () => {
  // Every visitor here comes from 127.0.0.1: the per-address caps have their own tests (hardening.test.ts).
  ponte = await startTestPonte({ callbacks: { sweepMs: 60_000 }, limits: { ...DEFAULT_LIMITS, bookingsPerIp: 10_000, newVisitorsPerIp: 10_000 } });
  adminCookie = await signIn(ponte.url);
  await createAgent(ponte.db, { email: 'bea@example.com', name: 'Bea', passwordHash: await hashPassword('bea-password', 1024), role: 'agent' }, new Date());
});
afterAll(async () => {
  await ponte.stop();
});
beforeEach(async () => {
  // Each test starts with no bookings and the site open all week.
  await ponte.db.deleteFrom('callbacks').execute();
  expect((await putHours(openAllWeek())).status).toBe(200);
});

describe('callbacks', () => {
  it('books a call: the slot, the transcript, the calendar file, the agents, and one place fewer', async () => {
    const agent = await TestClient.agent(ponte.url, adminCookie);
    expect(agent.welcome.callbacks).toEqual([]);
    const { client, welcome } = await visitor();
    expect(welcome).toMatchObject({ callbacksEnabled: true, openNow: true, opensAt: null, callback: null });

    const slots = await slotsOf(client);
    // Today's rest and two whole days of half hours: at least 96 whatever the hour the test runs (UTC).
    expect(slots.length).toBeGreaterThanOrEqual(96);
    const slot = slots[2] as Slot;
    expect(slot.remaining).toBe(2);
    client.send({ type: 'callback.book', slotStart: slot.start, phone: PHONE, country: 'PT', note: 'About order 1042, mornings please' });

    const updated = await client.next(isType('callback.updated'));
    const booked = bookingOf(updated);
    expect(booked).toMatchObject({ start: slot.start, end: slot.end, state: 'booked', phone: PHONE_E164, phoneDisplay: '+351 912 345 678', note: 'About order 1042, mornings please' });
    const event = await client.next(statusTo('callback'));
    expect(event.message.event?.code).toBe('callback_booked');
    const summary = await client.waitFor('conversation.updated', (f) => f.conversation.status === 'callback');
    expect(summary.conversation.id).toBe(booked.conversationId);

    // The calendar file, read by an independent parser.
    const vevent = new ICAL.Component(ICAL.parse(updated.ics as string)).getFirstSubcomponent('vevent');
    expect(vevent).not.toBeNull();
    const ev = new ICAL.Event(vevent as ICAL.Component);
    expect(ev.startDate.toJSDate().toISOString()).toBe(slot.start);
    expect(ev.endDate.toJSDate().toISOString()).toBe(slot.end);
    expect(ev.uid).toBe(`${booked.id}@ponte`);
    expect(ev.description).toContain('+351 912 345 678');

    // Agents hear of it, with no calendar file, and the place is taken.
    const toAgent = await agent.client.waitFor('callback.updated', (f) => bookingOf(f).id === booked.id);
    expect(toAgent.ics).toBeUndefined();
    const after = await slotsOf(client);
    expect(after.find((s) => s.start === slot.start)?.remaining).toBe(1);

    // A reload finds the booking in the welcome.
    const again = await TestClient.visitor(ponte.url, { token: welcome.token });
    expect(again.welcome.callback?.callback.id).toBe(booked.id);
    for (const c of [client, again.client, agent.client]) await c.close();
  });

  it('moves and cancels a booking; the calendar file follows with a higher SEQUENCE and STATUS:CANCELLED', async () => {
    const { client } = await visitor();
    const slots = await slotsOf(client);
    client.send({ type: 'callback.book', slotStart: (slots[1] as Slot).start, phone: `+351 ${PHONE}` });
    const booked = bookingOf(await client.next(isType('callback.updated')));

    // A second booking while one is active is refused; moving is the way.
    client.send({ type: 'callback.book', slotStart: (slots[3] as Slot).start, phone: PHONE, country: 'PT' });
    expect((await client.next(errorFor('callback.book'))).code).toBe('conflict');
    client.send({ type: 'callback.book', slotStart: (slots[3] as Slot).start, phone: PHONE, country: 'PT', moveId: booked.id });
    const moved = await client.next(isType('callback.updated'));
    expect(bookingOf(moved)).toMatchObject({ id: booked.id, start: (slots[3] as Slot).start, state: 'booked' });
    const movedEvent = new ICAL.Component(ICAL.parse(moved.ics as string)).getFirstSubcomponent('vevent') as ICAL.Component;
    expect(movedEvent.getFirstPropertyValue('sequence')).toBe(1);
    expect((await client.waitFor('message.new', (f) => statusTo('callback')(f) && f.message.event?.code === 'callback_moved')).message.event?.from).toBe('callback');

    client.send({ type: 'callback.cancel', callbackId: booked.id });
    const cancelled = await client.waitFor('callback.updated', (f) => bookingOf(f).state === 'cancelled');
    const cancelledEvent = new ICAL.Component(ICAL.parse(cancelled.ics as string)).getFirstSubcomponent('vevent') as ICAL.Component;
    expect(cancelledEvent.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(cancelledEvent.getFirstPropertyValue('sequence')).toBe(2);
    await client.next(statusTo('bot'));
    // The place is free again and a second cancel is refused.
    expect((await slotsOf(client)).find((s) => s.start === (slots[3] as Slot).start)?.remaining).toBe(2);
    client.send({ type: 'callback.cancel', callbackId: booked.id });
    expect((await client.next(errorFor('callback.cancel'))).code).toBe('invalid_state');
    await client.close();
  });

  it('gives exactly two of 50 simultaneous bookings the last two places of a slot; the others are told and shown free times', async () => {
    const visitors = await Promise.all(Array.from({ length: 50 }, () => visitor()));
    const slots = await slotsOf(visitors[0]!.client);
    const target = (slots[5] as Slot).start;
    // Fifty people, fifty numbers (one number can hold only one booking).
    visitors.forEach((v, i) => v.client.send({ type: 'callback.book', slotStart: target, phone: `91234${String(5600 + i)}`, country: 'PT' }));
    const results = await Promise.all(
      visitors.map(async (v) => (await v.client.next((f) => f.type === 'callback.updated' || errorFor('callback.book')(f), 15_000))),
    );
    const winners = results.filter((f) => f.type === 'callback.updated');
    const losers = results.filter((f) => f.type === 'error');
    expect(winners).toHaveLength(2);
    expect(losers).toHaveLength(48);
    expect(new Set(losers.map((f) => f.code))).toEqual(new Set(['slot_full']));
    // A loser is shown the free times, and the full slot is not among them.
    const loser = visitors[results.findIndex((f) => f.type === 'error')]!;
    const fresh = (await loser.client.next(isType('callback.slots'))).slots;
    // The free times are the ones offered before, less the full one (the first may have passed meanwhile).
    const stillFree = slots.slice(1).map((s) => s.start).filter((start) => start !== target);
    expect(fresh.map((s) => s.start)).toEqual(expect.arrayContaining(stillFree));
    expect(fresh.some((s) => s.start === target)).toBe(false);
    const stored = await ponte.db.selectFrom('callbacks').select('state').where('slot_start', '=', target).execute();
    expect(stored).toHaveLength(2);
    await Promise.all(visitors.map((v) => v.client.close()));
  });

  it('takes a slot atomically in the store: 50 concurrent takes of a capacity-2 slot, with no pre-check, leave exactly 2', async () => {
    // The socket test above also passes through the rules check; this one hits the transaction alone,
    // so it fails if the count-and-insert ever stops being atomic.
    const { client, contactId } = await visitor();
    client.send({ type: 'message.send', clientMsgId: 'hello', text: 'hello' });
    const conversationId = (await client.next(isType('message.ack'))).conversationId;
    const start = new Date(Date.now() + 48 * 60 * 60_000).toISOString();
    const end = new Date(Date.parse(start) + 30 * 60_000).toISOString();
    const booking = { siteKey: 'demo', conversationId, contactId, start, end, phoneE164: PHONE_E164, phoneDisplay: '+351 912 345 678', note: null, timeZone: null };
    // Fifty contacts and numbers: one of each can hold only one booking.
    const contacts = await Promise.all(Array.from({ length: 50 }, () => createContactWithToken(ponte.db, 'demo', new Date())));
    const results = await Promise.allSettled(
      contacts.map((c, i) => takeSlot(ponte.db, { ...booking, contactId: c.contactId, phoneE164: `+35191234${5600 + i}` }, 2, new Date())),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    const reasons = results.flatMap((r) => (r.status === 'rejected' ? [(r.reason as { code?: string }).code] : []));
    expect(reasons).toEqual(Array.from({ length: 48 }, () => 'slot_full'));
    expect(await ponte.db.selectFrom('callbacks').select('id').where('slot_start', '=', start).execute()).toHaveLength(2);
    await client.close();
  });

  it('refuses bad bookings with a clear code and books nothing', async () => {
    await putHours(openAllWeek({ callback: { countries: ['PT'], daysAhead: 2 } }));
    const { client, contactId } = await visitor();
    const slots = await slotsOf(client);
    const first = slots[0] as Slot;
    const book = async (input: Record<string, unknown>) => {
      client.send({ type: 'callback.book', phone: PHONE, country: 'PT', slotStart: first.start, ...input });
      return client.next((f) => errorFor('callback.book')(f) || f.type === 'callback.updated');
    };
    const halfHour = 30 * 60_000;
    const cases: Array<[string, Record<string, unknown>]> = [
      ['slot_in_past', { slotStart: new Date(Date.parse(first.start) - 4 * halfHour).toISOString() }],
      ['beyond_horizon', { slotStart: new Date(Date.parse(first.start) + 5 * 24 * 60 * 60_000).toISOString() }],
      ['no_such_slot', { slotStart: new Date(Date.parse(first.start) + 7 * 60_000).toISOString() }],
      ['no_such_slot', { slotStart: 'next tuesday' }],
      ['invalid_phone', { phone: '12' }],
      ['invalid_phone', { phone: 'call me maybe' }],
      ['phone_country_not_served', { phone: '+55 11 98765-4321', country: 'BR' }],
    ];
    for (const [code, input] of cases) {
      const answer = await book(input);
      expect(answer, `${code} for ${JSON.stringify(input)}`).toMatchObject({ type: 'error', code, message: expect.any(String) });
    }
    // Malformed frames: the schema speaks first.
    client.send({ type: 'callback.book', slotStart: first.start });
    expect((await client.next(errorFor('callback.book'))).code).toBe('invalid_frame');
    client.send({ type: 'callback.book', slotStart: first.start, phone: '9'.repeat(40) });
    expect((await client.next(errorFor('callback.book'))).code).toBe('invalid_frame');
    // Agent-only frames.
    client.send({ type: 'callback.claim', callbackId: 'x' });
    expect((await client.next(errorFor('callback.claim'))).code).toBe('forbidden');
    expect(await countCallbacks()).toBe(0);

    // Outside hours: today is a holiday.
    await putHours(openAllWeek({ holidays: [new Date().toISOString().slice(0, 10)] }));
    expect(await book({})).toMatchObject({ type: 'error', code: 'outside_hours' });
    // Switched off.
    await putHours(openAllWeek({ callback: { enabled: false } }));
    expect(await book({})).toMatchObject({ type: 'error', code: 'callbacks_disabled' });
    expect(await countCallbacks()).toBe(0);

    // Someone else's booking cannot be cancelled or moved.
    await putHours(openAllWeek());
    const other = await visitor();
    const otherSlots = await slotsOf(other.client);
    other.client.send({ type: 'callback.book', slotStart: (otherSlots[1] as Slot).start, phone: PHONE, country: 'PT' });
    const theirs = bookingOf(await other.client.next(isType('callback.updated')));
    client.send({ type: 'callback.cancel', callbackId: theirs.id });
    expect((await client.next(errorFor('callback.cancel'))).code).toBe('not_found');
    expect(await book({ moveId: theirs.id })).toMatchObject({ type: 'error', code: 'not_found' });
    const stillTheirs = await ponte.db.selectFrom('callbacks').selectAll().where('id', '=', theirs.id).executeTakeFirstOrThrow();
    expect(stillTheirs).toMatchObject({ state: 'booked', slot_start: theirs.start, contact_id: other.contactId });
    expect(await ponte.db.selectFrom('callbacks').selectAll().where('contact_id', '=', contactId).execute()).toEqual([]);
    await other.client.close();
    await client.close();
  });

  it('stops a flood of booking attempts from one visitor', async () => {
    const { client } = await visitor();
    for (let i = 0; i < 10; i++) {
      client.send({ type: 'callback.book', slotStart: 'garbage', phone: PHONE, country: 'PT' });
      expect((await client.next(errorFor('callback.book'))).code).toBe('no_such_slot');
    }
    const slots = await slotsOf(client);
    client.send({ type: 'callback.book', slotStart: (slots[0] as Slot).start, phone: PHONE, country: 'PT' });
    expect((await client.next(errorFor('callback.book'))).code).toBe('rate_limited');
    expect(await countCallbacks()).toBe(0);
    await client.close();
  });

  it('offers a call back outside business hours, in the bot message and the queue line', async () => {
    await putHours(openAllWeek({ holidays: [new Date().toISOString().slice(0, 10)] }));
    const agent = await TestClient.agent(ponte.url, adminCookie);
    const { client, welcome } = await visitor();
    expect(welcome).toMatchObject({ callbacksEnabled: true, openNow: false, agentsAvailable: false });
    expect(Date.parse(welcome.opensAt as string)).toBeGreaterThan(Date.now());
    client.send({ type: 'handoff.request' });
    const offer = await client.waitFor('message.new', (f) => f.message.author === 'bot');
    expect(offer.message.offerCallback).toBe(true);
    const queued = await client.next(statusTo('queued'));
    expect(queued.message.event?.code).toBe('callback_offered');
    const position = await client.next(isType('queue.position'));
    expect(position.offerCallback).toBe(true);
    // An agent is online, but the site is closed: visitors are never told someone is available.
    await client.barrier();
    expect(client.frames.filter((f) => f.type === 'site.availability' && f.agentsAvailable === true)).toEqual([]);
    // The hours open: the visitors of the site hear it without reloading.
    await putHours(openAllWeek());
    await client.waitFor('site.availability', (f) => f.agentsAvailable === true);
    await client.close();
    await agent.client.close();
  });

  it('lets an agent claim a call, alerts when it is due, and records every outcome in the transcript', async () => {
    const { client } = await visitor();
    client.send({ type: 'message.send', clientMsgId: 'm1', text: 'My lamp flickers, can someone call me?' });
    await client.next(isType('message.ack'));
    const slots = await slotsOf(client);
    client.send({ type: 'callback.book', slotStart: (slots[0] as Slot).start, phone: PHONE, country: 'PT' });
    const booked = bookingOf(await client.next(isType('callback.updated')));

    const ana = await TestClient.agent(ponte.url, adminCookie);
    const bea = await TestClient.agent(ponte.url, await signIn(ponte.url, 'bea@example.com', 'bea-password'));
    expect(ana.welcome.callbacks.map((c) => c.id)).toContain(booked.id);

    // Its time comes: agents are alerted once.
    await ponte.db.updateTable('callbacks').set({ due_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', booked.id).execute();
    await ponte.callbackSweeper.sweep();
    expect(bookingOf(await ana.client.next(isType('callback.due'))).id).toBe(booked.id);
    await ponte.callbackSweeper.sweep();
    await ana.client.barrier();
    expect(ana.client.frames.filter(isType('callback.due'))).toHaveLength(0);

    // The whole transcript is there for whoever calls.
    ana.client.send({ type: 'conversation.open', conversationId: booked.conversationId });
    const detail = await ana.client.next(isType('conversation.detail'));
    expect(detail.messages.some((m) => m.text === 'My lamp flickers, can someone call me?')).toBe(true);
    expect(detail.context.callbacks.map((c) => c.id)).toEqual([booked.id]);

    // One claim wins.
    ana.client.send({ type: 'callback.claim', callbackId: booked.id });
    await ana.client.waitFor('callback.updated', (f) => bookingOf(f).state === 'claimed');
    bea.client.send({ type: 'callback.claim', callbackId: booked.id });
    const refused = await bea.client.next(errorFor('callback.claim'));
    expect(refused.code).toBe('invalid_state');
    expect(refused.message).toContain('Admin');
    bea.client.send({ type: 'callback.outcome', callbackId: booked.id, outcome: 'reached' });
    expect((await bea.client.next(errorFor('callback.outcome'))).code).toBe('forbidden');

    // No answer → retry: back in the list, one attempt, due again later.
    ana.client.send({ type: 'callback.outcome', callbackId: booked.id, outcome: 'no_answer_retry', note: 'Voicemail, left a message' });
    const retry = await ana.client.waitFor('callback.updated', (f) => bookingOf(f).outcome === 'no_answer_retry');
    expect(bookingOf(retry)).toMatchObject({ state: 'booked', attempts: 1, claimedById: null });
    const note = await ana.client.next(isType('note.new'));
    expect(note.note.text).toContain('Voicemail, left a message');

    // Rescheduled by the agent: the visitor gets the new time and calendar file.
    ana.client.send({ type: 'callback.claim', callbackId: booked.id });
    await ana.client.waitFor('callback.updated', (f) => bookingOf(f).state === 'claimed');
    ana.client.send({ type: 'callback.slots', callbackId: booked.id });
    const agentSlots = (await ana.client.next(isType('callback.slots'))).slots;
    const later = agentSlots[4] as Slot;
    ana.client.send({ type: 'callback.outcome', callbackId: booked.id, outcome: 'rescheduled', slotStart: later.start });
    const rescheduled = await client.waitFor('callback.updated', (f) => bookingOf(f).start === later.start);
    expect(bookingOf(rescheduled)).toMatchObject({ state: 'booked', outcome: 'rescheduled' });
    expect(rescheduled.ics).toContain('SEQUENCE:1');

    // Reached: done, and the conversation is closed.
    ana.client.send({ type: 'callback.claim', callbackId: booked.id });
    await ana.client.waitFor('callback.updated', (f) => bookingOf(f).state === 'claimed');
    ana.client.send({ type: 'callback.outcome', callbackId: booked.id, outcome: 'reached' });
    await client.waitFor('callback.updated', (f) => bookingOf(f).state === 'done');
    await client.next(statusTo('closed'));

    const codes = (
      await ponte.db.selectFrom('messages').select('event').where('conversation_id', '=', booked.conversationId).where('event', 'is not', null).orderBy('seq').execute()
    ).map((m) => (JSON.parse(m.event as string) as { code?: string }).code);
    expect(codes.filter((c) => c?.startsWith('callback_'))).toEqual([
      'callback_booked',
      'callback_claimed',
      'callback_retry',
      'callback_claimed',
      'callback_rescheduled',
      'callback_claimed',
      'callback_done',
    ]);
    for (const c of [client, ana.client, bea.client]) await c.close();
  });

  it('marks a call nobody claimed as missed, in the transcript too; the visitor can still move it, an agent can still claim it', async () => {
    const { client, welcome } = await visitor();
    const slots = await slotsOf(client);
    client.send({ type: 'callback.book', slotStart: (slots[0] as Slot).start, phone: PHONE, country: 'PT' });
    const booked = bookingOf(await client.next(isType('callback.updated')));
    const agent = await TestClient.agent(ponte.url, adminCookie);
    await ponte.db.updateTable('callbacks').set({ due_at: new Date(Date.now() - 2 * 60 * 60_000).toISOString() }).where('id', '=', booked.id).execute();
    await ponte.callbackSweeper.sweep();
    await agent.client.waitFor('callback.updated', (f) => bookingOf(f).id === booked.id && bookingOf(f).state === 'missed');
    const missedLine = await client.waitFor('message.new', (f) => statusTo('callback')(f) && f.message.event?.code === 'callback_missed');
    expect(missedLine.message.event?.reason).toContain('missed');

    // Still the visitor's open booking: in the welcome, a new booking is refused, moving it works.
    const again = await TestClient.visitor(ponte.url, { token: welcome.token });
    expect(again.welcome.callback?.callback).toMatchObject({ id: booked.id, state: 'missed' });
    again.client.send({ type: 'callback.book', slotStart: (slots[2] as Slot).start, phone: PHONE, country: 'PT' });
    expect((await again.client.next(errorFor('callback.book'))).code).toBe('conflict');
    again.client.send({ type: 'callback.book', slotStart: (slots[2] as Slot).start, phone: PHONE, country: 'PT', moveId: booked.id });
    expect(bookingOf(await again.client.next(isType('callback.updated')))).toMatchObject({ id: booked.id, state: 'booked', start: (slots[2] as Slot).start });

    // Missed again, and this time an agent claims it.
    await ponte.db.updateTable('callbacks').set({ due_at: new Date(Date.now() - 2 * 60 * 60_000).toISOString() }).where('id', '=', booked.id).execute();
    await ponte.callbackSweeper.sweep();
    await agent.client.waitFor('callback.updated', (f) => bookingOf(f).id === booked.id && bookingOf(f).state === 'missed');
    agent.client.send({ type: 'callback.claim', callbackId: booked.id });
    await agent.client.waitFor('callback.updated', (f) => bookingOf(f).state === 'claimed');
    expect(await countCallbacks()).toBe(1);
    for (const c of [client, again.client, agent.client]) await c.close();
  });

  it('protects a call in progress: the visitor cannot cancel or move it while an agent is calling', async () => {
    const { client } = await visitor();
    const slots = await slotsOf(client);
    client.send({ type: 'callback.book', slotStart: (slots[3] as Slot).start, phone: PHONE, country: 'PT' });
    const booked = bookingOf(await client.next(isType('callback.updated')));
    const agent = await TestClient.agent(ponte.url, adminCookie);
    agent.client.send({ type: 'callback.claim', callbackId: booked.id });
    await client.waitFor('callback.updated', (f) => bookingOf(f).state === 'claimed');

    client.send({ type: 'callback.cancel', callbackId: booked.id });
    const refused = await client.next(errorFor('callback.cancel'));
    expect(refused).toMatchObject({ code: 'invalid_state' });
    expect(refused.message).toContain('Admin is calling you now');
    client.send({ type: 'callback.book', slotStart: (slots[5] as Slot).start, phone: PHONE, country: 'PT', moveId: booked.id });
    expect((await client.next(errorFor('callback.book'))).code).toBe('invalid_state');
    expect(await ponte.db.selectFrom('callbacks').select(['state', 'slot_start', 'claimed_by']).where('id', '=', booked.id).executeTakeFirstOrThrow()).toMatchObject({
      state: 'claimed',
      slot_start: booked.start,
    });

    // Claimed before its time, no answer: due again at the chosen time, not earlier.
    agent.client.send({ type: 'callback.outcome', callbackId: booked.id, outcome: 'no_answer_retry' });
    await agent.client.waitFor('callback.updated', (f) => bookingOf(f).outcome === 'no_answer_retry');
    const row = await ponte.db.selectFrom('callbacks').select('due_at').where('id', '=', booked.id).executeTakeFirstOrThrow();
    expect(row.due_at).toBe(booked.start);

    // Rescheduling onto a full slot: told, and shown the free times for this call.
    agent.client.send({ type: 'callback.claim', callbackId: booked.id });
    await agent.client.waitFor('callback.updated', (f) => bookingOf(f).state === 'claimed');
    const full = (slots[7] as Slot).start;
    for (const n of ['911111111', '911111112']) {
      const other = await visitor();
      other.client.send({ type: 'callback.book', slotStart: full, phone: n, country: 'PT' });
      await other.client.next(isType('callback.updated'));
      await other.client.close();
    }
    agent.client.send({ type: 'callback.outcome', callbackId: booked.id, outcome: 'rescheduled', slotStart: full });
    expect((await agent.client.next(errorFor('callback.outcome'))).code).toBe('slot_full');
    const fresh = await agent.client.waitFor('callback.slots', (f) => f.callbackId === booked.id);
    expect(fresh.slots.some((s) => s.start === full)).toBe(false);
    expect((await ponte.db.selectFrom('callbacks').select('slot_start').where('id', '=', booked.id).executeTakeFirstOrThrow()).slot_start).toBe(booked.start);
    await client.close();
    await agent.client.close();
  });

  it('refuses a second booking for the same number, and a booking in the middle of a live chat', async () => {
    const first = await visitor();
    const slots = await slotsOf(first.client);
    first.client.send({ type: 'callback.book', slotStart: (slots[0] as Slot).start, phone: PHONE, country: 'PT' });
    await first.client.next(isType('callback.updated'));
    const second = await visitor();
    second.client.send({ type: 'callback.book', slotStart: (slots[1] as Slot).start, phone: `+351${PHONE}` });
    const refused = await second.client.next(errorFor('callback.book'));
    expect(refused).toMatchObject({ code: 'conflict' });
    expect(refused.message).toContain('phone number');

    const agent = await TestClient.agent(ponte.url, adminCookie);
    second.client.send({ type: 'handoff.request' });
    const queued = await second.client.next(statusTo('queued'));
    agent.client.send({ type: 'conversation.accept', conversationId: queued.message.conversationId });
    await second.client.next(statusTo('live'));
    second.client.send({ type: 'callback.book', slotStart: (slots[1] as Slot).start, phone: '911111113', country: 'PT' });
    const live = await second.client.next(errorFor('callback.book'));
    expect(live).toMatchObject({ code: 'invalid_state' });
    expect(live.message).toContain('Admin');
    expect(await ponte.db.selectFrom('callbacks').select('id').where('contact_id', '=', second.contactId).execute()).toEqual([]);
    for (const c of [first.client, second.client, agent.client]) await c.close();
  });

  it('validates business hours on the way in', async () => {
    const bad = await putHours({ ...openAllWeek(), timeZone: 'Mars/Olympus_Mons' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain('Mars/Olympus_Mons');
    const overlap = openAllWeek();
    overlap.weekly.mon = [{ open: '09:00', close: '12:00' }, { open: '11:00', close: '13:00' }];
    expect((await putHours(overlap)).status).toBe(400);
    const anonymous = await fetch(`${ponte.url}/api/sites/demo/hours`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(openAllWeek()) });
    expect(anonymous.status).toBe(401);
  });
});
