/**
 * Call-back times as the visitor reads them: in their own time zone, through `Intl` (no date
 * library, no fixed offsets). `timeZone` is the visitor's IANA zone; undefined lets `Intl` use the
 * browser's, which is the same thing in the widget and lets tests pin a zone.
 */
import type { Locale } from '../../../protocol/codes';

const DayMs = 86_400_000;

/** The calendar day of `at` in `timeZone`, as a day number (days since 1970-01-01 there). */
export function dayNumber(at: Date, timeZone: string | undefined): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(part('year'), part('month') - 1, part('day')) / DayMs;
}

/** "9:00 AM", "09:00": the clock time of `at` in the visitor's zone, in their language's way. */
export function clockTime(locale: Locale, timeZone: string | undefined, at: Date): string {
  return new Intl.DateTimeFormat(locale, { timeZone, hour: 'numeric', minute: '2-digit' }).format(at);
}

/**
 * When something happens, relative to now when near: "today 9:00 AM", "tomorrow 9:00 AM",
 * "Friday 9:00 AM", then "Monday, March 3 9:00 AM" a week or more ahead.
 */
export function whenText(locale: Locale, timeZone: string | undefined, at: Date, now: Date): string {
  const days = dayNumber(at, timeZone) - dayNumber(now, timeZone);
  const day =
    days === 0 || days === 1
      ? new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(days, 'day')
      : new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long', ...(days > 1 && days < 7 ? {} : { day: 'numeric', month: 'long' }) }).format(at);
  return day + ' ' + clockTime(locale, timeZone, at);
}

/** A booked slot: "Monday, March 3, 10:00 – 10:30 AM" (the range collapsed the way the language does it). */
export function rangeText(locale: Locale, timeZone: string | undefined, start: Date, end: Date): string {
  const format = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long', day: 'numeric', month: 'long', hour: 'numeric', minute: '2-digit' });
  return format.formatRange(start, end);
}
