import { describe, expect, it } from 'vitest';
import type { BusinessHours } from './businessHours';
import { editHours, formFromHours, formProblems, hoursFromForm, parseCountries, timeZoneOptions, type HoursEdit, type HoursForm } from './hoursForm';
import { businessHours } from './testing';

const anyZone = () => true;
const form = (overrides: Partial<BusinessHours> = {}) => formFromHours(businessHours(overrides));
const run = (from: HoursForm, edits: HoursEdit[]) => edits.reduce(editHours, from);
const fields = (f: HoursForm) => formProblems(f, anyZone).map((p) => p.field);

function saved(f: HoursForm): BusinessHours {
  const result = hoursFromForm(f, anyZone);
  if (!result.ok) throw new Error(`unexpected problems: ${JSON.stringify(result.problems)}`);
  return result.hours;
}

describe('business hours form ↔ BusinessHours', () => {
  it('gives back the same hours it was filled from', () => {
    const hours = businessHours({
      timeZone: 'America/Sao_Paulo',
      holidays: ['2025-12-25', '2026-01-01'],
      weekly: {
        mon: [{ open: '08:00', close: '12:00' }, { open: '13:00', close: '24:00' }],
        tue: [],
        wed: [{ open: '00:00', close: '24:00' }],
        thu: [],
        fri: [{ open: '09:00', close: '17:30' }],
        sat: [],
        sun: [],
      },
      callback: { enabled: false, slotMinutes: 15, bufferMinutes: 5, minNoticeMinutes: 120, daysAhead: 14, capacity: 3, longWaitSeconds: 600, countries: ['PT', 'BR'] },
    });
    expect(saved(formFromHours(hours))).toEqual(hours);
  });

  it('shows a 24:00 closing as 00:00 (a time input cannot hold 24:00) and sends it back as 24:00', () => {
    const f = form({ weekly: { ...businessHours().weekly, mon: [{ open: '18:00', close: '24:00' }] } });
    expect(f.days.mon.ranges).toEqual([{ open: '18:00', close: '00:00' }]);
    expect(formProblems(f, anyZone)).toEqual([]);
    expect(saved(f).weekly.mon).toEqual([{ open: '18:00', close: '24:00' }]);
  });

  it('sends ranges in time order, holidays sorted and once, countries upper-cased and once', () => {
    const f = run(form(), [
      { type: 'addRange', day: 'tue' },
      { type: 'range', day: 'tue', index: 1, part: 'open', value: '06:00' },
      { type: 'range', day: 'tue', index: 1, part: 'close', value: '08:00' },
      { type: 'addHoliday' },
      { type: 'holiday', index: 0, value: '2025-12-25' },
      { type: 'addHoliday' },
      { type: 'holiday', index: 1, value: '2025-05-01' },
      { type: 'addHoliday' },
      { type: 'holiday', index: 2, value: '2025-12-25' },
      { type: 'countries', value: ' pt, br ,PT es' },
    ]);
    const hours = saved(f);
    expect(hours.weekly.tue).toEqual([{ open: '06:00', close: '08:00' }, { open: '09:00', close: '18:00' }]);
    expect(hours.holidays).toEqual(['2025-05-01', '2025-12-25']);
    expect(hours.callback.countries).toEqual(['PT', 'BR', 'ES']);
  });

  it('sends a day marked closed with no ranges, and brings its ranges back when unticked', () => {
    let f = run(form(), [{ type: 'closed', day: 'mon', closed: true }]);
    expect(saved(f).weekly.mon).toEqual([]);
    f = editHours(f, { type: 'closed', day: 'mon', closed: false });
    expect(saved(f).weekly.mon).toEqual([{ open: '09:00', close: '18:00' }]);
  });

  it('offers 09:00–18:00 when a day that had no hours is opened', () => {
    const f = run(form(), [{ type: 'closed', day: 'sat', closed: false }]);
    expect(saved(f).weekly.sat).toEqual([{ open: '09:00', close: '18:00' }]);
  });

  it('adds a range starting where the last one ends, at most up to midnight, and closes a day whose last range is removed', () => {
    let f = run(form(), [{ type: 'addRange', day: 'mon' }]);
    expect(f.days.mon.ranges[1]).toEqual({ open: '18:00', close: '19:00' });
    f = run(f, [{ type: 'range', day: 'mon', index: 1, part: 'close', value: '00:00' }, { type: 'addRange', day: 'mon' }]);
    // Nothing fits after midnight: the new row starts blank and must be filled in.
    expect(f.days.mon.ranges[2]).toEqual({ open: '', close: '' });
    f = run(f, [
      { type: 'removeRange', day: 'mon', index: 2 },
      { type: 'removeRange', day: 'mon', index: 0 },
    ]);
    expect(f.days.mon).toEqual({ closed: false, ranges: [{ open: '18:00', close: '00:00' }] });
    f = editHours(f, { type: 'removeRange', day: 'mon', index: 0 });
    expect(f.days.mon.closed).toBe(true);
    expect(saved(f).weekly.mon).toEqual([]);
  });

  it('never holds more than 6 ranges a day (the server limit)', () => {
    let f = form();
    for (let i = 0; i < 8; i++) f = editHours(f, { type: 'addRange', day: 'wed' });
    expect(f.days.wed.ranges).toHaveLength(6);
  });

  it('leaves the form it was given unchanged', () => {
    const f = form();
    const copy = structuredClone(f);
    run(f, [
      { type: 'range', day: 'mon', index: 0, part: 'open', value: '10:00' },
      { type: 'closed', day: 'tue', closed: true },
      { type: 'addHoliday' },
      { type: 'number', field: 'capacity', value: '9' },
    ]);
    expect(f).toEqual(copy);
  });
});

describe('business hours form problems', () => {
  it('wants closing after opening, naming the day and the times', () => {
    const f = run(form(), [{ type: 'range', day: 'wed', index: 0, part: 'close', value: '08:30' }]);
    expect(formProblems(f, anyZone)).toEqual([{ field: 'wed.0.close', message: 'Wednesday: closing time 08:30 must be after opening time 09:00.' }]);
    expect(hoursFromForm(f, anyZone).ok).toBe(false);
  });

  it('finds overlapping ranges but lets ranges touch', () => {
    const touching = run(form(), [
      { type: 'range', day: 'mon', index: 0, part: 'close', value: '12:00' },
      { type: 'addRange', day: 'mon' },
      { type: 'range', day: 'mon', index: 1, part: 'close', value: '18:00' },
    ]);
    expect(fields(touching)).toEqual([]);
    const overlapping = editHours(touching, { type: 'range', day: 'mon', index: 1, part: 'open', value: '11:00' });
    expect(formProblems(overlapping, anyZone)).toEqual([{ field: 'mon.1.open', message: 'Monday: 09:00–12:00 and 11:00–18:00 overlap.' }]);
  });

  it('asks for missing times on open days only', () => {
    const f = run(form(), [
      { type: 'range', day: 'thu', index: 0, part: 'open', value: '' },
      { type: 'range', day: 'fri', index: 0, part: 'close', value: '' },
    ]);
    expect(fields(f)).toEqual(['thu.0.open', 'fri.0.close']);
    const closed = run(f, [
      { type: 'closed', day: 'thu', closed: true },
      { type: 'closed', day: 'fri', closed: true },
    ]);
    expect(fields(closed)).toEqual([]);
  });

  it('wants every holiday row to be a real date', () => {
    const f = run(form(), [
      { type: 'addHoliday' },
      { type: 'addHoliday' },
      { type: 'holiday', index: 1, value: '2025-02-30' },
      { type: 'addHoliday' },
      { type: 'holiday', index: 2, value: '2028-02-29' },
    ]);
    expect(formProblems(f, anyZone)).toEqual([
      { field: 'holiday.0', message: 'Holiday 1: pick a date or remove it.' },
      { field: 'holiday.1', message: 'Holiday 2 is not a real date.' },
    ]);
  });

  it('checks the callback numbers against the server limits, by their labels', () => {
    const f = run(form(), [
      { type: 'number', field: 'slotMinutes', value: '4' },
      { type: 'number', field: 'bufferMinutes', value: '2.5' },
      { type: 'number', field: 'daysAhead', value: '' },
      { type: 'number', field: 'capacity', value: '100' },
      { type: 'number', field: 'longWaitSeconds', value: ' 0 ' },
    ]);
    expect(formProblems(f, anyZone)).toEqual([
      { field: 'callback.slotMinutes', message: 'Slot length (minutes) must be a whole number from 5 to 240.' },
      { field: 'callback.bufferMinutes', message: 'Buffer between calls (minutes) must be a whole number from 0 to 240.' },
      { field: 'callback.daysAhead', message: 'Days ahead must be a whole number from 1 to 60.' },
    ]);
    const fixed = run(f, [
      { type: 'number', field: 'slotMinutes', value: '5' },
      { type: 'number', field: 'bufferMinutes', value: '0' },
      { type: 'number', field: 'daysAhead', value: '60' },
    ]);
    expect(saved(fixed).callback).toMatchObject({ slotMinutes: 5, bufferMinutes: 0, daysAhead: 60, capacity: 100, longWaitSeconds: 0 });
  });

  it('wants two-letter country codes; empty means any country', () => {
    const wrong = run(form(), [{ type: 'countries', value: 'PT, BRA' }]);
    expect(formProblems(wrong, anyZone)).toEqual([
      { field: 'callback.countries', message: '"BRA" is not a two-letter country code (ISO 3166), like "BR".' },
    ]);
    expect(saved(run(form(), [{ type: 'countries', value: '  ' }])).callback.countries).toEqual([]);
  });

  it('wants a time zone the browser knows', () => {
    const f = run(form(), [{ type: 'timeZone', timeZone: 'Mars/Olympus_Mons' }]);
    expect(formProblems(f, (zone) => zone !== 'Mars/Olympus_Mons')).toEqual([{ field: 'timeZone', message: 'Pick a time zone.' }]);
  });
});

describe('parseCountries', () => {
  it('splits on commas, semicolons and spaces', () => {
    expect(parseCountries('pt;br  es,,fr')).toEqual(['PT', 'BR', 'ES', 'FR']);
    expect(parseCountries('')).toEqual([]);
  });
});

describe('timeZoneOptions', () => {
  it('adds UTC and the current zone when the browser list lacks them, sorted, once each', () => {
    expect(timeZoneOptions('Asia/Kolkata', () => ['Europe/Lisbon', 'America/Sao_Paulo', 'Europe/Lisbon'])).toEqual([
      'America/Sao_Paulo',
      'Asia/Kolkata',
      'Europe/Lisbon',
      'UTC',
    ]);
  });

  it('still offers UTC and the current zone when the browser cannot list zones', () => {
    const warn = console.warn;
    console.warn = () => {};
    try {
      expect(
        timeZoneOptions('Europe/Lisbon', () => {
          throw new TypeError('Intl.supportedValuesOf is not a function');
        }),
      ).toEqual(['Europe/Lisbon', 'UTC']);
    } finally {
      console.warn = warn;
    }
  });
});
