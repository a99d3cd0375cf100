/**
 * A site's business hours and callback settings as `GET`/`PUT /api/sites/:key/hours` carry them:
 * the shape and the bounds, once, for the server's schema (server/domain/schedule.ts, which adds
 * the checks that need a time-zone database) and the console's form. Plain types and constants,
 * so the console's bundle gets no schema library for them.
 */

export const Weekday = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof Weekday)[number];

/** Local wall-clock times 'HH:MM'; `close` may be '24:00' (midnight at the end of the day). Half-open: closed at `close`. */
export type TimeRange = { open: string; close: string };

export type CallbackSettings = {
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
};

export type BusinessHours = {
  /** IANA zone the weekly hours and the holidays are written in. */
  timeZone: string;
  /** Per weekday, up to `MaxRangesPerDay` ranges that may touch but not overlap; empty = closed all day. */
  weekly: Readonly<Record<Weekday, readonly TimeRange[]>>;
  /** Local dates 'YYYY-MM-DD' (in `timeZone`) closed all day. */
  holidays: readonly string[];
  callback: CallbackSettings;
};

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

/** Inclusive whole-number bounds of each numeric setting. */
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
