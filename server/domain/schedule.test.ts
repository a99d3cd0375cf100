import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { BusinessHours, DEFAULT_BUSINESS_HOURS, type TimeRange, checkSlot, generateSlots, isOpenAt, nextOpening } from './schedule';

type Weekly = BusinessHours['weekly'];

const NINE_TO_SIX: TimeRange[] = [{ open: '09:00', close: '18:00' }];
/** The fixture most cases start from: an office in Lisbon, Monday to Friday, 09:00–18:00. */
const OFFICE: BusinessHours = {
  ...DEFAULT_BUSINESS_HOURS,
  timeZone: 'Europe/Lisbon',
  weekly: { mon: NINE_TO_SIX, tue: NINE_TO_SIX, wed: NINE_TO_SIX, thu: NINE_TO_SIX, fri: NINE_TO_SIX, sat: [], sun: [] },
};

/** Builds hours through the schema, so every fixture is also a valid stored value. */
function hours(patch: {
  timeZone?: string;
  everyDay?: TimeRange[];
  weekly?: Partial<Weekly>;
  holidays?: string[];
  callback?: Partial<BusinessHours['callback']>;
}): BusinessHours {
  const base = OFFICE;
  const day = patch.everyDay;
  const weekly: Weekly =
    day === undefined ? { ...base.weekly, ...patch.weekly } : { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day, ...patch.weekly };
  return BusinessHours.parse({
    timeZone: patch.timeZone ?? base.timeZone,
    weekly,
    holidays: patch.holidays ?? base.holidays,
    callback: { ...base.callback, ...patch.callback },
  });
}

const none = new Map<string, number>();
const at = (iso: string) => new Date(iso);
const starts = (h: BusinessHours, now: string, booked: ReadonlyMap<string, number> = none) => generateSlots(h, at(now), booked).map((s) => s.start);

type ZoneCase = {
  name: string;
  timeZone: string;
  /** An instant on the target local date, at or before its first slot; daysAhead 1 keeps to that date. */
  now: string;
  ranges: TimeRange[];
  slotMinutes: number;
  bufferMinutes?: number;
  /** Every slot of the day as [start, end] in UTC, worked out by hand from the zone's rules. */
  slots: Array<[string, string]>;
  /** Instants that must not be slot starts (gap wall times, second occurrences). */
  absent: string[];
};

const zoneCases: ZoneCase[] = [
  {
    // Brazil's last DST start: at 00:00 (-03) clocks jumped to 01:00 (-02); midnight did not exist.
    name: 'America/Sao_Paulo 2018-11-04, midnight skipped',
    timeZone: 'America/Sao_Paulo',
    now: '2018-11-04T03:00:00.000Z',
    ranges: [{ open: '00:00', close: '03:00' }],
    slotMinutes: 30,
    slots: [
      ['2018-11-04T03:00:00.000Z', '2018-11-04T03:30:00.000Z'], // 01:00 -02
      ['2018-11-04T03:30:00.000Z', '2018-11-04T04:00:00.000Z'],
      ['2018-11-04T04:00:00.000Z', '2018-11-04T04:30:00.000Z'],
      ['2018-11-04T04:30:00.000Z', '2018-11-04T05:00:00.000Z'], // 02:30 -02
    ],
    // 00:00 and 00:30 never happened: four slots, not six, and none before 03:00Z.
    absent: ['2018-11-04T02:00:00.000Z', '2018-11-04T02:30:00.000Z'],
  },
  {
    // DST end: at 2018-02-18 00:00 (-02) clocks went back to 2018-02-17 23:00 (-03).
    name: 'America/Sao_Paulo 2018-02-17, 23:00–24:00 twice',
    timeZone: 'America/Sao_Paulo',
    now: '2018-02-17T12:00:00.000Z',
    ranges: [{ open: '22:00', close: '24:00' }],
    slotMinutes: 30,
    slots: [
      ['2018-02-18T00:00:00.000Z', '2018-02-18T00:30:00.000Z'], // 22:00 -02
      ['2018-02-18T00:30:00.000Z', '2018-02-18T01:00:00.000Z'],
      ['2018-02-18T01:00:00.000Z', '2018-02-18T01:30:00.000Z'], // 23:00 -02, the first one
      ['2018-02-18T01:30:00.000Z', '2018-02-18T02:00:00.000Z'],
    ],
    absent: ['2018-02-18T02:00:00.000Z', '2018-02-18T02:30:00.000Z'], // 23:00/23:30 -03
  },
  {
    name: 'America/Sao_Paulo 2026-03-02, plain UTC-3',
    timeZone: 'America/Sao_Paulo',
    now: '2026-03-02T03:00:00.000Z',
    ranges: [{ open: '09:00', close: '12:00' }],
    slotMinutes: 30,
    slots: [
      ['2026-03-02T12:00:00.000Z', '2026-03-02T12:30:00.000Z'],
      ['2026-03-02T12:30:00.000Z', '2026-03-02T13:00:00.000Z'],
      ['2026-03-02T13:00:00.000Z', '2026-03-02T13:30:00.000Z'],
      ['2026-03-02T13:30:00.000Z', '2026-03-02T14:00:00.000Z'],
      ['2026-03-02T14:00:00.000Z', '2026-03-02T14:30:00.000Z'],
      ['2026-03-02T14:30:00.000Z', '2026-03-02T15:00:00.000Z'],
    ],
    absent: ['2026-03-02T09:00:00.000Z'],
  },
  {
    // 01:00 WET → 02:00 WEST.
    name: 'Europe/Lisbon 2026-03-29, spring forward',
    timeZone: 'Europe/Lisbon',
    now: '2026-03-29T00:00:00.000Z',
    ranges: [{ open: '00:00', close: '04:00' }],
    slotMinutes: 30,
    slots: [
      ['2026-03-29T00:00:00.000Z', '2026-03-29T00:30:00.000Z'],
      ['2026-03-29T00:30:00.000Z', '2026-03-29T01:00:00.000Z'], // ends at 02:00 WEST: real time
      ['2026-03-29T01:00:00.000Z', '2026-03-29T01:30:00.000Z'], // 02:00 WEST
      ['2026-03-29T01:30:00.000Z', '2026-03-29T02:00:00.000Z'],
      ['2026-03-29T02:00:00.000Z', '2026-03-29T02:30:00.000Z'],
      ['2026-03-29T02:30:00.000Z', '2026-03-29T03:00:00.000Z'], // 03:30 WEST
    ],
    absent: [],
  },
  {
    name: 'Europe/Lisbon 2026-03-30, first WEST weekday',
    timeZone: 'Europe/Lisbon',
    now: '2026-03-29T23:00:00.000Z',
    ranges: [{ open: '09:00', close: '10:00' }],
    slotMinutes: 30,
    slots: [
      ['2026-03-30T08:00:00.000Z', '2026-03-30T08:30:00.000Z'],
      ['2026-03-30T08:30:00.000Z', '2026-03-30T09:00:00.000Z'],
    ],
    absent: ['2026-03-30T09:00:00.000Z'],
  },
  {
    // 02:00 WEST → 01:00 WET: 01:00–01:59 happens twice.
    name: 'Europe/Lisbon 2026-10-25, fall back',
    timeZone: 'Europe/Lisbon',
    now: '2026-10-24T23:00:00.000Z',
    ranges: [{ open: '00:00', close: '04:00' }],
    slotMinutes: 30,
    slots: [
      ['2026-10-24T23:00:00.000Z', '2026-10-24T23:30:00.000Z'], // 00:00 WEST
      ['2026-10-24T23:30:00.000Z', '2026-10-25T00:00:00.000Z'],
      ['2026-10-25T00:00:00.000Z', '2026-10-25T00:30:00.000Z'], // 01:00 WEST, first occurrence
      ['2026-10-25T00:30:00.000Z', '2026-10-25T01:00:00.000Z'],
      ['2026-10-25T02:00:00.000Z', '2026-10-25T02:30:00.000Z'], // 02:00 WET
      ['2026-10-25T02:30:00.000Z', '2026-10-25T03:00:00.000Z'],
      ['2026-10-25T03:00:00.000Z', '2026-10-25T03:30:00.000Z'],
      ['2026-10-25T03:30:00.000Z', '2026-10-25T04:00:00.000Z'],
    ],
    absent: ['2026-10-25T01:00:00.000Z', '2026-10-25T01:30:00.000Z'], // 01:00/01:30 WET
  },
  {
    // 02:00 EST → 03:00 EDT.
    name: 'America/New_York 2026-03-08, spring forward',
    timeZone: 'America/New_York',
    now: '2026-03-08T05:00:00.000Z',
    ranges: [{ open: '00:00', close: '05:00' }],
    slotMinutes: 60,
    slots: [
      ['2026-03-08T05:00:00.000Z', '2026-03-08T06:00:00.000Z'], // 00:00 EST
      ['2026-03-08T06:00:00.000Z', '2026-03-08T07:00:00.000Z'], // 01:00 EST, ends 03:00 EDT
      ['2026-03-08T07:00:00.000Z', '2026-03-08T08:00:00.000Z'], // 03:00 EDT
      ['2026-03-08T08:00:00.000Z', '2026-03-08T09:00:00.000Z'],
    ],
    absent: [],
  },
  {
    // 02:00 EDT → 01:00 EST.
    name: 'America/New_York 2026-11-01, fall back',
    timeZone: 'America/New_York',
    now: '2026-11-01T04:00:00.000Z',
    ranges: [{ open: '00:00', close: '04:00' }],
    slotMinutes: 30,
    slots: [
      ['2026-11-01T04:00:00.000Z', '2026-11-01T04:30:00.000Z'],
      ['2026-11-01T04:30:00.000Z', '2026-11-01T05:00:00.000Z'],
      ['2026-11-01T05:00:00.000Z', '2026-11-01T05:30:00.000Z'], // 01:00 EDT
      ['2026-11-01T05:30:00.000Z', '2026-11-01T06:00:00.000Z'], // 01:30 EDT, ends 01:00 EST
      ['2026-11-01T07:00:00.000Z', '2026-11-01T07:30:00.000Z'], // 02:00 EST
      ['2026-11-01T07:30:00.000Z', '2026-11-01T08:00:00.000Z'],
      ['2026-11-01T08:00:00.000Z', '2026-11-01T08:30:00.000Z'],
      ['2026-11-01T08:30:00.000Z', '2026-11-01T09:00:00.000Z'],
    ],
    absent: ['2026-11-01T06:00:00.000Z', '2026-11-01T06:30:00.000Z'], // 01:00/01:30 EST
  },
  {
    name: 'Asia/Kolkata 2026-03-02, +05:30 with a buffer',
    timeZone: 'Asia/Kolkata',
    now: '2026-03-01T18:30:00.000Z',
    ranges: [{ open: '09:00', close: '17:30' }],
    slotMinutes: 45,
    bufferMinutes: 15,
    slots: [
      ['2026-03-02T03:30:00.000Z', '2026-03-02T04:15:00.000Z'], // 09:00 IST
      ['2026-03-02T04:30:00.000Z', '2026-03-02T05:15:00.000Z'],
      ['2026-03-02T05:30:00.000Z', '2026-03-02T06:15:00.000Z'],
      ['2026-03-02T06:30:00.000Z', '2026-03-02T07:15:00.000Z'],
      ['2026-03-02T07:30:00.000Z', '2026-03-02T08:15:00.000Z'],
      ['2026-03-02T08:30:00.000Z', '2026-03-02T09:15:00.000Z'],
      ['2026-03-02T09:30:00.000Z', '2026-03-02T10:15:00.000Z'],
      ['2026-03-02T10:30:00.000Z', '2026-03-02T11:15:00.000Z'], // 16:00 IST; 17:00 would end after 17:30
    ],
    absent: ['2026-03-02T11:30:00.000Z'],
  },
];

describe('generateSlots across time zones and DST', () => {
  for (const c of zoneCases) {
    const h = hours({
      timeZone: c.timeZone,
      everyDay: c.ranges,
      callback: { slotMinutes: c.slotMinutes, bufferMinutes: c.bufferMinutes ?? 0, minNoticeMinutes: 0, daysAhead: 1 },
    });

    it(`${c.name}: gives exactly the hand-computed UTC slots`, () => {
      expect(generateSlots(h, at(c.now), none).map((s) => [s.start, s.end])).toEqual(c.slots);
    });

    it(`${c.name}: skips gap times and generates repeated times once`, () => {
      const got = starts(h, c.now);
      for (const instant of c.absent) expect(got).not.toContain(instant);
      expect(new Set(got).size).toBe(got.length);
    });

    it(`${c.name}: every generated slot passes checkSlot, also written with a local offset`, () => {
      for (const slot of generateSlots(h, at(c.now), none)) {
        expect(checkSlot(h, at(c.now), slot.start, none)).toEqual({ ok: true, slot });
        const local = DateTime.fromISO(slot.start).setZone(c.timeZone).toISO();
        expect(local).not.toMatch(/Z$/);
        expect(checkSlot(h, at(c.now), local ?? '', none)).toEqual({ ok: true, slot });
      }
    });
  }

  it('accepts a start written with any offset and answers with the canonical UTC instant', () => {
    const h = hours({ timeZone: 'Asia/Kolkata', callback: { minNoticeMinutes: 0 } });
    const check = checkSlot(h, at('2026-03-01T18:30:00.000Z'), '2026-03-02T09:30:00+05:30', none);
    expect(check).toMatchObject({ ok: true, slot: { start: '2026-03-02T04:00:00.000Z', end: '2026-03-02T04:30:00.000Z' } });
    expect(checkSlot(h, at('2026-03-01T18:30:00.000Z'), '2026-03-01T23:30:00-04:30', none)).toMatchObject({ ok: true, slot: { start: '2026-03-02T04:00:00.000Z' } });
  });

  it('keeps 09:00 local across the Lisbon spring change: 09:00Z on Friday, 08:00Z on Monday', () => {
    const got = starts(OFFICE, '2026-03-27T00:00:00.000Z');
    expect(got[0]).toBe('2026-03-27T09:00:00.000Z');
    expect(got).toContain('2026-03-30T08:00:00.000Z');
    // Fri 27, Mon 30, Tue 31, Wed 1, Thu 2 at 18 slots each; the weekend is closed.
    expect(got).toHaveLength(5 * 18);
    expect(got.at(-1)).toBe('2026-04-02T16:30:00.000Z');
  });
});

describe('generateSlots rules', () => {
  const monday = '2026-03-30T08:10:00.000Z'; // 09:10 in Lisbon (WEST)

  it('returns slots in start order with capacity, booked and remaining', () => {
    const slots = generateSlots(OFFICE, at('2026-03-29T12:00:00.000Z'), none);
    expect(slots[0]).toEqual({ start: '2026-03-30T08:00:00.000Z', end: '2026-03-30T08:30:00.000Z', capacity: 2, booked: 0, remaining: 2 });
    const times = slots.map((s) => Date.parse(s.start));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('skips holidays (local dates) and closed weekdays', () => {
    const h = hours({ holidays: ['2026-03-31'] });
    const got = starts(h, '2026-03-29T12:00:00.000Z');
    expect(got.filter((s) => s.startsWith('2026-03-31'))).toEqual([]);
    expect(got.filter((s) => s.startsWith('2026-03-30'))).toHaveLength(18);
    expect(got.filter((s) => s.startsWith('2026-04-04') || s.startsWith('2026-04-05'))).toEqual([]);
    expect(got).toHaveLength(4 * 18);
  });

  it('respects the minimum notice', () => {
    // now + 60 min = 09:10Z (10:10 local): 10:00 local is too soon, 10:30 local is the first.
    const got = starts(OFFICE, monday);
    expect(got[0]).toBe('2026-03-30T09:30:00.000Z');
    const longNotice = starts(hours({ callback: { minNoticeMinutes: 24 * 60 } }), monday);
    expect(longNotice[0]).toBe('2026-03-31T08:30:00.000Z');
  });

  it('offers daysAhead local days, counting today', () => {
    const oneDay = starts(hours({ callback: { daysAhead: 1 } }), monday);
    expect(oneDay.at(-1)).toBe('2026-03-30T16:30:00.000Z');
    expect(oneDay.every((s) => s.startsWith('2026-03-30'))).toBe(true);
    const twoDays = starts(hours({ callback: { daysAhead: 2 } }), monday);
    expect(twoDays.at(-1)).toBe('2026-03-31T16:30:00.000Z');
  });

  it("counts days from the site's local date, not the UTC date", () => {
    // 02:00Z on Tuesday is still Monday 23:00 in São Paulo: "today" is Monday, already over.
    const h = hours({ timeZone: 'America/Sao_Paulo', callback: { minNoticeMinutes: 0, daysAhead: 1 } });
    expect(starts(h, '2026-03-03T02:00:00.000Z')).toEqual([]);
    const twoDays = starts({ ...h, callback: { ...h.callback, daysAhead: 2 } }, '2026-03-03T02:00:00.000Z');
    expect(twoDays[0]).toBe('2026-03-03T12:00:00.000Z');
    expect(twoDays).toHaveLength(18);
  });

  it('spaces slots by slot length plus buffer and keeps them inside the range', () => {
    const h = hours({ everyDay: [{ open: '09:00', close: '11:00' }], callback: { bufferMinutes: 15, minNoticeMinutes: 0, daysAhead: 1 } });
    expect(starts(h, '2026-03-30T00:00:00.000Z')).toEqual(['2026-03-30T08:00:00.000Z', '2026-03-30T08:45:00.000Z', '2026-03-30T09:30:00.000Z']);
  });

  it('handles several ranges a day and a close of 24:00', () => {
    const h = hours({
      everyDay: [
        { open: '22:00', close: '24:00' },
        { open: '08:00', close: '09:00' },
      ],
      callback: { slotMinutes: 60, minNoticeMinutes: 0, daysAhead: 1 },
    });
    expect(starts(h, '2026-01-05T00:00:00.000Z')).toEqual(['2026-01-05T08:00:00.000Z', '2026-01-05T22:00:00.000Z', '2026-01-05T23:00:00.000Z']);
  });

  it('reports bookings per slot and includes full slots with remaining 0', () => {
    const booked = new Map([
      ['2026-03-30T09:30:00.000Z', 1],
      ['2026-03-30T10:00:00.000Z', 2],
      ['2026-03-30T10:30:00.000Z', 5],
    ]);
    const [a, b, c, d] = generateSlots(OFFICE, at(monday), booked);
    expect(a).toMatchObject({ start: '2026-03-30T09:30:00.000Z', capacity: 2, booked: 1, remaining: 1 });
    expect(b).toMatchObject({ start: '2026-03-30T10:00:00.000Z', booked: 2, remaining: 0 });
    expect(c).toMatchObject({ start: '2026-03-30T10:30:00.000Z', booked: 5, remaining: 0 });
    expect(d).toMatchObject({ start: '2026-03-30T11:00:00.000Z', booked: 0, remaining: 2 });
  });
});

describe('isOpenAt and nextOpening', () => {
  it('is open from opening time up to, not including, closing time', () => {
    expect(isOpenAt(OFFICE, at('2026-03-27T08:59:59.999Z'))).toBe(false);
    expect(isOpenAt(OFFICE, at('2026-03-27T09:00:00.000Z'))).toBe(true);
    expect(isOpenAt(OFFICE, at('2026-03-27T17:59:59.000Z'))).toBe(true);
    expect(isOpenAt(OFFICE, at('2026-03-27T18:00:00.000Z'))).toBe(false);
  });

  it('returns the same instant when open now', () => {
    const now = at('2026-03-30T10:00:00.000Z');
    expect(nextOpening(OFFICE, now)?.toISOString()).toBe(now.toISOString());
  });

  it('finds Monday 09:00 after a weekend that changes the clocks (Friday 09:00Z, Monday 08:00Z)', () => {
    expect(nextOpening(OFFICE, at('2026-03-27T18:00:00.000Z'))?.toISOString()).toBe('2026-03-30T08:00:00.000Z');
    expect(isOpenAt(OFFICE, at('2026-03-28T10:00:00.000Z'))).toBe(false);
  });

  it('skips holidays', () => {
    const h = hours({ holidays: ['2026-03-30'] });
    expect(isOpenAt(h, at('2026-03-30T10:00:00.000Z'))).toBe(false);
    expect(nextOpening(h, at('2026-03-27T18:00:00.000Z'))?.toISOString()).toBe('2026-03-31T08:00:00.000Z');
  });

  it('stays open across midnight when one day closes at 24:00 and the next opens at 00:00', () => {
    const h = hours({
      timeZone: 'America/New_York',
      weekly: { mon: [{ open: '22:00', close: '24:00' }], tue: [{ open: '00:00', close: '02:00' }], wed: [], thu: [], fri: [], sat: [], sun: [] },
    });
    // Monday 2026-03-02 22:00 EST = 03:00Z Tuesday.
    expect(isOpenAt(h, at('2026-03-03T02:59:59.000Z'))).toBe(false);
    expect(isOpenAt(h, at('2026-03-03T03:00:00.000Z'))).toBe(true);
    expect(isOpenAt(h, at('2026-03-03T04:59:59.999Z'))).toBe(true); // 23:59:59 Monday
    expect(isOpenAt(h, at('2026-03-03T05:00:00.000Z'))).toBe(true); // 00:00 Tuesday
    expect(isOpenAt(h, at('2026-03-03T07:00:00.000Z'))).toBe(false); // 02:00 Tuesday
    // Next Monday 22:00 is after the spring change: EDT, 02:00Z.
    expect(nextOpening(h, at('2026-03-03T07:00:00.000Z'))?.toISOString()).toBe('2026-03-10T02:00:00.000Z');
  });

  it('opens at the end of the gap when the opening time does not exist (São Paulo, 2018-11-04 00:00)', () => {
    const h = hours({ timeZone: 'America/Sao_Paulo', weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [{ open: '00:00', close: '03:00' }] } });
    expect(isOpenAt(h, at('2018-11-04T02:59:59.000Z'))).toBe(false); // Saturday 23:59:59 -03
    expect(isOpenAt(h, at('2018-11-04T03:00:00.000Z'))).toBe(true); // Sunday 01:00 -02
    expect(nextOpening(h, at('2018-11-04T01:00:00.000Z'))?.toISOString()).toBe('2018-11-04T03:00:00.000Z');
  });

  it('opens at the end of the gap when opening falls inside it (Lisbon 01:30 on 2026-03-29)', () => {
    const h = hours({ everyDay: [{ open: '01:30', close: '05:00' }] });
    expect(nextOpening(h, at('2026-03-28T23:00:00.000Z'))?.toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(nextOpening(h, at('2026-03-29T12:00:00.000Z'))?.toISOString()).toBe('2026-03-30T00:30:00.000Z');
  });

  it('treats business hours as wall time: a repeated hour is open twice (New York 2026-11-01)', () => {
    const h = hours({ timeZone: 'America/New_York', everyDay: [{ open: '01:00', close: '01:30' }] });
    expect(isOpenAt(h, at('2026-11-01T05:15:00.000Z'))).toBe(true); // 01:15 EDT
    expect(isOpenAt(h, at('2026-11-01T05:45:00.000Z'))).toBe(false); // 01:45 EDT
    expect(isOpenAt(h, at('2026-11-01T06:15:00.000Z'))).toBe(true); // 01:15 EST
    expect(nextOpening(h, at('2026-11-01T05:45:00.000Z'))?.toISOString()).toBe('2026-11-01T06:00:00.000Z');
    expect(nextOpening(h, at('2026-11-01T06:30:00.000Z'))?.toISOString()).toBe('2026-11-02T06:00:00.000Z');
  });

  it('handles a half-hour zone (Kolkata)', () => {
    const h = hours({ timeZone: 'Asia/Kolkata' });
    expect(isOpenAt(h, at('2026-03-02T03:29:59.000Z'))).toBe(false);
    expect(isOpenAt(h, at('2026-03-02T03:30:00.000Z'))).toBe(true);
    // Friday 18:00 IST → Monday 09:00 IST.
    expect(nextOpening(h, at('2026-03-06T12:30:00.000Z'))?.toISOString()).toBe('2026-03-09T03:30:00.000Z');
  });

  it('returns null when the site never opens', () => {
    const h = hours({ weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } });
    expect(nextOpening(h, at('2026-03-30T10:00:00.000Z'))).toBeNull();
    const yearOff = hours({
      weekly: { mon: [{ open: '09:00', close: '10:00' }], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
      holidays: Array.from({ length: 60 }, (_, i) => new Date(Date.UTC(2026, 0, 5 + 7 * i)).toISOString().slice(0, 10)),
    });
    // Every Monday of the next 60 weeks is a holiday: the next opening is beyond the 370-day search.
    expect(yearOff.holidays.at(-1)).toBe('2027-02-22');
    expect(nextOpening(yearOff, at('2026-01-01T00:00:00.000Z'))).toBeNull();
    expect(nextOpening({ ...yearOff, holidays: yearOff.holidays.slice(0, 50) }, at('2026-01-01T00:00:00.000Z'))?.toISOString()).toBe('2026-12-21T09:00:00.000Z');
  });
});

describe('checkSlot', () => {
  const monday = at('2026-03-30T08:10:00.000Z'); // 09:10 in Lisbon; notice 60 → earliest 09:10Z
  const check = (start: string, h: BusinessHours = OFFICE, booked: ReadonlyMap<string, number> = none) => checkSlot(h, monday, start, booked);

  it('accepts an offered slot and returns it', () => {
    expect(check('2026-03-30T09:30:00.000Z')).toEqual({
      ok: true,
      slot: { start: '2026-03-30T09:30:00.000Z', end: '2026-03-30T10:00:00.000Z', capacity: 2, booked: 0, remaining: 2 },
    });
    expect(check('2026-03-30T10:30:00+01:00')).toMatchObject({ ok: true, slot: { start: '2026-03-30T09:30:00.000Z' } });
  });

  const refusals: Array<[string, string, BusinessHours?, ReadonlyMap<string, number>?]> = [
    ['callbacks_disabled', '2026-03-30T09:30:00.000Z', hours({ callback: { enabled: false } })],
    ['no_such_slot', 'tomorrow at ten'],
    ['no_such_slot', '2026-03-30T10:30'], // a wall time, not an instant
    ['no_such_slot', '2026-03-31'], // a date, not an instant
    ['no_such_slot', '2026-02-30T10:30:00Z'],
    ['slot_in_past', '2026-03-30T08:00:00.000Z'],
    ['too_soon', '2026-03-30T09:00:00.000Z'],
    ['beyond_horizon', '2026-04-06T08:00:00.000Z'], // next Monday: the horizon ends Sunday 2026-04-05
    ['outside_hours', '2026-03-30T18:00:00.000Z'], // 19:00 local
    ['outside_hours', '2026-04-04T10:00:00.000Z'], // Saturday
    ['outside_hours', '2026-03-31T09:00:00.000Z', hours({ holidays: ['2026-03-31'] })],
    ['no_such_slot', '2026-03-30T09:40:00.000Z'], // inside hours, between slots
    ['no_such_slot', '2026-03-30T16:45:00.000Z'], // 17:45: a 30-minute call would end after 18:00
    ['slot_full', '2026-03-30T09:30:00.000Z', OFFICE, new Map([['2026-03-30T09:30:00.000Z', 2]])],
  ];
  for (const [code, start, h, booked] of refusals) {
    it(`refuses ${start} with ${code}`, () => {
      const result = check(start, h, booked);
      expect(result).toMatchObject({ ok: false, code });
      if (!result.ok) expect(result.message).toMatch(/^[A-Z].*\.$/);
    });
  }

  it('says how much notice is needed', () => {
    expect(check('2026-03-30T09:00:00.000Z')).toMatchObject({ message: expect.stringContaining('1 hour') });
    const h = hours({ callback: { minNoticeMinutes: 90 } });
    expect(check('2026-03-30T09:30:00.000Z', h)).toMatchObject({ code: 'too_soon', message: expect.stringContaining('90 minutes') });
  });

  it('refuses the second occurrence of a repeated hour (not an offered slot)', () => {
    const h = hours({ timeZone: 'America/New_York', everyDay: [{ open: '00:00', close: '04:00' }], callback: { minNoticeMinutes: 0 } });
    const now = at('2026-11-01T04:00:00.000Z');
    expect(checkSlot(h, now, '2026-11-01T05:00:00.000Z', none).ok).toBe(true); // 01:00 EDT
    expect(checkSlot(h, now, '2026-11-01T06:00:00.000Z', none)).toMatchObject({ ok: false, code: 'no_such_slot' }); // 01:00 EST
  });
});

describe('BusinessHours schema', () => {
  const valid = OFFICE;
  const messages = (input: unknown) => {
    const result = BusinessHours.safeParse(input);
    return result.success ? [] : result.error.issues.map((i) => i.message);
  };

  it('accepts the defaults and a 24:00 close', () => {
    expect(BusinessHours.parse(valid)).toEqual(valid);
    expect(messages({ ...valid, weekly: { ...valid.weekly, sat: [{ open: '00:00', close: '24:00' }] } })).toEqual([]);
  });

  it('rejects an unknown time zone by name', () => {
    expect(messages({ ...valid, timeZone: 'Mars/Olympus_Mons' })).toEqual(['Unknown time zone "Mars/Olympus_Mons"']);
    expect(messages({ ...valid, timeZone: '+03:00' })).toEqual(['Unknown time zone "+03:00"']);
  });

  it('rejects a close before (or at) the open', () => {
    expect(messages({ ...valid, weekly: { ...valid.weekly, mon: [{ open: '18:00', close: '09:00' }] } })).toEqual(['Closing time must be after opening time.']);
    expect(messages({ ...valid, weekly: { ...valid.weekly, mon: [{ open: '09:00', close: '09:00' }] } })).toHaveLength(1);
  });

  it('rejects overlapping ranges but allows touching ones', () => {
    const overlap = [
      { open: '13:00', close: '18:00' },
      { open: '09:00', close: '13:30' },
    ];
    expect(messages({ ...valid, weekly: { ...valid.weekly, tue: overlap } })).toEqual(['Opening hours overlap: 09:00–13:30 and 13:00–18:00.']);
    const touching = [
      { open: '09:00', close: '13:00' },
      { open: '13:00', close: '18:00' },
    ];
    expect(messages({ ...valid, weekly: { ...valid.weekly, tue: touching } })).toEqual([]);
  });

  it('rejects malformed clock times and too many ranges', () => {
    expect(messages({ ...valid, weekly: { ...valid.weekly, mon: [{ open: '24:00', close: '24:00' }] } })).not.toEqual([]);
    expect(messages({ ...valid, weekly: { ...valid.weekly, mon: [{ open: '9:00', close: '18:00' }] } })).not.toEqual([]);
    expect(messages({ ...valid, weekly: { ...valid.weekly, mon: [{ open: '09:00', close: '18:60' }] } })).not.toEqual([]);
    const seven = Array.from({ length: 7 }, (_, i) => ({ open: `0${i}:00`, close: `0${i}:30` }));
    expect(messages({ ...valid, weekly: { ...valid.weekly, mon: seven } })).not.toEqual([]);
  });

  it('rejects holiday dates that are not real dates', () => {
    expect(messages({ ...valid, holidays: ['2026-02-30'] })).toEqual(['Holiday "2026-02-30" is not a real date in the form YYYY-MM-DD.']);
    expect(messages({ ...valid, holidays: ['2026-2-3'] })).toHaveLength(1);
    expect(messages({ ...valid, holidays: ['2028-02-29'] })).toEqual([]);
  });

  it('rejects out-of-range callback settings and non alpha-2 countries', () => {
    expect(messages({ ...valid, callback: { ...valid.callback, slotMinutes: 4 } })).toHaveLength(1);
    expect(messages({ ...valid, callback: { ...valid.callback, daysAhead: 61 } })).toHaveLength(1);
    expect(messages({ ...valid, callback: { ...valid.callback, countries: ['BRA'] } })).toHaveLength(1);
  });
});
