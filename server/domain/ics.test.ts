import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { type IcsEvent, buildIcs } from './ics';

const event = (over: Partial<IcsEvent> = {}): IcsEvent => ({
  uid: 'cb_01JQ7Z3@ponte',
  sequence: 0,
  start: new Date('2026-03-30T08:00:00.000Z'),
  end: new Date('2026-03-30T08:30:00.000Z'),
  stamp: new Date('2026-03-29T12:34:56.789Z'),
  summary: 'Call from Demo Shop',
  description: 'Demo Shop will call you at +351 912 345 678.',
  status: 'CONFIRMED',
  ...over,
});

/** Parses with ical.js, an independent RFC 5545 implementation. */
function parse(ics: string) {
  const calendar = ICAL.Component.fromString(ics);
  const vevent = calendar.getFirstSubcomponent('vevent');
  if (vevent === null) throw new Error('no VEVENT');
  return { calendar, vevent, event: new ICAL.Event(vevent) };
}

/** Text with every character TEXT must escape, multi-byte UTF-8 of 2, 3 and 4 octets, long enough to fold. */
const tricky =
  'Olá, João; a equipa da Açaí & Cª liga-lhe às 09:00 — confirme, por favor.\n' +
  'Path C:\\Users\\joão\\nota.txt; "aspas", vírgulas, e mais; 📞☎️🇧🇷👩🏽‍💻\r\n' +
  'Ünïcödé ñandú 中文电话 réservé: ça coûte 0,00 € — '.repeat(4);

describe('buildIcs', () => {
  it('is a PUBLISH calendar with one event at the right UTC instants', () => {
    const ics = buildIcs(event());
    const { calendar, vevent, event: parsed } = parse(ics);
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    expect(calendar.getFirstPropertyValue('prodid')).toBe('-//Ponte//Callbacks//EN');
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(calendar.getFirstPropertyValue('calscale')).toBe('GREGORIAN');
    expect(calendar.getAllSubcomponents('vevent')).toHaveLength(1);
    expect(parsed.startDate.toJSDate().toISOString()).toBe('2026-03-30T08:00:00.000Z');
    expect(parsed.endDate.toJSDate().toISOString()).toBe('2026-03-30T08:30:00.000Z');
    expect(parsed.startDate.zone?.tzid).toBe('UTC');
    expect(String(vevent.getFirstPropertyValue('dtstamp'))).toBe('2026-03-29T12:34:56Z');
    expect(parsed.uid).toBe('cb_01JQ7Z3@ponte');
    expect(parsed.sequence).toBe(0);
    expect(vevent.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(ics).toContain('\r\nDTSTART:20260330T080000Z\r\n');
  });

  it('round-trips summary and description with escapes, emoji and accents, folded', () => {
    const description = `${tricky}\n\nNote from the visitor: ligue-me depois das 10h, obrigado!`;
    const ics = buildIcs(event({ summary: `Ligação de Açaí; Cª, Lda \\ ${'📞'.repeat(30)}`, description }));
    const { event: parsed } = parse(ics);
    expect(parsed.summary).toBe(`Ligação de Açaí; Cª, Lda \\ ${'📞'.repeat(30)}`);
    // TEXT has one line break kind: CRLF in the input comes back as LF.
    expect(parsed.description).toBe(description.replace(/\r\n/g, '\n'));
    // SUMMARY takes 2 continuation lines, DESCRIPTION 7, and the alarm's DESCRIPTION (the summary) 2.
    expect(ics.split('\r\n').filter((l) => l.startsWith(' '))).toHaveLength(11);
  });

  it('folds every line to at most 75 octets without splitting a UTF-8 character', () => {
    const ics = buildIcs(event({ summary: 'é'.repeat(100), description: tricky, organizerName: 'Açaí & Cª "Loja"; Porto: Ribeira' }));
    const lines = ics.split('\r\n');
    expect(lines.at(-1)).toBe('');
    for (const line of lines) {
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
      // A line that ends or starts mid-character would not survive a UTF-8 round trip on its own.
      expect(Buffer.from(line, 'utf8').toString('utf8')).toBe(line);
      expect(line).not.toMatch(/[\uD800-\uDFFF]/u);
    }
    // 12 octets of "SUMMARY:" plus 2-octet é: a naive cut at 75 would land inside a character.
    expect(lines.find((l) => l.startsWith('SUMMARY:'))?.length).toBe(8 + 33);
    expect(parse(ics).event.summary).toBe('é'.repeat(100));
  });

  it('never cuts a 4-octet emoji, wherever the fold falls', () => {
    // Each prefix length puts the 75-octet boundary at a different octet of a 📞 (F0 9F 93 9E).
    for (const prefix of ['', 'a', 'ab', 'abc']) {
      const summary = `${prefix}${'📞'.repeat(40)}`;
      const ics = buildIcs(event({ summary }));
      for (const line of ics.split('\r\n')) {
        expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
        expect(line).not.toMatch(/[\uD800-\uDFFF]/u);
      }
      expect(parse(ics).event.summary).toBe(summary);
    }
  });

  it('uses CRLF line ends only', () => {
    const ics = buildIcs(event({ description: 'one\ntwo\r\nthree\rfour' }));
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(parse(ics).event.description).toBe('one\ntwo\nthree\nfour');
  });

  it('escapes TEXT exactly as RFC 5545 says', () => {
    const ics = buildIcs(event({ summary: 'a\\b;c,d\ne' }));
    expect(ics).toContain('\r\nSUMMARY:a\\\\b\\;c\\,d\\ne\r\n');
  });

  it('adds a display alarm 10 minutes before a confirmed call', () => {
    const { vevent } = parse(buildIcs(event()));
    const alarms = vevent.getAllSubcomponents('valarm');
    expect(alarms).toHaveLength(1);
    const alarm = alarms[0];
    expect(alarm?.getFirstPropertyValue('action')).toBe('DISPLAY');
    expect(alarm?.getFirstPropertyValue('description')).toBe('Call from Demo Shop');
    expect(alarm?.getFirstPropertyValue('trigger')?.toString()).toBe('-PT10M');
  });

  it('marks a cancelled call CANCELLED, with the same UID, a higher SEQUENCE and no alarm', () => {
    const { vevent, event: parsed } = parse(buildIcs(event({ status: 'CANCELLED', sequence: 3 })));
    expect(vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(parsed.uid).toBe('cb_01JQ7Z3@ponte');
    expect(parsed.sequence).toBe(3);
    expect(vevent.getAllSubcomponents('valarm')).toHaveLength(0);
  });

  it('names the organizer and links the url when given, and cannot be injected into', () => {
    const ics = buildIcs(event({ organizerName: 'Açaí "Loja"; Porto:\nX-EVIL:1', url: 'https://shop.example/chat?x=1\r\nX-EVIL:2' }));
    const { vevent } = parse(ics);
    const organizer = vevent.getFirstProperty('organizer');
    expect(organizer?.getParameter('cn')).toBe("Açaí 'Loja'; Porto:X-EVIL:1");
    expect(organizer?.getFirstValue()).toBe('mailto:no-reply@ponte.invalid');
    expect(vevent.getFirstPropertyValue('url')).toBe('https://shop.example/chat?x=1X-EVIL:2');
    expect(ics).not.toMatch(/\r\nX-EVIL/);
    expect(buildIcs(event())).not.toContain('ORGANIZER');
  });

  it('refuses an invalid date or sequence instead of writing a broken file', () => {
    expect(() => buildIcs(event({ start: new Date('nope') }))).toThrow(RangeError);
    expect(() => buildIcs(event({ sequence: -1 }))).toThrow(RangeError);
  });
});
