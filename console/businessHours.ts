import { type BusinessHours, type CallbackSettings, type TimeRange, Weekday } from '../protocol/hours';

// The shape and bounds live in protocol/hours.ts (the server's schema uses the same ones).
export {
  type BusinessHours,
  type CallbackSettings,
  CallbackLimits,
  MaxCountries,
  MaxHolidays,
  MaxRangesPerDay,
  NumericSetting,
  type TimeRange,
  Weekday,
} from '../protocol/hours';

/** One value per weekday, built by `fn`. */
export function mapWeek<T>(fn: (day: Weekday) => T): Record<Weekday, T> {
  return { mon: fn('mon'), tue: fn('tue'), wed: fn('wed'), thu: fn('thu'), fri: fn('fri'), sat: fn('sat'), sun: fn('sun') };
}

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
