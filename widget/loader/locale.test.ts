import { describe, expect, it } from 'vitest';
import { normalizeLocale, resolveLocale } from './locale';

describe('normalizeLocale', () => {
  it.each([
    ['pt-BR', 'pt-BR'],
    ['pt', 'pt-BR'],
    ['PT-pt', 'pt-BR'],
    ['es', 'es'],
    ['es-MX', 'es'],
    ['en-GB', 'en'],
    ['fr', 'en'],
    ['', 'en'],
  ])('maps %s to %s', (tag, expected) => {
    expect(normalizeLocale(tag)).toBe(expected);
  });
});

describe('resolveLocale', () => {
  it('prefers data-locale, then setLocale, then <html lang>, then the browser', () => {
    expect(resolveLocale(['es', 'pt-BR', 'en', 'en-US'])).toBe('es');
    expect(resolveLocale([undefined, 'pt-BR', 'es', 'en-US'])).toBe('pt-BR');
    expect(resolveLocale([null, undefined, 'es-AR', 'pt-BR'])).toBe('es');
    expect(resolveLocale([undefined, undefined, '', 'pt-BR'])).toBe('pt-BR');
  });

  it('falls back to English', () => {
    expect(resolveLocale([undefined, undefined, '', ''])).toBe('en');
  });
});
