/**
 * The site's look, put into the frame page by the relay (server/http/static-routes.ts `withSite`):
 * a `<script type="application/json" id="ponte-site">`. Colours come as CSS variables in the same
 * page, so the first paint is already right; this is for the rest (team name, avatar, languages,
 * what to say when nobody is there) and for the console's preview.
 */
import { Locales, type Locale } from '../../protocol/codes';

export interface Look {
  name: string;
  teamName: string | null;
  avatar: string | null;
  languages: Locale[];
  whenUnavailable: 'callback' | 'message' | 'hide';
  brandColour: string;
  textColour: string | null;
  position: 'right' | 'left';
  greeting: Partial<Record<Locale, string>>;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const HEX = /^#[0-9a-f]{6}$/i;

/** Narrows an appearance (from the page, or posted by the console to the preview) to a Look; bad fields take defaults. */
export function toLook(name: string, value: unknown): Look {
  const a = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const languages = Array.isArray(a.languages) ? Locales.filter((l) => (a.languages as unknown[]).includes(l)) : [];
  const greeting: Partial<Record<Locale, string>> = {};
  const g = (typeof a.greeting === 'object' && a.greeting !== null ? a.greeting : {}) as Record<string, unknown>;
  for (const l of Locales) {
    const text = str(g[l]);
    if (text) greeting[l] = text.slice(0, 500);
  }
  const brand = str(a.brandColour);
  const text = str(a.textColour);
  const avatar = str(a.avatar);
  return {
    name,
    teamName: str(a.teamName)?.trim().slice(0, 60) || null,
    // Only our own uploads (a same-origin path), never a URL a message could choose.
    avatar: avatar && /^\/avatars\/[0-9a-f]{64}\.(png|jpg|webp|gif)$/.test(avatar) ? avatar : null,
    languages: languages.length ? languages : [...Locales],
    whenUnavailable: a.whenUnavailable === 'message' || a.whenUnavailable === 'hide' ? a.whenUnavailable : 'callback',
    brandColour: brand && HEX.test(brand) ? brand : '#4f46e5',
    textColour: text && HEX.test(text) ? text : null,
    position: a.position === 'left' ? 'left' : 'right',
    greeting,
  };
}

/** The page's site data, or null when the page has none (opened outside the relay, or malformed). */
export function readSite(doc: Document): { key: string; preview: boolean; look: Look } | null {
  const text = doc.getElementById('ponte-site')?.textContent;
  if (!text) return null;
  try {
    const data = JSON.parse(text) as Record<string, unknown>;
    return { key: str(data.key) ?? '', preview: data.preview === true, look: toLook(str(data.name) ?? '', data.appearance) };
  } catch (error) {
    console.warn('[ponte] the frame page has unreadable site data', error);
    return null;
  }
}

/** The visitor's locale if the site has it on, else the site's first language. */
export const siteLocale = (look: Look | null, wanted: Locale): Locale =>
  !look || look.languages.includes(wanted) ? wanted : (look.languages[0] ?? wanted);
