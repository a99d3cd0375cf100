/**
 * A site's business hours and callback settings, as `GET`/`PUT /api/sites/:key/hours` carry them.
 *
 * NOTE: this mirrors the server's zod schema `BusinessHours` (server/domain/schedule.ts) by hand,
 * because browser code imports neither server code nor zod, and the schema is not a protocol type.
 * The server validates every PUT whole and stays the judge; the bounds here only let the form
 * point at a problem before the round trip. Change both together.
 */

export const Weekday = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof Weekday)[number];

/** One value per weekday, built by `fn`. */
export function mapWeek<T>(fn: (day: Weekday) => T): Record<Weekday, T> {
  return { mon: fn('mon'), tue: fn('tue'), wed: fn('wed'), thu: fn('thu'), fri: fn('fri'), sat: fn('sat'), sun: fn('sun') };
}

/** Local wall-clock times 'HH:MM'; `close` may be '24:00' (midnight at the end of the day). Half-open: closed at `close`. */
export interface TimeRange {
  open: string;
  close: string;
}

export interface CallbackSettings {
  enabled: boolean;
  slotMinutes: number;
  bufferMinutes: number;
  minNoticeMinutes: number;
  daysAhead: number;
  /** Calls per slot. */
  capacity: number;
  /** Offer a callback when the estimated queue wait is above this. */
  longWaitSeconds: number;
  /** ISO 3166 alpha-2 codes of the countries the team calls; empty = any. */
  countries: readonly string[];
}

export interface BusinessHours {
  /** IANA zone the weekly hours and the holidays are written in. */
  timeZone: string;
  /** Per weekday, up to `MaxRangesPerDay` ranges that may touch but not overlap; empty = closed all day. */
  weekly: Readonly<Record<Weekday, readonly TimeRange[]>>;
  /** Local dates 'YYYY-MM-DD' (in `timeZone`) closed all day. */
  holidays: readonly string[];
  callback: CallbackSettings;
}

/** The whole-number settings, in the order the form shows them. */
export const NumericSetting = [
  'slotMinutes',
  'bufferMinutes',
  'minNoticeMinutes',
  'daysAhead',
  'capacity',
  'longWaitSeconds',
] as const satisfies readonly (keyof CallbackSettings)[];
export type NumericSetting = (typeof NumericSetting)[number];

/** Inclusive whole-number bounds, as the server's schema has them. */
export const CallbackLimits: Readonly<Record<NumericSetting, { min: number; max: number }>> = {
  slotMinutes: { min: 5, max: 240 },
  bufferMinutes: { min: 0, max: 240 },
  minNoticeMinutes: { min: 0, max: 10080 },
  daysAhead: { min: 1, max: 60 },
  capacity: { min: 1, max: 100 },
  longWaitSeconds: { min: 0, max: 86400 },
};

export const MaxRangesPerDay = 6;
export const MaxHolidays = 366;
export const MaxCountries = 250;

/**
 * Narrows the server's JSON to `BusinessHours`, checking the shape and the types only (the
 * server checked the values before storing them). Null when it is not that shape.
 */
export function readBusinessHours(value: unknown): BusinessHours | null {
  if (!isRecord(value) || typeof value.timeZone !== 'string' || !isRecord(value.weekly) || !isRecord(value.callback)) return null;
  const week = value.weekly;
  const read = mapWeek((day) => readRanges(week[day]));
  if (Weekday.some((day) => read[day] === null)) return null;
  const holidays = stringsOf(value.holidays);
  const callback = readCallback(value.callback);
  if (holidays === null || callback === null) return null;
  return { timeZone: value.timeZone, weekly: mapWeek((day) => read[day] ?? []), holidays, callback };
}

function readRanges(value: unknown): TimeRange[] | null {
  if (!Array.isArray(value)) return null;
  const ranges: TimeRange[] = [];
  for (const range of value) {
    if (!isRecord(range) || typeof range.open !== 'string' || typeof range.close !== 'string') return null;
    ranges.push({ open: range.open, close: range.close });
  }
  return ranges;
}

function readCallback(value: Record<string, unknown>): CallbackSettings | null {
  const countries = stringsOf(value.countries);
  const { enabled, slotMinutes, bufferMinutes, minNoticeMinutes, daysAhead, capacity, longWaitSeconds } = value;
  if (
    countries === null ||
    typeof enabled !== 'boolean' ||
    typeof slotMinutes !== 'number' ||
    typeof bufferMinutes !== 'number' ||
    typeof minNoticeMinutes !== 'number' ||
    typeof daysAhead !== 'number' ||
    typeof capacity !== 'number' ||
    typeof longWaitSeconds !== 'number'
  ) {
    return null;
  }
  return { enabled, slotMinutes, bufferMinutes, minNoticeMinutes, daysAhead, capacity, longWaitSeconds, countries };
}

function stringsOf(value: unknown): string[] | null {
  if (!Array.isArray(value)) return null;
  const strings: string[] = [];
  for (const item of value) {
    if (typeof item !== 'string') return null;
    strings.push(item);
  }
  return strings;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
