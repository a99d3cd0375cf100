/**
 * An appearance posted to the preview by the console, narrowed to a Look; a bad field takes its
 * default. The console is our own page, but a message is still data from another window.
 */
import { Locales, type Locale } from '../../protocol/codes';
import type { Look } from './site';

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const HEX = /^#([0-9a-f]{3}){1,2}$/i;

/** `#rgb` or `#rrggbb` as lowercase `#rrggbb` (what the server stores), or null. */
const colour = (v: unknown): string | null => {
  const text = str(v);
  if (!text || !HEX.test(text)) return null;
  const hex = text.slice(1).toLowerCase();
  return '#' + (hex.length === 3 ? hex.replace(/./g, '$&$&') : hex);
};

export function toLook(name: string, value: unknown): Look {
  const a = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const languages = Array.isArray(a.languages) ? Locales.filter((l) => (a.languages as unknown[]).includes(l)) : [];
  const greeting: Partial<Record<Locale, string>> = {};
  const g = (typeof a.greeting === 'object' && a.greeting !== null ? a.greeting : {}) as Record<string, unknown>;
  for (const l of Locales) {
    const text = str(g[l]);
    if (text) greeting[l] = text.slice(0, 500);
  }
  const avatar = str(a.avatar);
  return {
    name,
    teamName: str(a.teamName)?.trim().slice(0, 60) || null,
    // Only our own uploads (a same-origin path), never a URL a message could choose.
    avatar: avatar && /^\/avatars\/[0-9a-f]{64}\.(png|jpg|webp|gif)$/.test(avatar) ? avatar : null,
    languages: languages.length ? languages : [...Locales],
    whenUnavailable: a.whenUnavailable === 'message' || a.whenUnavailable === 'hide' ? a.whenUnavailable : 'callback',
    brandColour: colour(a.brandColour) ?? '#4f46e5',
    textColour: colour(a.textColour),
    position: a.position === 'left' ? 'left' : 'right',
    greeting,
  };
}

