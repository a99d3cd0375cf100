/**
 * The phone country choice: which countries to list (the server's, or every one it can validate),
 * their names in the visitor's language, and a first guess. Loaded with the booking panel.
 */
import type { Locale } from '../../../protocol/codes';

/**
 * ISO 3166 alpha-2 codes of every country with a phone numbering plan the server validates
 * (libphonenumber-js `getCountries()`), two letters each: the list costs ~0.4 KB here instead of
 * a phone library in the widget.
 */
const ALL =
  'ACADAEAFAGAIALAMAOARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBWBYBZCACCCDCFCGCHCICKCLCMCNCOCRCUCVCWCXCYCZDEDJDKDMDODZECEEEGEHERESETFIFJFKFMFOFRGAGBGDGEGFGGGHGIGLGMGNGPGQGRGTGUGWGYHKHNHRHTHUIDIEILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKNKPKRKWKYKZLALBLCLILKLRLSLTLULVLYMAMCMDMEMFMGMHMKMLMMMNMOMPMQMRMSMTMUMVMWMXMYMZNANCNENFNGNINLNONPNRNUNZOMPAPEPFPGPHPKPLPMPRPSPTPWPYQARERORSRURWSASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSVSXSYSZTATCTDTGTHTJTKTLTMTNTOTRTTTVTWTZUAUGUSUYUZVAVCVEVGVIVNVUWFWSXKYEYTZAZMZW';

export const allCountries = (): string[] => ALL.match(/../g) ?? [];

/**
 * Time zones whose country the visitor's language alone would guess wrong (Portuguese → Brazil,
 * Spanish → Spain, English → the US). Consulted only when the browser's language names no region.
 */
const zoneCountry: Readonly<Record<string, string>> = {
  'Europe/Lisbon': 'PT',
  'Atlantic/Madeira': 'PT',
  'Atlantic/Azores': 'PT',
  'Africa/Luanda': 'AO',
  'Africa/Maputo': 'MZ',
  'America/Mexico_City': 'MX',
  'America/Bogota': 'CO',
  'America/Argentina/Buenos_Aires': 'AR',
  'America/Santiago': 'CL',
  'America/Lima': 'PE',
  'America/Caracas': 'VE',
  'America/Montevideo': 'UY',
  'Europe/London': 'GB',
  'Europe/Dublin': 'IE',
  'America/Toronto': 'CA',
  'America/Vancouver': 'CA',
  'Australia/Sydney': 'AU',
  'Australia/Melbourne': 'AU',
  'Pacific/Auckland': 'NZ',
  'Asia/Kolkata': 'IN',
  'Africa/Johannesburg': 'ZA',
};

/** The region a language tag names (`en-GB` → GB), or with `likely` the one it most likely means (`pt` → BR). */
function regionOf(tag: string, likely: boolean): string | undefined {
  try {
    const locale = new Intl.Locale(tag);
    return (likely ? locale.maximize() : locale).region;
  } catch (error) {
    // A malformed language tag from the browser names no region, which is all we need to know.
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

/**
 * The country to preselect: a region the browser's languages name (`en-GB` → GB), else the one the
 * time zone suggests, else the language's likely one (`pt` → BR). Only among `allowed` when the
 * team calls a fixed list (else its first); null when nothing fits (the visitor picks).
 */
export function guessCountry(languages: readonly string[], timeZone: string | undefined, allowed: readonly string[]): string | null {
  const known = allowed.length > 0 ? allowed : allCountries();
  const candidates = [
    ...languages.map((tag) => regionOf(tag, false)),
    timeZone ? zoneCountry[timeZone] : undefined,
    ...languages.map((tag) => regionOf(tag, true)),
  ];
  return candidates.find((code): code is string => code !== undefined && known.includes(code)) ?? allowed[0] ?? null;
}

/** The countries to offer, named in the visitor's language and sorted by that name. */
export function countryOptions(locale: Locale, allowed: readonly string[]): { code: string; name: string }[] {
  const codes = allowed.length > 0 ? [...allowed] : allCountries();
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames([locale], { type: 'region' });
  } catch (error) {
    // Engines without DisplayNames (before 2021): the codes themselves are still a usable list.
    console.warn('[ponte] country names unavailable; showing codes', error);
  }
  const options = codes.map((code) => ({ code, name: names?.of(code) ?? code }));
  const collator = new Intl.Collator(locale);
  return options.sort((a, b) => collator.compare(a.name, b.name));
}
