import { describe, expect, it } from 'vitest';
import { clockTime as rawClock, dayNumber, rangeText as rawRange, whenText as rawWhen } from './time';

// ICU puts narrow and thin no-break spaces around AM/PM and dashes; the words are what matter here.
const plain = (text: string): string => text.replace(/\s/g, ' ');
const whenText = (...args: Parameters<typeof rawWhen>) => plain(rawWhen(...args));
const clockTime = (...args: Parameters<typeof rawClock>) => plain(rawClock(...args));
const rangeText = (...args: Parameters<typeof rawRange>) => plain(rawRange(...args));

describe('call-back times in the visitor’s zone', () => {
  // 23:30 UTC on Monday 3 March 2025: still Monday in Lisbon (UTC+0) and São Paulo (UTC−3),
  // already Tuesday in Tokyo (UTC+9).
  const now = new Date('2025-03-03T23:30:00Z');

  it('counts calendar days where the visitor is, not in UTC', () => {
    const at = new Date('2025-03-04T01:00:00Z');
    expect(dayNumber(at, 'Europe/Lisbon') - dayNumber(now, 'Europe/Lisbon')).toBe(1);
    expect(dayNumber(at, 'America/Sao_Paulo') - dayNumber(now, 'America/Sao_Paulo')).toBe(0);
    expect(dayNumber(at, 'Asia/Tokyo') - dayNumber(now, 'Asia/Tokyo')).toBe(0);
  });

  it('says today / tomorrow / the weekday / the date, with the local clock time', () => {
    const nineLisbon = new Date('2025-03-04T09:00:00Z');
    expect(whenText('en', 'Europe/Lisbon', nineLisbon, now)).toBe('tomorrow 9:00 AM');
    expect(whenText('en', 'America/Sao_Paulo', nineLisbon, now)).toBe('tomorrow 6:00 AM');
    expect(whenText('en', 'Asia/Tokyo', nineLisbon, now)).toBe('today 6:00 PM');
    expect(whenText('pt-BR', 'Europe/Lisbon', nineLisbon, now)).toBe('amanhã 9:00');
    expect(whenText('es', 'Europe/Lisbon', nineLisbon, now)).toBe('mañana 9:00');
    expect(whenText('en', 'Europe/Lisbon', new Date('2025-03-06T09:00:00Z'), now)).toBe('Thursday 9:00 AM');
    expect(whenText('en', 'Europe/Lisbon', new Date('2025-03-12T09:00:00Z'), now)).toBe('Wednesday, March 12 9:00 AM');
  });

  it('follows summer time (Lisbon moves to UTC+1 on 30 March 2025)', () => {
    expect(clockTime('en', 'Europe/Lisbon', new Date('2025-03-28T09:00:00Z'))).toBe('9:00 AM');
    expect(clockTime('en', 'Europe/Lisbon', new Date('2025-03-31T09:00:00Z'))).toBe('10:00 AM');
  });

  it('writes a booked slot as one range', () => {
    const start = new Date('2025-03-04T10:00:00Z');
    const end = new Date('2025-03-04T10:30:00Z');
    expect(rangeText('en', 'Europe/Lisbon', start, end)).toBe('Tuesday, March 4, 10:00 – 10:30 AM');
    expect(rangeText('en', 'America/New_York', start, end)).toBe('Tuesday, March 4, 5:00 – 5:30 AM');
    expect(rangeText('pt-BR', 'America/Sao_Paulo', start, end)).toContain('07:00');
  });
});
