/**
 * The booking panel's view of the free slots: grouped by the visitor's own calendar day, each with
 * its clock time, and the visitor's time zone named in words. Loaded with the panel (lazy chunk).
 */
import type { Locale } from '../../../protocol/codes';
import type { CallbackSlot } from '../../../protocol/frames';
import { clockTime, dayNumber } from './time';

export interface SlotChoice {
  slot: CallbackSlot;
  /** "10:00 AM" in the visitor's zone. */
  time: string;
}

export interface SlotDay {
  /** The day number in the visitor's zone (stable while the panel is open), as a string key. */
  key: string;
  /** "Monday, March 3". */
  label: string;
  slots: SlotChoice[];
}

/** Slots (in start order, as the server sends them) grouped by the visitor's local day. */
export function groupSlots(slots: readonly CallbackSlot[], locale: Locale, timeZone: string | undefined): SlotDay[] {
  const label = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'long', day: 'numeric', month: 'long' });
  const days: SlotDay[] = [];
  for (const slot of slots) {
    const at = new Date(slot.start);
    if (Number.isNaN(at.getTime())) {
      console.warn('[ponte] a callback slot with an unreadable start was left out', slot);
      continue;
    }
    const key = String(dayNumber(at, timeZone));
    let day = days.find((d) => d.key === key);
    if (!day) {
      day = { key, label: label.format(at), slots: [] };
      days.push(day);
    }
    day.slots.push({ slot, time: clockTime(locale, timeZone, at) });
  }
  return days;
}

/** The name `Intl` gives the zone in the given style, or null when this browser has no such style. */
function styledName(locale: Locale, timeZone: string, at: Date, style: 'long' | 'longGeneric'): string | null {
  try {
    const parts = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: style }).formatToParts(at);
    return parts.find((p) => p.type === 'timeZoneName')?.value ?? null;
  } catch (error) {
    // `longGeneric` is newer than the rest of Intl; older engines throw a RangeError for it.
    if (error instanceof RangeError) return null;
    throw error;
  }
}

/**
 * The visitor's zone in words, with its IANA name: "Western European Time (Europe/Lisbon)".
 * The generic name ("Eastern Time") holds all year; where it is only an offset ("GMT+00:00"),
 * the long name ("Coordinated Universal Time") says more.
 */
export function zoneName(locale: Locale, timeZone: string, at: Date): string {
  const generic = styledName(locale, timeZone, at, 'longGeneric');
  const name = generic && !/^GMT|^UTC/.test(generic) ? generic : (styledName(locale, timeZone, at, 'long') ?? generic);
  return name && name !== timeZone ? name + ' (' + timeZone + ')' : timeZone;
}
