import { DateTime, IANAZone } from 'luxon';
import * as z from 'zod';
import { CallbackLimits, MaxCountries, MaxHolidays, MaxRangesPerDay, type BusinessHours as WireBusinessHours, Weekday } from '../../protocol/hours';

/**
 * Business hours and callback slots. Rules are written in the site's local wall-clock time (an
 * IANA zone); everything that leaves this module is a UTC instant. Wall time → instant goes
 * through `instantsOf`, which knows about DST gaps and overlaps, never through a fixed offset.
 */

export { Weekday } from '../../protocol/hours';

const OPEN_CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;
const CLOSE_CLOCK = /^(([01]\d|2[0-3]):[0-5]\d|24:00)$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ALPHA2 = /^[A-Z]{2}$/;

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
/** How far `nextOpening` looks. A year plus slack, so an annual closure still finds the next opening. */
const OPENING_SEARCH_DAYS = 370;

/** 'HH:MM' → minutes after local midnight ('24:00' → 1440). Only called on validated strings. */
function minutesOf(clock: string): number {
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

export const TimeRange = z
  .object({
    open: z.string().regex(OPEN_CLOCK, 'Opening time must be HH:MM between 00:00 and 23:59.'),
    close: z.string().regex(CLOSE_CLOCK, 'Closing time must be HH:MM between 00:01 and 24:00.'),
  })
  .refine((r) => minutesOf(r.open) < minutesOf(r.close), { error: 'Closing time must be after opening time.', path: ['close'] });
export type TimeRange = z.infer<typeof TimeRange>;

/** One day's opening hours; an empty list means closed all day. Ranges may touch but not overlap. */
const Ranges = z
  .array(TimeRange)
  .max(MaxRangesPerDay)
  .superRefine((ranges, ctx) => {
    const sorted = [...ranges].sort((a, b) => minutesOf(a.open) - minutesOf(b.open));
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1];
      const next = sorted[i];
      if (prev !== undefined && next !== undefined && minutesOf(next.open) < minutesOf(prev.close)) {
        ctx.addIssue({
          code: 'custom',
          message: `Opening hours overlap: ${prev.open}–${prev.close} and ${next.open}–${next.close}.`,
          input: ranges,
        });
      }
    }
  });

const HolidayDate = z
  .string()
  .refine((s) => ISO_DATE.test(s) && DateTime.fromISO(s, { zone: 'UTC' }).isValid, {
    error: (issue) => `Holiday "${String(issue.input)}" is not a real date in the form YYYY-MM-DD.`,
  });

export const BusinessHours = z.object({
  timeZone: z.string().refine((zone) => IANAZone.isValidZone(zone), { error: (issue) => `Unknown time zone "${String(issue.input)}"` }),
  weekly: z.object({ mon: Ranges, tue: Ranges, wed: Ranges, thu: Ranges, fri: Ranges, sat: Ranges, sun: Ranges }),
  /** Local dates (in `timeZone`) the site is closed all day. */
  holidays: z.array(HolidayDate).max(MaxHolidays),
  callback: z.object({
    enabled: z.boolean(),
    slotMinutes: z.number().int().min(CallbackLimits.slotMinutes.min).max(CallbackLimits.slotMinutes.max),
    bufferMinutes: z.number().int().min(CallbackLimits.bufferMinutes.min).max(CallbackLimits.bufferMinutes.max),
    minNoticeMinutes: z.number().int().min(CallbackLimits.minNoticeMinutes.min).max(CallbackLimits.minNoticeMinutes.max),
    daysAhead: z.number().int().min(CallbackLimits.daysAhead.min).max(CallbackLimits.daysAhead.max),
    capacity: z.number().int().min(CallbackLimits.capacity.min).max(CallbackLimits.capacity.max),
    /** Offer a callback when the estimated queue wait is above this. */
    longWaitSeconds: z.number().int().min(CallbackLimits.longWaitSeconds.min).max(CallbackLimits.longWaitSeconds.max),
    /** ISO 3166 alpha-2 codes of countries the team calls; empty = any. */
    countries: z.array(z.string().regex(ALPHA2, 'Countries are two capital letters (ISO 3166 alpha-2), like "BR".')).max(MaxCountries),
  }),
});
export type BusinessHours = z.infer<typeof BusinessHours>;
// What the server stores and sends is the wire shape (protocol/hours.ts): a drift fails to compile.
const conforms = (hours: BusinessHours): WireBusinessHours => hours;
void conforms;

const ALL_DAY: TimeRange[] = [{ open: '00:00', close: '24:00' }];

/**
 * A site with no hours set: open every day, all day (UTC), so an install never turns visitors
 * away on a schedule nobody chose; callbacks on, 30-minute slots from an hour ahead, 7 days, 2 per
 * slot. Admins set real hours.
 */
export const DEFAULT_BUSINESS_HOURS: BusinessHours = {
  timeZone: 'UTC',
  weekly: { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY },
  holidays: [],
  callback: {
    enabled: true,
    slotMinutes: 30,
    bufferMinutes: 0,
    minNoticeMinutes: 60,
    daysAhead: 7,
    capacity: 2,
    longWaitSeconds: 300,
    countries: [],
  },
};

export type Slot = { start: string; end: string; capacity: number; booked: number; remaining: number };

export type SlotCheckCode = 'slot_in_past' | 'outside_hours' | 'beyond_horizon' | 'no_such_slot' | 'too_soon' | 'slot_full' | 'callbacks_disabled';
export type SlotCheck = { ok: true; slot: Slot } | { ok: false; code: SlotCheckCode; message: string };

// ---------------------------------------------------------------------------------------------
// Local calendar dates and wall-clock → instant conversion.

/**
 * A local calendar date, held as a luxon DateTime at midnight *UTC* so that date arithmetic
 * (`plus({ days })`, weekday) is pure calendar arithmetic with no zone in the way. Its epoch ms
 * is the "wall time as if it were UTC" base that `instantsOf` works from.
 */
type CalendarDate = DateTime;

function localDateOf(zone: IANAZone, ms: number): CalendarDate {
  const local = DateTime.fromMillis(ms, { zone });
  return DateTime.utc(local.year, local.month, local.day);
}

function weekdayOf(date: CalendarDate): Weekday {
  const day = Weekday[date.weekday - 1];
  if (day === undefined) throw new Error(`luxon weekday out of range: ${date.weekday}`);
  return day;
}

/** The offsets (minutes) in force around a local date: candidates for any wall time on it. */
function offsetsAround(zone: IANAZone, date: CalendarDate): number[] {
  const base = date.toMillis();
  // NOTE: three samples (a day before, mid-day, two days after, as instants) catch every offset a
  // wall time on this date can have: UTC offsets stay within ±14 h, and in tzdata (1900–2040) no
  // zone changes its offset twice within four days (the closest pair: Africa/Freetown 1939, 95 h).
  // So one distinct sample means no change in the window at all, and `instantsOf` can skip the
  // per-slot check, which costs an Intl call (~10–30 µs) and dominates slot generation.
  const samples = [zone.offset(base - DAY_MS), zone.offset(base + DAY_MS / 2), zone.offset(base + 2 * DAY_MS)];
  return [...new Set(samples)];
}

/**
 * Every instant (epoch ms) whose wall clock in `zone` reads `date` + `minutes`, ascending:
 * none in a spring-forward gap, two in a fall-back overlap, one otherwise.
 */
function instantsOf(zone: IANAZone, date: CalendarDate, minutes: number, offsets: readonly number[]): number[] {
  const wall = date.toMillis() + minutes * MINUTE_MS;
  const [only] = offsets;
  if (offsets.length === 1 && only !== undefined) return [wall - only * MINUTE_MS];
  const found: number[] = [];
  for (const offset of offsets) {
    const candidate = wall - offset * MINUTE_MS;
    if (zone.offset(candidate) === offset && !found.includes(candidate)) found.push(candidate);
  }
  return found.sort((a, b) => a - b);
}

/**
 * The first instant whose wall clock reads at or after a wall time that falls in a DST gap: the
 * transition itself. Between `wall - maxOffset` (still before it) and `wall - minOffset` (already
 * after it) there is exactly one offset change; bisect to the millisecond.
 */
function gapEnd(zone: IANAZone, date: CalendarDate, minutes: number, offsets: readonly number[]): number {
  const wall = date.toMillis() + minutes * MINUTE_MS;
  let before = wall - Math.max(...offsets) * MINUTE_MS;
  let after = wall - Math.min(...offsets) * MINUTE_MS;
  const offsetBefore = zone.offset(before);
  while (after - before > 1) {
    const mid = before + Math.floor((after - before) / 2);
    if (zone.offset(mid) === offsetBefore) before = mid;
    else after = mid;
  }
  return after;
}

/** Minutes since local midnight, fractional (seconds count, so 17:59:30 is not 18:00). */
function wallMinutes(zone: IANAZone, ms: number): number {
  const local = DateTime.fromMillis(ms, { zone });
  return local.hour * 60 + local.minute + local.second / 60 + local.millisecond / MINUTE_MS;
}

function rangesOn(hours: BusinessHours, holidays: ReadonlySet<string>, date: CalendarDate): readonly TimeRange[] {
  if (holidays.has(date.toISODate() ?? '')) return [];
  return hours.weekly[weekdayOf(date)];
}

// ---------------------------------------------------------------------------------------------
// Open / closed.

/** Is the site open at this instant (inside a range of its local day, not a holiday)? */
export function isOpenAt(hours: BusinessHours, at: Date): boolean {
  const zone = IANAZone.create(hours.timeZone);
  const ms = at.getTime();
  const ranges = rangesOn(hours, new Set(hours.holidays), localDateOf(zone, ms));
  const minute = wallMinutes(zone, ms);
  // Ranges are half-open [open, close): a site that closes at 18:00 is closed at 18:00.
  return ranges.some((r) => minutesOf(r.open) <= minute && minute < minutesOf(r.close));
}

/** The next instant the site opens at or after `at` (null if no opening in the next 370 days). If open now, returns `at`. */
export function nextOpening(hours: BusinessHours, at: Date): Date | null {
  if (isOpenAt(hours, at)) return at;
  const zone = IANAZone.create(hours.timeZone);
  const holidays = new Set(hours.holidays);
  const from = at.getTime();
  const limit = from + OPENING_SEARCH_DAYS * DAY_MS;
  // Start a day early: around a fall-back the same wall date can come round again after `at`.
  const first = localDateOf(zone, from).minus({ days: 1 });
  let best: number | undefined;
  for (let i = 0; i <= OPENING_SEARCH_DAYS + 2; i++) {
    const date = first.plus({ days: i });
    // Every instant on this local date is after `date.toMillis() - 14 h`: nothing later can win.
    if (best !== undefined && date.toMillis() - DAY_MS > best) break;
    const ranges = rangesOn(hours, holidays, date);
    if (ranges.length === 0) continue;
    const offsets = offsetsAround(zone, date);
    for (const range of ranges) {
      const open = minutesOf(range.open);
      const instants = instantsOf(zone, date, open, offsets);
      // An opening time that does not exist (DST gap) opens at the first instant after the gap.
      const candidates = instants.length > 0 ? instants : [gapEnd(zone, date, open, offsets)];
      for (const candidate of candidates) {
        if (candidate <= from || candidate > limit || (best !== undefined && candidate >= best)) continue;
        // A range lying wholly inside a DST gap never opens; `isOpenAt` is the arbiter.
        if (isOpenAt(hours, new Date(candidate))) best = candidate;
      }
    }
  }
  return best === undefined ? null : new Date(best);
}

// ---------------------------------------------------------------------------------------------
// Slots.

/*
 * Slot rules (the server is the only place these are computed):
 * - Dates: the local dates in the site zone from today (the local date of `now`) through
 *   today + daysAhead − 1, i.e. `daysAhead` local days including today. Holidays and weekdays with
 *   no ranges give no slots.
 * - Within each range: the first slot starts at `open` (local wall time); each next one starts
 *   slotMinutes + bufferMinutes of wall clock later; a slot is offered only if its wall-clock start
 *   plus slotMinutes is at or before `close`.
 * - Wall time → instant in the site zone. A start that does not exist (spring-forward gap) is
 *   skipped, not shifted. A start that happens twice (fall-back overlap) is offered once, at its
 *   first (earlier) occurrence. A slot's end is its start + slotMinutes of real elapsed time.
 * - Slots that start before now + minNoticeMinutes are not offered.
 * - `callback.enabled` is not consulted here (agents may still need to see the grid);
 *   `checkSlot` refuses bookings when callbacks are off.
 */

type RawSlot = { start: number; end: number };

function slotsOn(hours: BusinessHours, zone: IANAZone, holidays: ReadonlySet<string>, date: CalendarDate): RawSlot[] {
  const { slotMinutes, bufferMinutes } = hours.callback;
  const ranges = rangesOn(hours, holidays, date);
  if (ranges.length === 0) return [];
  const offsets = offsetsAround(zone, date);
  const slots: RawSlot[] = [];
  for (const range of ranges) {
    const close = minutesOf(range.close);
    for (let wall = minutesOf(range.open); wall + slotMinutes <= close; wall += slotMinutes + bufferMinutes) {
      const start = instantsOf(zone, date, wall, offsets)[0];
      if (start !== undefined) slots.push({ start, end: start + slotMinutes * MINUTE_MS });
    }
  }
  return slots.sort((a, b) => a.start - b.start);
}

function toSlot(hours: BusinessHours, raw: RawSlot, booked: ReadonlyMap<string, number>): Slot {
  const start = new Date(raw.start).toISOString();
  const taken = booked.get(start) ?? 0;
  const capacity = hours.callback.capacity;
  return { start, end: new Date(raw.end).toISOString(), capacity, booked: taken, remaining: Math.max(0, capacity - taken) };
}

/**
 * All bookable slots from now (respecting minNotice) to the horizon, in start order (rules above).
 * `booked` maps slot start ISO → count of active bookings. Slots with remaining 0 ARE included
 * (remaining: 0) so the UI can show them as full; callers filter.
 */
export function generateSlots(hours: BusinessHours, now: Date, booked: ReadonlyMap<string, number>): Slot[] {
  const zone = IANAZone.create(hours.timeZone);
  const holidays = new Set(hours.holidays);
  const earliest = now.getTime() + hours.callback.minNoticeMinutes * MINUTE_MS;
  const today = localDateOf(zone, now.getTime());
  const slots: Slot[] = [];
  for (let i = 0; i < hours.callback.daysAhead; i++) {
    for (const raw of slotsOn(hours, zone, holidays, today.plus({ days: i }))) {
      if (raw.start >= earliest) slots.push(toSlot(hours, raw, booked));
    }
  }
  return slots;
}

/** A time followed by Z or ±HH:MM / ±HHMM / ±HH: a slot start must name an instant, not a wall time or a date. */
const EXPLICIT_OFFSET = /T[\d:.,]+(Z|[+-]\d{2}(:?\d{2})?)$/i;

function describeMinutes(minutes: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (minutes > 0 && minutes % 1440 === 0) return plural(minutes / 1440, 'day');
  if (minutes > 0 && minutes % 60 === 0) return plural(minutes / 60, 'hour');
  return plural(minutes, 'minute');
}

/**
 * Checks a requested slot start (ISO string, any offset) against the rules; messages are clear
 * English sentences for the visitor/agent. Order: callbacks off, unparseable, past, too soon,
 * beyond the horizon, outside hours, not a slot start, full.
 */
export function checkSlot(hours: BusinessHours, now: Date, start: string, booked: ReadonlyMap<string, number>): SlotCheck {
  if (!hours.callback.enabled) {
    return { ok: false, code: 'callbacks_disabled', message: 'This site is not taking callback bookings right now.' };
  }
  const parsed = EXPLICIT_OFFSET.test(start) ? DateTime.fromISO(start, { setZone: true }) : undefined;
  if (parsed === undefined || !parsed.isValid) {
    return { ok: false, code: 'no_such_slot', message: 'That is not a time we recognise. Pick a slot from the list.' };
  }
  const ms = parsed.toMillis();
  const nowMs = now.getTime();
  const notice = hours.callback.minNoticeMinutes;
  if (ms < nowMs) {
    return { ok: false, code: 'slot_in_past', message: 'That time has already passed. Pick a later slot.' };
  }
  if (ms < nowMs + notice * MINUTE_MS) {
    return {
      ok: false,
      code: 'too_soon',
      message: `That slot is too soon: calls must be booked at least ${describeMinutes(notice)} ahead. Pick a later slot.`,
    };
  }
  const zone = IANAZone.create(hours.timeZone);
  const date = localDateOf(zone, ms);
  const lastDay = localDateOf(zone, nowMs).plus({ days: hours.callback.daysAhead - 1 });
  if (date.toMillis() > lastDay.toMillis()) {
    const days = hours.callback.daysAhead;
    return {
      ok: false,
      code: 'beyond_horizon',
      message: days === 1 ? 'Calls can only be booked for today. Pick an earlier slot.' : `Calls can be booked for the next ${days} days only, today included. Pick an earlier slot.`,
    };
  }
  if (!isOpenAt(hours, new Date(ms))) {
    const holiday = new Set(hours.holidays).has(date.toISODate() ?? '');
    return {
      ok: false,
      code: 'outside_hours',
      message: holiday ? 'We are closed that day for a holiday. Pick another day.' : 'We are closed at that time. Pick a slot within our opening hours.',
    };
  }
  const raw = slotsOn(hours, zone, new Set(hours.holidays), date).find((s) => s.start === ms);
  if (raw === undefined) {
    return { ok: false, code: 'no_such_slot', message: 'That time is not one of the offered slots. Pick a slot from the list.' };
  }
  const slot = toSlot(hours, raw, booked);
  if (slot.remaining === 0) {
    return { ok: false, code: 'slot_full', message: 'That slot is fully booked. Pick another time.' };
  }
  return { ok: true, slot };
}
