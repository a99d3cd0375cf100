import type { ConversationStatus } from '../protocol/codes';
import type { Callback, CallbackOutcome, CallbackState, ConversationSummary, HandoffInfo, StatusEvent } from '../protocol/frames';
import { clockIn, dateIn, dayKey, knownZone, nextDayKey, weekdayClockIn } from './zoned';

/** Pure text helpers for the console's views; time comes in as an argument so tests can fix it. */

export function shortId(id: string): string {
  return id.replace(/[^a-zA-Z0-9]/g, '').slice(-6).toUpperCase();
}

export function contactLabel(conversation: Pick<ConversationSummary, 'contactName' | 'contactId'>): string {
  const name = conversation.contactName?.trim();
  return name ? name : `Visitor #${shortId(conversation.contactId)}`;
}

export const statusLabels: Record<ConversationStatus, string> = {
  bot: 'With the bot',
  queued: 'Waiting',
  live: 'Live',
  callback: 'Callback',
  closed: 'Closed',
};

const transitionLabels: Record<ConversationStatus, string> = {
  bot: 'Handed to the bot',
  queued: 'Moved to the queue',
  live: 'Joined by an agent',
  callback: 'Callback booked',
  closed: 'Conversation closed',
};

/** Callback events keep the conversation in (or take it out of) `callback`; the code says what happened. */
const callbackEventLabels: Readonly<Record<string, string>> = {
  callback_booked: 'Callback booked',
  callback_moved: 'Callback moved',
  callback_cancelled: 'Callback cancelled',
  callback_claimed: 'Callback claimed',
  callback_retry: 'No answer, to call again',
  callback_rescheduled: 'Callback rescheduled',
  callback_done: 'Callback done',
};

/** "Moved to the queue — visitor asked for a person". Reasons may be codes (`visitor_request`): made readable. */
export function describeEvent(event: StatusEvent, authorName: string | null): string {
  // A drop's reason is a whole sentence that says who and why ("Ana went offline; back in the queue…").
  if (event.code === 'agent_offline' || event.code === 'agent_unassigned') return event.reason;
  const callbackLabel = event.code === undefined ? undefined : callbackEventLabels[event.code];
  let label = callbackLabel ?? (event.from === null && event.to === 'bot' ? 'Conversation started' : transitionLabels[event.to]);
  if (event.to === 'live' && authorName) label = `${authorName} joined`;
  if (event.code === 'callback_claimed' && authorName) label = `${authorName} claimed the callback`;
  const reason = event.reason.trim().replace(/_/g, ' ');
  return reason === '' ? label : `${label} — ${reason}`;
}

/** A compact waiting time: "just now", "4 min", "1 h 12 min", "2 d". */
export function formatWait(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d`;
}

/** Clock time for today, short date otherwise, in the agent's own time zone. */
export function formatTime(iso: string, now: Date, locale?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const sameDay = date.toDateString() === now.toDateString();
  const options: Intl.DateTimeFormatOptions = sameDay
    ? { hour: '2-digit', minute: '2-digit' }
    : { day: 'numeric', month: 'short' };
  return new Intl.DateTimeFormat(locale, options).format(date);
}

export function formatFullTime(iso: string, locale?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** Only http(s) pages become links: the URL comes from the visitor's browser and is untrusted. */
export function safeHttpUrl(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    // NOTE: an unparsable URL is simply shown as text, which is the whole point of this check.
    return null;
  }
}

const factLabels: Record<keyof HandoffInfo['facts'], string> = {
  name: 'Name',
  email: 'Email',
  phone: 'Phone',
  orderNumber: 'Order number',
};

/** The facts the visitor gave the bot, labelled, in a fixed order; absent or blank ones are left out. */
export function handoffFacts(facts: HandoffInfo['facts']): { label: string; value: string }[] {
  const out: { label: string; value: string }[] = [];
  for (const key of ['name', 'email', 'phone', 'orderNumber'] as const) {
    const value = facts[key]?.trim();
    if (value) out.push({ label: factLabels[key], value });
  }
  return out;
}

/** The whole handoff as plain text, for pasting into a ticket or CRM. */
export function handoffText(handoff: HandoffInfo): string {
  const lines = [`Handed over by the bot — ${handoff.reason}`, handoff.summary];
  for (const fact of handoffFacts(handoff.facts)) lines.push(`${fact.label}: ${fact.value}`);
  return lines.filter((line) => line.trim() !== '').join('\n');
}

/** Seconds left on an offer, rounded up so "0 s" only shows once it has really run out: "27 s", "1:05". */
export function formatCountdown(msLeft: number): string {
  const seconds = Math.max(0, Math.ceil(msLeft / 1000));
  if (seconds < 60) return `${seconds} s`;
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** The visitor's wall-clock time ("14:05") in their IANA zone; "unknown" without one or for a zone Intl does not know. */
export function visitorLocalTime(timeZone: string | null, now: Date, locale?: string): string {
  if (timeZone === null || timeZone.trim() === '') return 'unknown';
  try {
    return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', weekday: 'short', timeZone }).format(now);
  } catch (error) {
    // The zone comes from the visitor's browser; an unknown one is shown as unknown, not a crash.
    console.warn('[ponte] unknown visitor time zone', timeZone, error);
    return 'unknown';
  }
}

export const callbackStateLabels: Record<CallbackState, string> = {
  booked: 'Booked',
  claimed: 'Claimed',
  done: 'Done',
  missed: 'Missed',
  cancelled: 'Cancelled',
};

export const callbackOutcomeLabels: Record<CallbackOutcome, string> = {
  reached: 'Reached',
  no_answer_retry: 'No answer, retry',
  no_answer_close: 'No answer, closed',
  rescheduled: 'Rescheduled',
};

/** "Done · Reached", "Claimed by Bruno", "Booked · 2 attempts": the state of a call in a few words. */
export function callbackStatusText(callback: Callback, agentId: string): string {
  const parts: string[] = [];
  if (callback.state === 'claimed') {
    parts.push(callback.claimedById === agentId ? 'Claimed by you' : `Claimed by ${callback.claimedByName ?? 'another agent'}`);
  } else {
    parts.push(callbackStateLabels[callback.state]);
  }
  if (callback.outcome !== null && (callback.state === 'done' || callback.outcome === 'rescheduled')) {
    parts.push(callbackOutcomeLabels[callback.outcome]);
  }
  if (callback.attempts > 0) parts.push(callback.attempts === 1 ? '1 attempt' : `${callback.attempts} attempts`);
  return parts.join(' · ');
}

/**
 * A call's time for the agent, in the agent's zone: "Today 23:30", "Tomorrow 00:30",
 * "Wed 12 Mar, 10:00".
 */
export function formatSlot(iso: string, now: Date, timeZone: string | undefined, locale?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const clock = clockIn(date, timeZone, locale);
  const day = dayKey(date, timeZone);
  if (day === dayKey(now, timeZone)) return `Today ${clock}`;
  if (day === nextDayKey(now, timeZone)) return `Tomorrow ${clock}`;
  return `${dateIn(date, timeZone, locale)}, ${clock}`;
}

/**
 * The same instant on the customer's clock: "20:30 their time (America/Sao_Paulo)", with the
 * weekday ("Mon 20:30 …") when their calendar day is not the agent's. Null when their zone is unknown.
 */
export function theirTime(iso: string, visitorZone: string | null, agentZone: string | undefined, locale?: string): string | null {
  const zone = knownZone(visitorZone);
  const date = new Date(iso);
  if (zone === null || Number.isNaN(date.getTime())) return null;
  const sameDay = dayKey(date, zone) === dayKey(date, agentZone);
  const clock = sameDay ? clockIn(date, zone, locale) : weekdayClockIn(date, zone, locale);
  return `${clock} their time (${zone})`;
}
