/**
 * The site's look, put into the frame page by the relay (server/http/static-routes.ts `withSite`):
 * a `<script type="application/json" id="ponte-site">`. Colours come as CSS variables in the same
 * page, so the first paint is already right; this is for the rest (team name, avatar, languages,
 * what to say when nobody is there) and for the console's preview.
 */
import type { Locale } from '../../protocol/codes';

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

/**
 * The page's site data, or null when the page has none (opened outside the relay, or malformed).
 * NOTE: trusted as written: the relay built it from the validated appearance, in this very page.
 */
export function readSite(doc: Document): { key: string; preview: boolean; look: Look } | null {
  const text = doc.getElementById('ponte-site')?.textContent;
  if (!text) return null;
  try {
    const data = JSON.parse(text) as { key: string; name: string; preview: boolean; appearance: Omit<Look, 'name'> };
    return { key: data.key, preview: data.preview, look: { ...data.appearance, name: data.name } };
  } catch (error) {
    console.warn('[ponte] the frame page has unreadable site data', error);
    return null;
  }
}

/** The visitor's locale if the site has it on, else the site's first language. */
export const siteLocale = (look: Look | null, wanted: Locale): Locale =>
  !look || look.languages.includes(wanted) ? wanted : (look.languages[0] ?? wanted);
