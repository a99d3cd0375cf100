import { type CountryCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * The number a visitor asks to be called on. Server only: `libphonenumber-js/max` carries the
 * full per-country metadata (hundreds of KB), which is what tells a real Brazilian mobile from
 * eleven random digits — the widget never loads it.
 */

export type PhoneCheck =
  | { ok: true; e164: string; display: string; country: string }
  | { ok: false; code: 'invalid_phone' | 'phone_country_not_served'; message: string };

const MAX_INPUT = 32;
/** What people type around digits. Letters (vanity numbers, "ext") are refused rather than guessed at. */
const TYPED = /^\+?[\d\s\-().\/]*$/;

function countryName(code: string): string {
  // Intl throws on anything that is not a region code; show such a code as it is.
  if (!/^[A-Z]{2}$/.test(code)) return code;
  // NOTE: English names, like every other domain error message.
  return new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' }).of(code) ?? code;
}

function invalid(message: string): PhoneCheck {
  return { ok: false, code: 'invalid_phone', message };
}

/**
 * `input` as typed by a visitor (spaces, dashes, parentheses, leading +, national format), at most
 * 32 characters; `country` = the country the visitor picked (alpha-2), used for national-format
 * numbers; `served` = the site's allowed countries ([] = any).
 */
export function checkPhone(input: string, country: string | undefined, served: readonly string[]): PhoneCheck {
  if (input.length > MAX_INPUT) return invalid(`That phone number is too long. Enter at most ${MAX_INPUT} characters.`);
  const typed = input.trim();
  if (!/\d/.test(typed)) return invalid('Enter the phone number we should call, with its digits.');
  if (!TYPED.test(typed)) return invalid('A phone number can only have digits, spaces and the signs + - ( ). Check for letters or other symbols.');

  const picked = country?.trim().toUpperCase();
  const defaultCountry: CountryCode | undefined = picked !== undefined && isSupportedCountry(picked) ? picked : undefined;
  const international = typed.startsWith('+');
  if (!international && defaultCountry === undefined) {
    return invalid(
      picked === undefined || picked === ''
        ? 'Pick your country, or type the number with + and its country code.'
        : `We do not know the country "${picked}". Pick your country from the list, or type the number with + and its country code.`,
    );
  }

  const number = parsePhoneNumberFromString(typed, defaultCountry === undefined ? {} : { defaultCountry });
  if (number === undefined || !number.isValid()) {
    // Name the country the digits were read for: the one picked, or the one the + code points at.
    const readAs = international ? number?.country : defaultCountry;
    return invalid(
      readAs === undefined
        ? 'That does not look like a valid phone number. Check the digits, and start with + and the country code.'
        : `That does not look like a valid phone number for ${countryName(readAs)}. Check the digits and the country.`,
    );
  }
  if (number.country === undefined) {
    return invalid('That is an international service number, not a phone in a country. Enter a mobile or landline number.');
  }
  // NOTE: an agent dials this number on the business's bill; premium-rate lines are the classic
  // abuse of a callback form, so they are refused outright.
  if (number.getType() === 'PREMIUM_RATE') {
    return invalid('We cannot call premium-rate numbers. Enter a mobile or landline number.');
  }

  const allowed = served.map((c) => c.toUpperCase());
  if (allowed.length > 0 && !allowed.includes(number.country)) {
    return {
      ok: false,
      code: 'phone_country_not_served',
      message: `We can only call numbers in ${allowed.map(countryName).join(', ')}.`,
    };
  }
  return { ok: true, e164: number.number, display: number.formatInternational(), country: number.country };
}
