import type { ConversationStatus } from '../protocol/codes';
import type { ConversationSummary, HandoffInfo, StatusEvent } from '../protocol/frames';

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
  closed: 'Closed',
};

const transitionLabels: Record<ConversationStatus, string> = {
  bot: 'Handed to the bot',
  queued: 'Moved to the queue',
  live: 'Joined by an agent',
  closed: 'Conversation closed',
};

/** "Moved to the queue — visitor asked for a person". Reasons may be codes (`visitor_request`): made readable. */
export function describeEvent(event: StatusEvent, authorName: string | null): string {
  let label = event.from === null && event.to === 'bot' ? 'Conversation started' : transitionLabels[event.to];
  if (event.to === 'live' && authorName) label = `${authorName} joined`;
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
