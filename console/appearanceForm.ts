/**
 * The Appearance form's pure side: hex colours, WCAG contrast, and the text colour the widget
 * picks when it is left on "auto" (white or near-black, whichever contrasts more; the contract).
 */
import { Languages, type Appearance, type Language, type WhenUnavailable } from './sitesApi';

/** The near-black the widget uses on light brand colours. */
export const DarkText = '#111827';
export const LightText = '#ffffff';
/** WCAG AA for normal text. */
export const MinContrast = 4.5;

/** '#rrggbb' lowercase from '#rgb', '#RRGGBB' or without '#'; null when it is not a colour. */
export function normaliseHex(input: string): string | null {
  const text = input.trim().replace(/^#/, '').toLowerCase();
  if (/^[0-9a-f]{6}$/.test(text)) return `#${text}`;
  if (/^[0-9a-f]{3}$/.test(text)) return `#${[...text].map((c) => c + c).join('')}`;
  return null;
}

function luminance(hex: string): number {
  const channels = [1, 3, 5].map((at) => Number.parseInt(hex.slice(at, at + 2), 16) / 255);
  const [r = 0, g = 0, b = 0] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The WCAG contrast ratio of two '#rrggbb' colours, 1 to 21. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

export function autoTextColour(brand: string): string {
  return contrastRatio(brand, LightText) >= contrastRatio(brand, DarkText) ? LightText : DarkText;
}

/** "4.6:1", rounded down so that 4.49 never reads as passing. */
export function formatRatio(ratio: number): string {
  return `${(Math.floor(ratio * 10) / 10).toFixed(1)}:1`;
}

/** The form as typed: colours as text, so a half-typed hex is not lost. */
export interface Draft {
  brand: string;
  textMode: 'auto' | 'custom';
  text: string;
  position: Appearance['position'];
  teamName: string;
  greeting: Record<Language, string>;
  launcherLabel: Record<Language, string>;
  languages: Language[];
  whenUnavailable: WhenUnavailable;
}

export function draftOf(appearance: Appearance): Draft {
  return {
    brand: appearance.brandColour,
    textMode: appearance.textColour === null ? 'auto' : 'custom',
    text: appearance.textColour ?? autoTextColour(normaliseHex(appearance.brandColour) ?? '#4f46e5'),
    position: appearance.position,
    teamName: appearance.teamName ?? '',
    greeting: { en: appearance.greeting.en ?? '', 'pt-BR': appearance.greeting['pt-BR'] ?? '', es: appearance.greeting.es ?? '' },
    launcherLabel: { en: appearance.launcherLabel.en ?? '', 'pt-BR': appearance.launcherLabel['pt-BR'] ?? '', es: appearance.launcherLabel.es ?? '' },
    languages: [...appearance.languages],
    whenUnavailable: appearance.whenUnavailable,
  };
}

/** What the form means, for the preview and the save; colours fall back to the last stored while a hex is half typed. */
export function appearanceOf(draft: Draft, stored: Appearance): Appearance {
  const brandColour = normaliseHex(draft.brand) ?? stored.brandColour;
  const greeting: Appearance['greeting'] = {};
  for (const language of Languages) {
    const text = draft.greeting[language].trim();
    if (text !== '') greeting[language] = text;
  }
  const launcherLabel: Appearance['launcherLabel'] = {};
  for (const language of Languages) {
    const text = draft.launcherLabel[language].trim();
    if (text !== '') launcherLabel[language] = text;
  }
  return {
    brandColour,
    textColour: draft.textMode === 'auto' ? null : (normaliseHex(draft.text) ?? stored.textColour),
    position: draft.position,
    teamName: draft.teamName.trim() === '' ? null : draft.teamName.trim(),
    avatar: stored.avatar,
    greeting,
    launcherLabel,
    languages: draft.languages,
    whenUnavailable: draft.whenUnavailable,
  };
}
