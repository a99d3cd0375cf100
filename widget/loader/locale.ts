/** The locales the widget speaks; mirrors `Locales` in protocol/codes.ts (kept as a type-only link). */
import type { Locale } from '../../protocol/codes';

/** Maps any BCP 47 tag to a supported locale: pt* → pt-BR, es* → es, anything else → en. */
export function normalizeLocale(tag: string): Locale {
  return /^pt/i.test(tag) ? 'pt-BR' : /^es/i.test(tag) ? 'es' : 'en';
}

/**
 * The contract's precedence: `data-locale`, then `Ponte('setLocale')`, then the host page's
 * `<html lang>`, then the browser. The first non-empty candidate wins.
 */
export function resolveLocale(candidates: ReadonlyArray<string | null | undefined>): Locale {
  for (const tag of candidates) if (tag) return normalizeLocale(tag);
  return 'en';
}

/** The launcher's accessible name: [closed, open] per locale. English names are part of the contract. */
export const launcherLabels: Record<Locale, readonly [string, string]> = {
  en: ['Open chat', 'Close chat'],
  'pt-BR': ['Abrir chat', 'Fechar chat'],
  es: ['Abrir chat', 'Cerrar chat'],
};
