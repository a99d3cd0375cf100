/**
 * The calendar file a visitor gets for a booked callback (RFC 5545). Re-sent with a higher
 * SEQUENCE and the same UID when the call moves or is cancelled, so calendars update the entry
 * in place instead of adding a second one.
 */

export type IcsEvent = {
  uid: string;
  sequence: number;
  start: Date;
  end: Date;
  stamp: Date;
  summary: string;
  description: string;
  status: 'CONFIRMED' | 'CANCELLED';
  organizerName?: string;
  url?: string;
};

const CRLF = '\r\n';
/** RFC 5545 §3.1: lines SHOULD NOT be longer than 75 octets, excluding the line break. */
const MAX_OCTETS = 75;
const REMINDER = '-PT10M';

const encoder = new TextEncoder();

/** 2026-03-30T08:00:00.000Z → 20260330T080000Z (FORM #2, UTC; sub-seconds dropped). */
function utc(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('buildIcs: invalid date');
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

/** TEXT value escaping (§3.3.11). Control characters other than tab are not allowed in TEXT. */
function text(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, '');
}

/**
 * A parameter value (§3.2): quoted, since a site name may hold ':' ';' ','. DQUOTE cannot appear
 * inside a quoted value at all, so it becomes a single quote.
 */
function paramValue(value: string): string {
  return `"${value.replace(/"/g, "'").replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, '')}"`;
}

/** A URI value is not escaped like TEXT, but a line break in it would inject properties. */
function uri(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f]/g, '');
}

/**
 * Folds one content line (§3.1): CRLF + a space before every 75th octet. Splits only between
 * code points, so a multi-byte UTF-8 character is never cut in half.
 */
function fold(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = encoder.encode(char).length;
    // Continuation lines start with the space, which counts against their 75.
    const limit = parts.length === 0 ? MAX_OCTETS : MAX_OCTETS - 1;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

/**
 * An RFC 5545 VCALENDAR (PRODID '-//Ponte//Callbacks//EN', VERSION 2.0, METHOD PUBLISH, CALSCALE
 * GREGORIAN) with one VEVENT: UTC times (…Z), CRLF line ends, lines folded at 75 octets without
 * splitting a UTF-8 character, TEXT values escaped (\\ ; , newline → \n). A confirmed call gets
 * a DISPLAY alarm 10 minutes before. Throws RangeError on an invalid date or sequence.
 */
export function buildIcs(event: IcsEvent): string {
  if (!Number.isInteger(event.sequence) || event.sequence < 0) throw new RangeError('buildIcs: sequence must be a whole number ≥ 0');
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Ponte//Callbacks//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    `UID:${text(event.uid)}`,
    `SEQUENCE:${event.sequence}`,
    `DTSTAMP:${utc(event.stamp)}`,
    `DTSTART:${utc(event.start)}`,
    `DTEND:${utc(event.end)}`,
    `SUMMARY:${text(event.summary)}`,
    `DESCRIPTION:${text(event.description)}`,
    `STATUS:${event.status}`,
  ];
  if (event.organizerName !== undefined) {
    // NOTE: ORGANIZER must be a calendar address (a URI). The site has no mailbox that takes
    // replies, so it is the reserved, undeliverable `.invalid` domain (RFC 2606); calendars show CN.
    lines.push(`ORGANIZER;CN=${paramValue(event.organizerName)}:mailto:no-reply@ponte.invalid`);
  }
  if (event.url !== undefined) lines.push(`URL:${uri(event.url)}`);
  if (event.status === 'CONFIRMED') {
    lines.push('BEGIN:VALARM', 'ACTION:DISPLAY', `DESCRIPTION:${text(event.summary)}`, `TRIGGER:${REMINDER}`, 'END:VALARM');
  }
  lines.push('END:VEVENT', 'END:VCALENDAR');
  return lines.map(fold).join(CRLF) + CRLF;
}
