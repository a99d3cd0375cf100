import {
  CallbackLimits,
  MaxCountries,
  MaxHolidays,
  MaxRangesPerDay,
  mapWeek,
  NumericSetting,
  Weekday,
  type BusinessHours,
} from './businessHours';

/**
 * The business-hours form as the admin edits it, and the way to and from `BusinessHours`. Pure:
 * the dialog keeps a `HoursForm` in component state and changes it only through `editHours`.
 *
 * NOTE: a closing time of 00:00 stands for midnight at the end of the day (the server's '24:00'),
 * because `<input type="time">` cannot hold 24:00. It is unambiguous: a range cannot close at the
 * very start of its own day, since closing must come after opening.
 */

export const WeekdayNames: Readonly<Record<Weekday, string>> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

/** The labels of the callback settings, shared by the inputs and the problems that name them. */
export const CallbackFieldLabels: Readonly<Record<NumericSetting | 'countries', string>> = {
  slotMinutes: 'Slot length (minutes)',
  bufferMinutes: 'Buffer between calls (minutes)',
  minNoticeMinutes: 'Minimum notice (minutes)',
  daysAhead: 'Days ahead',
  capacity: 'Calls per slot',
  longWaitSeconds: 'Offer a call back when the wait is over (seconds)',
  countries: 'Countries we call',
};

/** 'HH:MM' as the time input gives it, or '' while empty or incomplete. */
export interface RangeDraft {
  open: string;
  close: string;
}

export interface DayDraft {
  closed: boolean;
  /** Kept while the day is marked closed, so unticking "Closed" brings them back. */
  ranges: readonly RangeDraft[];
}

export interface CallbackDraft {
  enabled: boolean;
  /** Number fields hold what was typed; they are read when saving. */
  numbers: Readonly<Record<NumericSetting, string>>;
  /** Comma-separated codes as typed. */
  countries: string;
}

export interface HoursForm {
  timeZone: string;
  days: Readonly<Record<Weekday, DayDraft>>;
  /** 'YYYY-MM-DD' as the date input gives it, or '' while empty. */
  holidays: readonly string[];
  callback: CallbackDraft;
}

/** Where a problem is: 'timeZone', 'mon.0.open', 'mon.1.close', 'holiday.2', 'callback.slotMinutes', 'callback.countries'. */
export type FieldKey = string;

/** The element id of a field, from its key ('mon.0.open' → 'hours-mon-0-open'), so a problem can lead to its field. */
export function fieldId(key: FieldKey): string {
  return `hours-${key.replaceAll('.', '-')}`;
}

export interface Problem {
  field: FieldKey;
  message: string;
}

export type HoursEdit =
  | { type: 'timeZone'; timeZone: string }
  | { type: 'closed'; day: Weekday; closed: boolean }
  | { type: 'range'; day: Weekday; index: number; part: keyof RangeDraft; value: string }
  | { type: 'addRange'; day: Weekday }
  | { type: 'removeRange'; day: Weekday; index: number }
  | { type: 'holiday'; index: number; value: string }
  | { type: 'addHoliday' }
  | { type: 'removeHoliday'; index: number }
  | { type: 'callbacksEnabled'; enabled: boolean }
  | { type: 'number'; field: NumericSetting; value: string }
  | { type: 'countries'; value: string };

const DEFAULT_RANGE: RangeDraft = { open: '09:00', close: '18:00' };
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ALPHA2 = /^[A-Z]{2}$/;
const DAY_MINUTES = 24 * 60;

export function formFromHours(hours: BusinessHours): HoursForm {
  const days = mapWeek((day): DayDraft => {
    const ranges = hours.weekly[day].map((r) => ({ open: r.open, close: r.close === '24:00' ? '00:00' : r.close }));
    return { closed: ranges.length === 0, ranges };
  });
  const callback = hours.callback;
  return {
    timeZone: hours.timeZone,
    days,
    holidays: [...hours.holidays],
    callback: {
      enabled: callback.enabled,
      numbers: {
        slotMinutes: String(callback.slotMinutes),
        bufferMinutes: String(callback.bufferMinutes),
        minNoticeMinutes: String(callback.minNoticeMinutes),
        daysAhead: String(callback.daysAhead),
        capacity: String(callback.capacity),
        longWaitSeconds: String(callback.longWaitSeconds),
      },
      countries: callback.countries.join(', '),
    },
  };
}

export function editHours(form: HoursForm, edit: HoursEdit): HoursForm {
  switch (edit.type) {
    case 'timeZone':
      return { ...form, timeZone: edit.timeZone };
    case 'closed': {
      const day = form.days[edit.day];
      // Opening a day with nothing kept offers the usual hours rather than an empty row.
      const ranges = !edit.closed && day.ranges.length === 0 ? [DEFAULT_RANGE] : day.ranges;
      return withDay(form, edit.day, { closed: edit.closed, ranges });
    }
    case 'range': {
      const day = form.days[edit.day];
      const ranges = day.ranges.map((r, i) => (i === edit.index ? { ...r, [edit.part]: edit.value } : r));
      return withDay(form, edit.day, { ...day, ranges });
    }
    case 'addRange': {
      const day = form.days[edit.day];
      if (day.ranges.length >= MaxRangesPerDay) return form;
      return withDay(form, edit.day, { closed: false, ranges: [...day.ranges, nextRange(day.ranges)] });
    }
    case 'removeRange': {
      const day = form.days[edit.day];
      const ranges = day.ranges.filter((_, i) => i !== edit.index);
      // Removing the last range is closing the day.
      return withDay(form, edit.day, { closed: day.closed || ranges.length === 0, ranges });
    }
    case 'holiday':
      return { ...form, holidays: form.holidays.map((d, i) => (i === edit.index ? edit.value : d)) };
    case 'addHoliday':
      return form.holidays.length >= MaxHolidays ? form : { ...form, holidays: [...form.holidays, ''] };
    case 'removeHoliday':
      return { ...form, holidays: form.holidays.filter((_, i) => i !== edit.index) };
    case 'callbacksEnabled':
      return { ...form, callback: { ...form.callback, enabled: edit.enabled } };
    case 'number':
      return { ...form, callback: { ...form.callback, numbers: { ...form.callback.numbers, [edit.field]: edit.value } } };
    case 'countries':
      return { ...form, callback: { ...form.callback, countries: edit.value } };
    default: {
      const unreachable: never = edit;
      throw new Error(`Unknown hours edit: ${JSON.stringify(unreachable)}`);
    }
  }
}

function withDay(form: HoursForm, day: Weekday, draft: DayDraft): HoursForm {
  return { ...form, days: { ...form.days, [day]: draft } };
}

/** A new range starts where the last one ends and lasts an hour (to midnight at most); blank if there is no room. */
function nextRange(ranges: readonly RangeDraft[]): RangeDraft {
  const last = ranges[ranges.length - 1];
  if (last === undefined) return DEFAULT_RANGE;
  const start = closeMinutes(last.close);
  if (start === null || start >= DAY_MINUTES) return { open: '', close: '' };
  return { open: clockOf(start), close: clockOf(Math.min(start + 60, DAY_MINUTES)) };
}

/** 'HH:MM' → minutes after midnight; null when not a time. */
function minutesOf(clock: string): number | null {
  if (!CLOCK.test(clock)) return null;
  return Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
}

/** A closing time in minutes, 00:00 read as the end of the day. */
function closeMinutes(clock: string): number | null {
  const minutes = minutesOf(clock);
  return minutes === 0 ? DAY_MINUTES : minutes;
}

/** Minutes → 'HH:MM', the end of the day as '00:00' (the form's midnight). */
function clockOf(minutes: number): string {
  const m = minutes % DAY_MINUTES;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** Everything the server would refuse (as far as the console can tell), in the order the form shows the fields. */
export function formProblems(form: HoursForm, isKnownZone: (zone: string) => boolean): Problem[] {
  const problems: Problem[] = [];
  if (form.timeZone === '' || !isKnownZone(form.timeZone)) problems.push({ field: 'timeZone', message: 'Pick a time zone.' });
  for (const day of Weekday) {
    const draft = form.days[day];
    if (!draft.closed) problems.push(...dayProblems(day, draft.ranges));
  }
  form.holidays.forEach((date, index) => {
    const problem = holidayProblem(date, index);
    if (problem !== null) problems.push({ field: `holiday.${index}`, message: problem });
  });
  for (const field of NumericSetting) {
    if (parseWhole(form.callback.numbers[field], CallbackLimits[field]) === null) {
      const { min, max } = CallbackLimits[field];
      problems.push({ field: `callback.${field}`, message: `${CallbackFieldLabels[field]} must be a whole number from ${min} to ${max}.` });
    }
  }
  const countries = parseCountries(form.callback.countries);
  const wrong = countries.find((code) => !ALPHA2.test(code));
  if (wrong !== undefined) {
    problems.push({ field: 'callback.countries', message: `"${wrong}" is not a two-letter country code (ISO 3166), like "BR".` });
  } else if (countries.length > MaxCountries) {
    problems.push({ field: 'callback.countries', message: `At most ${MaxCountries} countries.` });
  }
  return problems;
}

function dayProblems(day: Weekday, ranges: readonly RangeDraft[]): Problem[] {
  const name = WeekdayNames[day];
  const problems: Problem[] = [];
  const valid: { index: number; open: number; close: number; range: RangeDraft }[] = [];
  ranges.forEach((range, index) => {
    const open = minutesOf(range.open);
    const close = closeMinutes(range.close);
    if (open === null) problems.push({ field: `${day}.${index}.open`, message: `${name}: the opening time is missing.` });
    if (close === null) problems.push({ field: `${day}.${index}.close`, message: `${name}: the closing time is missing.` });
    if (open === null || close === null) return;
    if (close <= open) {
      problems.push({
        field: `${day}.${index}.close`,
        message: `${name}: closing time ${range.close} must be after opening time ${range.open}.`,
      });
      return;
    }
    valid.push({ index, open, close, range });
  });
  const sorted = [...valid].sort((a, b) => a.open - b.open);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1];
    const next = sorted[i];
    if (prev !== undefined && next !== undefined && next.open < prev.close) {
      problems.push({
        field: `${day}.${next.index}.open`,
        message: `${name}: ${prev.range.open}–${prev.range.close} and ${next.range.open}–${next.range.close} overlap.`,
      });
    }
  }
  return problems;
}

function holidayProblem(date: string, index: number): string | null {
  const label = `Holiday ${index + 1}`;
  if (date === '') return `${label}: pick a date or remove it.`;
  const match = ISO_DATE.exec(date);
  if (match === null) return `${label} is not a date.`;
  const [, y, m, d] = match.map(Number);
  const real = new Date(Date.UTC(y ?? NaN, (m ?? NaN) - 1, d ?? NaN));
  // Date.UTC rolls 2025-02-30 over to March; a real date reads back the same.
  if (real.getUTCFullYear() !== y || real.getUTCMonth() + 1 !== m || real.getUTCDate() !== d) return `${label} is not a real date.`;
  return null;
}

function parseWhole(text: string, { min, max }: { min: number; max: number }): number | null {
  const trimmed = text.trim();
  if (!/^-?\d+$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return value >= min && value <= max ? value : null;
}

/** "pt, br  es" → ['PT', 'BR', 'ES']: commas or spaces between, any case, duplicates once. */
export function parseCountries(text: string): string[] {
  const codes = text
    .split(/[\s,;]+/)
    .filter((code) => code !== '')
    .map((code) => code.toUpperCase());
  return [...new Set(codes)];
}

/**
 * The hours to send, or the problems to fix first. Ranges go out in time order, 00:00 closing
 * as '24:00'; holidays sorted, each once; a closed day has no ranges.
 */
export function hoursFromForm(
  form: HoursForm,
  isKnownZone: (zone: string) => boolean,
): { ok: true; hours: BusinessHours } | { ok: false; problems: Problem[] } {
  const problems = formProblems(form, isKnownZone);
  if (problems.length > 0) return { ok: false, problems };
  const weekly = mapWeek((day) => {
    const draft = form.days[day];
    if (draft.closed) return [];
    return [...draft.ranges]
      .sort((a, b) => (minutesOf(a.open) ?? 0) - (minutesOf(b.open) ?? 0))
      .map((r) => ({ open: r.open, close: r.close === '00:00' ? '24:00' : r.close }));
  });
  const numbers = form.callback.numbers;
  const whole = (field: NumericSetting): number => Number(numbers[field].trim());
  return {
    ok: true,
    hours: {
      timeZone: form.timeZone,
      weekly,
      holidays: [...new Set(form.holidays)].sort(),
      callback: {
        enabled: form.callback.enabled,
        slotMinutes: whole('slotMinutes'),
        bufferMinutes: whole('bufferMinutes'),
        minNoticeMinutes: whole('minNoticeMinutes'),
        daysAhead: whole('daysAhead'),
        capacity: whole('capacity'),
        longWaitSeconds: whole('longWaitSeconds'),
        countries: parseCountries(form.callback.countries),
      },
    },
  };
}

/**
 * The zones to offer: what the browser knows, plus UTC and the current one (browsers list
 * canonical names only, so 'UTC' and older aliases like 'Asia/Kolkata' may be missing), sorted.
 */
export function timeZoneOptions(current: string, supported: () => readonly string[]): string[] {
  let zones: readonly string[] = [];
  try {
    zones = supported();
  } catch (error) {
    // NOTE: a browser without Intl.supportedValuesOf still gets a working select: UTC and the current zone.
    console.warn('[ponte] this browser cannot list time zones', error);
  }
  return [...new Set(['UTC', current, ...zones])].filter((zone) => zone !== '').sort();
}
