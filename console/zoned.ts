/**
 * Calendar days and clock times in a named IANA time zone, with `Intl` only: no fixed offsets,
 * so daylight saving time and zones on either side of midnight come out right.
 */

/** The zone itself when `Intl` knows it, else null (visitor zones come from their browser: untrusted). */
export function knownZone(timeZone: string | null | undefined): string | null {
  if (timeZone === null || timeZone === undefined || timeZone.trim() === '') return null;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone;
  } catch (error) {
    console.warn('[ponte] unknown time zone', timeZone, error);
    return null;
  }
}

interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

function calendarDate(date: Date, timeZone: string | undefined): CalendarDate {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value ?? NaN);
  return { year: part('year'), month: part('month'), day: part('day') };
}

function keyOf({ year, month, day }: CalendarDate): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The calendar day of `date` in `timeZone` as `YYYY-MM-DD`; two instants fall on the same day
 * there exactly when their keys are equal, and keys sort in day order.
 */
export function dayKey(date: Date, timeZone: string | undefined): string {
  return keyOf(calendarDate(date, timeZone));
}

/** The day after `date`'s day in `timeZone`, as a `dayKey`. Calendar arithmetic: a 23- or 25-hour day is still one day. */
export function nextDayKey(date: Date, timeZone: string | undefined): string {
  const { year, month, day } = calendarDate(date, timeZone);
  const next = new Date(Date.UTC(year, month - 1, day + 1));
  return keyOf({ year: next.getUTCFullYear(), month: next.getUTCMonth() + 1, day: next.getUTCDate() });
}

/** "23:30" in `timeZone`. */
export function clockIn(date: Date, timeZone: string | undefined, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', timeZone }).format(date);
}

/** "Mon 23:30" in `timeZone`. */
export function weekdayClockIn(date: Date, timeZone: string | undefined, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'short', hour: '2-digit', minute: '2-digit', timeZone }).format(date);
}

/** "Wed 12 Mar" in `timeZone`. */
export function dateIn(date: Date, timeZone: string | undefined, locale?: string): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', month: 'short', timeZone }).format(date);
}
