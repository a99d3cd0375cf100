import { describe, expect, it } from 'vitest';
import { guessLocale } from './language';

describe('guessLocale', () => {
  it.each([
    ['what are your opening hours?', 'en'],
    ['quanto custa o frete?', 'pt-BR'],
    ['vocês vendem bicicletas?', 'pt-BR'],
    ['¿hacen envíos a Portugal?', 'es'],
    ['hacen envios a portugal', 'es'],
    ['me cobraron dos veces', null],
    ['portugal', null],
    ['asdfgh', null],
    ['', null],
  ] as const)('%j → %s', (text, locale) => {
    expect(guessLocale(text)).toBe(locale);
  });
});
