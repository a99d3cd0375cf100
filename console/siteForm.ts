/**
 * Pure helpers of the site forms: the origins textarea, the snippet, and which field a server
 * error belongs to (so it shows beside that field, not only in a banner).
 */
import type { Result } from './adminApi';
import type { Failure, SiteChange, SiteInfo, SiteLoad } from './sitesApi';

/** How a site page's tabs save: through the page, which knows which revisions it made itself (SitePage.tsx). */
export type SaveSite = (change: SiteChange) => Promise<Result<SiteInfo>>;

/** One origin a line; blank lines and surrounding spaces do not count. The server does the real checking. */
export function parseOrigins(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

export function originsText(origins: readonly string[]): string {
  return origins.join('\n');
}

/** The tag a marketer pastes: the relay's own origin serves the loader. */
export function snippetFor(relayOrigin: string, siteKey: string): string {
  return `<script async src="${relayOrigin.replace(/\/+$/, '')}/widget.js" data-site="${siteKey}"></script>`;
}

export type SiteField = 'name' | 'allowedOrigins' | 'brandColour' | 'textColour' | 'teamName' | 'greeting' | 'launcherLabel' | 'languages' | 'avatar';

/**
 * The field a failed save points at, or null for one that belongs to the form as a whole.
 * Codes decide when they are specific; otherwise the `path: message` prefix of a 400
 * (server/http/validate.ts) names the field.
 */
export function fieldOfFailure(failure: Failure): SiteField | null {
  switch (failure.code) {
    case 'invalid_origins':
      return 'allowedOrigins';
    case 'low_contrast':
      return 'textColour';
    default:
      break;
  }
  if (failure.code !== 'invalid_body') return null;
  const path = /^([\w.-]+):\s/.exec(failure.message)?.[1] ?? '';
  const parts = path.split('.');
  const head = parts[0] === 'appearance' ? parts[1] : parts[0];
  switch (head) {
    case 'name':
    case 'allowedOrigins':
    case 'brandColour':
    case 'textColour':
    case 'teamName':
    case 'greeting':
    case 'launcherLabel':
    case 'languages':
      return head;
    default:
      return null;
  }
}

/** The server's message without its `path: ` prefix, which the field beside it already says. */
export function messageForField(failure: Failure): string {
  return failure.message.replace(/^[\w.-]+:\s/, '');
}

/** Pages that tried to load the chat from an origin the site does not allow, newest first, once each. */
export function unlistedOrigins(loads: readonly SiteLoad[], allowed: readonly string[]): string[] {
  const seen = new Set<string>();
  for (const load of loads) if (!load.allowed && !allowed.includes(load.origin) && load.origin !== '') seen.add(load.origin);
  return [...seen];
}

/** "just now", "5 minutes ago", "3 days ago": how long since `iso`, in words. */
export function relativeTime(iso: string, now: Date): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return 'unknown';
  const seconds = Math.round((now.getTime() - then) / 1000);
  if (seconds < 45) return 'just now';
  const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return format.format(-minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 24) return format.format(-hours, 'hour');
  const days = Math.round(hours / 24);
  if (days < 60) return format.format(-days, 'day');
  return format.format(-Math.round(days / 30), 'month');
}

/**
 * The saves one site page made, each from the revision it was based on to the one it produced.
 * NOTE: a form keeps the revision it was opened at, so a save of another tab on the same page
 * would make it look stale ("someone else saved"). Following our own saves forward lets it save
 * on top of them, and only them: a gap in the chain is someone else's save and still gets the 409.
 */
export class OwnSaves {
  private readonly next = new Map<number, number>();

  record(from: number, to: number): void {
    if (to > from) this.next.set(from, to);
  }

  /** The newest revision reachable from `base` through this page's own saves. */
  follow(base: number): number {
    let revision = base;
    for (let step = this.next.get(revision); step !== undefined && step > revision; step = this.next.get(revision)) revision = step;
    return revision;
  }
}
