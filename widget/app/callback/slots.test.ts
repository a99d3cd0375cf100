import { describe, expect, it } from 'vitest';
import type { CallbackSlot } from '../../../protocol/frames';
import { groupSlots, zoneName } from './slots';

const plain = (text: string): string => text.replace(/\s/g, ' ');
const slot = (start: string): CallbackSlot => ({ start, end: new Date(Date.parse(start) + 1_800_000).toISOString(), remaining: 1 });

describe('free times by the visitor’s day', () => {
  // The site's evening slots straddle midnight UTC: the same instants fall on different days
  // for a visitor in Tokyo and one in São Paulo.
  const slots = [slot('2025-03-04T22:00:00Z'), slot('2025-03-04T23:30:00Z'), slot('2025-03-05T02:00:00Z')];

  it('groups by the local calendar day, in order, each time in the local clock', () => {
    const saoPaulo = groupSlots(slots, 'en', 'America/Sao_Paulo');
    expect(saoPaulo.map((d) => [d.label, d.slots.map((s) => plain(s.time))])).toEqual([
      ['Tuesday, March 4', ['7:00 PM', '8:30 PM', '11:00 PM']],
    ]);
    const tokyo = groupSlots(slots, 'en', 'Asia/Tokyo');
    expect(tokyo.map((d) => [d.label, d.slots.map((s) => plain(s.time))])).toEqual([
      ['Wednesday, March 5', ['7:00 AM', '8:30 AM', '11:00 AM']],
    ]);
    const lisbon = groupSlots(slots, 'pt-BR', 'Europe/Lisbon');
    expect(lisbon.map((d) => [d.label, d.slots.map((s) => s.time)])).toEqual([
      ['terça-feira, 4 de março', ['22:00', '23:30']],
      ['quarta-feira, 5 de março', ['2:00']],
    ]);
    expect(lisbon[1]?.slots[0]?.slot).toEqual(slots[2]);
  });

  it('leaves out a slot whose start cannot be read, and groups nothing from nothing', () => {
    expect(groupSlots([{ start: 'soon', end: 'later', remaining: 1 }, slots[0]!], 'en', 'UTC')).toHaveLength(1);
    expect(groupSlots([], 'en', 'UTC')).toEqual([]);
  });
});

describe('the visitor’s time zone, named', () => {
  const at = new Date('2025-03-04T10:00:00Z');

  it('gives the zone in words in the visitor’s language, with its IANA name', () => {
    expect(zoneName('en', 'Europe/Lisbon', at)).toBe('Western European Time (Europe/Lisbon)');
    expect(zoneName('en', 'America/New_York', at)).toBe('Eastern Time (America/New_York)');
    expect(zoneName('pt-BR', 'America/Sao_Paulo', at)).toBe('Horário Padrão de Brasília (America/Sao_Paulo)');
    expect(zoneName('es', 'Europe/Madrid', at)).toMatch(/^hora de Europa central \(Europe\/Madrid\)$/);
  });

  it('prefers a long name to a bare offset', () => {
    expect(zoneName('en', 'UTC', at)).toBe('Coordinated Universal Time (UTC)');
  });
});
