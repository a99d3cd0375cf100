/**
 * The frame's query string, written by the loader:
 * `/widget/frame?site=KEY&host=<host page origin>&locale=en|pt-BR|es&url=<page url>&title=<page title>`.
 * `url` and `title` describe the host page when the frame was created (shown to the agent).
 */
import { Locales, type Locale } from '../../protocol/codes';

export interface FrameParams {
  siteKey: string;
  hostOrigin: string;
  locale: Locale;
  page?: { url: string; title?: string };
}

export const isLocale = (value: unknown): value is Locale => (Locales as readonly unknown[]).includes(value);

/** null when the frame was not opened by the loader (no site, or `host` is not an origin). */
export function readParams(search: string): FrameParams | null {
  const query = new URLSearchParams(search);
  const siteKey = query.get('site');
  const host = query.get('host') ?? '';
  let hostOrigin: string;
  try {
    hostOrigin = new URL(host).origin;
  } catch {
    return null; // Not a URL at all: the caller shows the set-up error.
  }
  if (!siteKey || siteKey.length > 64 || hostOrigin !== host) return null;
  const locale = query.get('locale');
  const url = query.get('url');
  const title = query.get('title');
  // Limits match protocol/frames.ts PageInfo, so an odd page can't make the hello invalid.
  const page = url ? { url: url.slice(0, 2048), ...(title ? { title: title.slice(0, 512) } : {}) } : undefined;
  return { siteKey, hostOrigin, locale: isLocale(locale) ? locale : 'en', ...(page ? { page } : {}) };
}

/**
 * The visitor's IANA time zone for the hello (the agent sees it), or undefined when the browser
 * can't say or says something the protocol would refuse (over 64 characters).
 */
export function visitorTimeZone(read: () => string | undefined): string | undefined {
  let zone: string | undefined;
  try {
    zone = read();
  } catch (error) {
    // Old or locked-down browsers: the hello goes without it rather than not at all.
    console.warn('[ponte] could not read the time zone', error);
    return undefined;
  }
  return typeof zone === 'string' && zone.length > 0 && zone.length <= 64 ? zone : undefined;
}
