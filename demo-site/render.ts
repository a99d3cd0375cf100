import { DEFAULT_LANG, isMessageKey, messages } from './messages';
import type { Lang } from './messages';

/**
 * Server-side rendering of the shop's HTML files. The pages are plain HTML with a few markers, so a
 * designer can edit them without knowing this file:
 * - `<!-- INCLUDE name -->`  the contents of `templates/name.html` (one level, no nesting)
 * - `{{t:key}}`              a chrome string in the page language (see messages.ts)
 * - `{{lang}}`               the page language, for `<html lang="{{lang}}">`
 * - `<a data-nav href="…">`  a nav link, marked `aria-current="page"` on its own page
 * - `<a data-lang="…">`      a language switch, marked `aria-current="true"` for the page language
 * - `<!-- PONTE_SNIPPET -->` the chat widget's script tag, exactly once per page
 * Internal links (`<a href="/…">`) carry `?lang=` when the language is not the default, so the
 * visitor's choice survives navigation without any script on the page.
 */
export const SNIPPET_MARKER = '<!-- PONTE_SNIPPET -->';

export type RenderContext = {
  lang: Lang;
  /** Request path, used to mark the current nav link. `/index.html` counts as `/`. */
  path: string;
  /** Ready-made HTML for the snippet, from `snippetHtml`. */
  snippet: string;
  readTemplate(name: string): Promise<string>;
};

const INCLUDE = /<!-- INCLUDE ([a-z0-9-]+) -->/g;
const TOKEN = /\{\{(t:[a-zA-Z.]+|lang)\}\}/g;
const NAV_LINK = /<a data-nav href="([^"]*)"/g;
const LANG_LINK = /<a data-lang="([^"]*)"/g;
// Root-relative hrefs only: not `//host`, and not ones that already carry a query string.
const INTERNAL_HREF = /(<a\b[^>]*?\shref=")(\/(?!\/)[^"?#]*)(#[^"]*)?"/g;

const ATTR_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '"': '&quot;',
  "'": '&#39;',
  '<': '&lt;',
  '>': '&gt;',
};

/** Escapes text for use inside a quoted HTML attribute or as element text. */
export function escapeHtml(value: string): string {
  return value.replace(/[&"'<>]/g, (ch) => ATTR_ESCAPES[ch] ?? ch);
}

/** The snippet a customer pastes, built from the relay's base URL (a trailing slash is allowed). */
export function snippetHtml(relayUrl: string, siteKey: string): string {
  const src = `${relayUrl.replace(/\/+$/, '')}/widget.js`;
  return `<script async src="${escapeHtml(src)}" data-site="${escapeHtml(siteKey)}"></script>`;
}

function samePage(a: string, b: string): boolean {
  const canonical = (p: string): string => (p === '/index.html' ? '/' : p);
  return canonical(a) === canonical(b);
}

async function expandIncludes(source: string, readTemplate: RenderContext['readTemplate']): Promise<string> {
  const names = [...new Set([...source.matchAll(INCLUDE)].map((m) => m[1] ?? ''))];
  const bodies = new Map(await Promise.all(names.map(async (n) => [n, await readTemplate(n)] as const)));
  return source.replace(INCLUDE, (_whole, name: string) => bodies.get(name) ?? '');
}

export async function renderPage(source: string, ctx: RenderContext): Promise<string> {
  const strings = messages[ctx.lang];
  let html = await expandIncludes(source, ctx.readTemplate);

  html = html.replace(TOKEN, (_whole, token: string) => {
    if (token === 'lang') return ctx.lang;
    const key = token.slice(2);
    // A typo in a page is a bug in this site, not something to paper over with an empty string.
    if (!isMessageKey(key)) throw new Error(`Unknown message key "${key}" in page ${ctx.path}`);
    return escapeHtml(strings[key]);
  });

  html = html.replace(NAV_LINK, (_whole, href: string) =>
    samePage(href, ctx.path) ? `<a href="${href}" aria-current="page"` : `<a href="${href}"`,
  );
  html = html.replace(LANG_LINK, (_whole, lang: string) =>
    lang === ctx.lang ? `<a data-lang="${lang}" aria-current="true"` : `<a data-lang="${lang}"`,
  );

  if (ctx.lang !== DEFAULT_LANG) {
    const query = `?lang=${encodeURIComponent(ctx.lang)}`;
    html = html.replace(INTERNAL_HREF, (_whole, start: string, path: string, hash: string | undefined) =>
      `${start}${path}${query}${hash ?? ''}"`,
    );
  }

  const parts = html.split(SNIPPET_MARKER);
  if (parts.length !== 2) {
    throw new Error(`Page ${ctx.path} must contain ${SNIPPET_MARKER} exactly once (found ${parts.length - 1})`);
  }
  return parts.join(ctx.snippet);
}
