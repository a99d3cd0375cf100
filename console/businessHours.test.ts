import { describe, expect, it } from 'vitest';
import { mapWeek, readBusinessHours } from './businessHours';
import { businessHours } from './testing';

describe('readBusinessHours', () => {
  it('reads what the server sends, through JSON', () => {
    const hours = businessHours({ holidays: ['2025-12-25'], callback: { ...businessHours().callback, countries: ['PT'] } });
    expect(readBusinessHours(JSON.parse(JSON.stringify(hours)))).toEqual(hours);
  });

  it('refuses anything that is not that shape', () => {
    const good = JSON.parse(JSON.stringify(businessHours())) as Record<string, unknown>;
    const broken: unknown[] = [
      null,
      [],
      { ...good, timeZone: 3 },
      { ...good, weekly: { ...(good.weekly as object), sun: undefined } },
      { ...good, weekly: { ...(good.weekly as object), mon: [{ open: '09:00' }] } },
      { ...good, holidays: ['2025-12-25', 1] },
      { ...good, callback: { ...(good.callback as object), capacity: '2' } },
      { ...good, callback: { ...(good.callback as object), enabled: 'yes' } },
      { ...good, callback: { ...(good.callback as object), countries: 'PT' } },
    ];
    for (const value of broken) expect(readBusinessHours(value)).toBeNull();
  });
});

describe('mapWeek', () => {
  it('builds one value per weekday, Monday first', () => {
    expect(Object.entries(mapWeek((day) => day.toUpperCase()))).toEqual([
      ['mon', 'MON'],
      ['tue', 'TUE'],
      ['wed', 'WED'],
      ['thu', 'THU'],
      ['fri', 'FRI'],
      ['sat', 'SAT'],
      ['sun', 'SUN'],
    ]);
  });
});
