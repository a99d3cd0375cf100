import { getCountries } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { allCountries, countryOptions, guessCountry } from './countries';

describe('the phone country', () => {
  it('lists every country the server validates, each once', () => {
    const all = allCountries();
    // The widget carries the list as text so as not to ship the phone library; it must match it.
    expect([...all].sort()).toEqual([...getCountries()].sort());
    expect(new Set(all).size).toBe(all.length);
    expect(all).toEqual(expect.arrayContaining(['BR', 'PT', 'ES', 'US', 'GB']));
    expect(all.every((c) => /^[A-Z]{2}$/.test(c))).toBe(true);
  });

  it('guesses from the region the browser language names first', () => {
    expect(guessCountry(['en-GB', 'en'], 'America/New_York', [])).toBe('GB');
    expect(guessCountry(['pt-BR'], 'Europe/Lisbon', [])).toBe('BR');
  });

  it('guesses from the time zone when the language names no region, then from the language', () => {
    expect(guessCountry(['pt'], 'Europe/Lisbon', [])).toBe('PT');
    expect(guessCountry(['es'], 'America/Mexico_City', [])).toBe('MX');
    expect(guessCountry(['pt'], 'Asia/Tokyo', [])).toBe('BR');
    expect(guessCountry(['es'], undefined, [])).toBe('ES');
  });

  it('stays within the countries the team calls', () => {
    expect(guessCountry(['en-US'], 'America/New_York', ['BR', 'PT'])).toBe('BR');
    expect(guessCountry(['en-US', 'pt-PT'], undefined, ['BR', 'PT'])).toBe('PT');
  });

  it('survives a malformed language tag', () => {
    expect(guessCountry(['not a tag!', 'es-AR'], undefined, [])).toBe('AR');
    expect(guessCountry(['???'], undefined, [])).toBeNull();
  });

  it('names the countries in the visitor’s language, sorted by name', () => {
    expect(countryOptions('pt-BR', ['US', 'BR', 'DE'])).toEqual([
      { code: 'DE', name: 'Alemanha' },
      { code: 'BR', name: 'Brasil' },
      { code: 'US', name: 'Estados Unidos' },
    ]);
    expect(countryOptions('en', []).length).toBe(allCountries().length);
  });
});
