import { describe, expect, it } from 'vitest';
import { checkPhone } from './phone';

describe('checkPhone', () => {
  const valid: Array<[string, string | undefined, string, string, string]> = [
    // input, picked country, e164, display, country
    ['(11) 91234-5678', 'BR', '+5511912345678', '+55 11 91234 5678', 'BR'],
    ['11 912345678', 'br', '+5511912345678', '+55 11 91234 5678', 'BR'],
    ['+55 11 91234-5678', undefined, '+5511912345678', '+55 11 91234 5678', 'BR'],
    ['+5511912345678', 'PT', '+5511912345678', '+55 11 91234 5678', 'BR'], // the + code wins over the picked country
    ['912 345 678', 'PT', '+351912345678', '+351 912 345 678', 'PT'],
    ['00351 912 345 678', 'PT', '+351912345678', '+351 912 345 678', 'PT'], // international prefix dialled from Portugal
    ['(201) 555-0123', 'US', '+12015550123', '+1 201 555 0123', 'US'],
    ['+1 212.555.0199', undefined, '+12125550199', '+1 212 555 0199', 'US'],
    ['98765 43210', 'IN', '+919876543210', '+91 98765 43210', 'IN'],
    ['  +91-98765-43210  ', undefined, '+919876543210', '+91 98765 43210', 'IN'],
  ];
  for (const [input, country, e164, display, code] of valid) {
    it(`accepts ${JSON.stringify(input)} (picked ${country ?? 'none'}) as ${e164}`, () => {
      expect(checkPhone(input, country, [])).toEqual({ ok: true, e164, display, country: code });
    });
  }

  it('refuses a number too short to be real, naming the country', () => {
    expect(checkPhone('12345', 'BR', [])).toEqual({
      ok: false,
      code: 'invalid_phone',
      message: 'That does not look like a valid phone number for Brazil. Check the digits and the country.',
    });
  });

  it('refuses letters instead of guessing a vanity number', () => {
    expect(checkPhone('1-800-FLOWERS', 'US', [])).toMatchObject({ ok: false, code: 'invalid_phone', message: expect.stringContaining('letters') });
    expect(checkPhone('+55 11 91234-5678 ext 12', undefined, [])).toMatchObject({ ok: false, code: 'invalid_phone' });
  });

  it('refuses digits that are valid in one country but not the picked one', () => {
    // A Brazilian mobile typed nationally with Portugal picked.
    expect(checkPhone('(11) 91234-5678', 'PT', [])).toMatchObject({
      ok: false,
      code: 'invalid_phone',
      message: 'That does not look like a valid phone number for Portugal. Check the digits and the country.',
    });
    // A Portuguese mobile with India picked.
    expect(checkPhone('912 345 678', 'IN', [])).toMatchObject({ ok: false, code: 'invalid_phone', message: expect.stringContaining('India') });
  });

  it('refuses a country the team does not call, listing the ones it does', () => {
    expect(checkPhone('+1 212 555 0199', undefined, ['BR', 'PT'])).toEqual({
      ok: false,
      code: 'phone_country_not_served',
      message: 'We can only call numbers in Brazil, Portugal.',
    });
    expect(checkPhone('912 345 678', 'PT', ['BR', 'PT'])).toMatchObject({ ok: true, country: 'PT' });
  });

  it('asks for the country when a national number comes with an unknown or missing one', () => {
    expect(checkPhone('912 345 678', 'XX', [])).toMatchObject({ ok: false, code: 'invalid_phone', message: expect.stringContaining('"XX"') });
    expect(checkPhone('912 345 678', undefined, [])).toMatchObject({ ok: false, code: 'invalid_phone', message: expect.stringContaining('+ and its country code') });
    // With a + code the picked country is not needed, known or not.
    expect(checkPhone('+351 912 345 678', 'XX', [])).toMatchObject({ ok: true, e164: '+351912345678' });
  });

  it('refuses an empty or blank number', () => {
    for (const input of ['', '   ', '+', '()']) {
      expect(checkPhone(input, 'BR', [])).toMatchObject({ ok: false, code: 'invalid_phone', message: expect.stringMatching(/^Enter the phone number/) });
    }
  });

  it('refuses input over 32 characters, even if the digits would be valid', () => {
    const padded = `+55 11 91234-5678${' '.repeat(16)}`;
    expect(padded).toHaveLength(33);
    expect(checkPhone(padded, 'BR', [])).toMatchObject({ ok: false, code: 'invalid_phone', message: expect.stringContaining('too long') });
    expect(checkPhone(padded.slice(0, 32), 'BR', [])).toMatchObject({ ok: true });
  });

  it('refuses premium-rate and international service numbers', () => {
    expect(checkPhone('+44 909 876 5432', undefined, [])).toMatchObject({ ok: false, code: 'invalid_phone', message: expect.stringContaining('premium-rate') });
    expect(checkPhone('+800 1234 5678', undefined, [])).toMatchObject({ ok: false, code: 'invalid_phone' });
  });
});
