import * as z from 'zod';
import { Locales, type Locale } from '../../protocol/codes';
import { AppError } from '../errors';
import { isPlainName, NAME_RULE_MESSAGE } from './names';

/**
 * A site's look in the widget (issue 14): brand colour, text colour, position, team name and
 * avatar, greeting per language, languages, and what visitors see when nobody is available.
 * Pure: parsing, defaults, WCAG contrast and the launcher stylesheet. Only values this module
 * validated reach CSS or HTML (a colour is `#rrggbb`, a position one of two words).
 */

export const DEFAULT_BRAND_COLOUR = '#4f46e5';
/** WCAG 2 AA for normal text. */
export const MIN_CONTRAST = 4.5;
export const GREETING_MAX_CHARS = 500;
export const TEAM_NAME_MAX_CHARS = 60;
export const LAUNCHER_LABEL_MAX_CHARS = 30;

const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/** `#rgb` or `#rrggbb` (any case) as lowercase `#rrggbb`; null for anything else. */
export function parseColour(value: string): string | null {
  const text = value.trim();
  if (!HEX.test(text)) return null;
  const hex = text.slice(1).toLowerCase();
  return '#' + (hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex);
}

/** WCAG 2 relative luminance of a `#rrggbb` colour. */
export function relativeLuminance(colour: string): number {
  const channel = (i: number): number => {
    const c = parseInt(colour.slice(1 + i * 2, 3 + i * 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

/** WCAG 2 contrast ratio (1 to 21) of two `#rrggbb` colours. */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

const WHITE = '#ffffff';
const NEAR_BLACK = '#111827';

/**
 * White or near-black, whichever contrasts more with the brand colour; black when neither reaches
 * AA (mid greys, around #777): white × black contrast is 21, so one of the two always passes.
 */
export function autoTextColour(brand: string): string {
  const white = contrastRatio(brand, WHITE);
  const dark = contrastRatio(brand, NEAR_BLACK);
  if (Math.max(white, dark) < MIN_CONTRAST) return '#000000';
  return white >= dark ? WHITE : NEAR_BLACK;
}

const Colour = z.string({ error: 'Enter a colour like #4f46e5.' }).transform((value, ctx) => {
  const colour = parseColour(value);
  if (colour === null) {
    ctx.addIssue({ code: 'custom', message: `"${value.slice(0, 40)}" is not a colour; use #rgb or #rrggbb, like #4f46e5.` });
    return z.NEVER;
  }
  return colour;
});

const Greeting = z
  .string({ error: 'Enter the greeting as text.' })
  .trim()
  .min(1, 'A greeting cannot be empty; leave the language out to use the knowledge base greeting.')
  .max(GREETING_MAX_CHARS, `Use at most ${GREETING_MAX_CHARS} characters.`);

// NOTE: goes into a CSS string (`content:"…"`) that the loader reads back as the button's name, so
// quotes, backslashes, angle brackets and control or line characters are refused, not escaped.
const LauncherLabel = z
  .string({ error: 'Enter the launcher label as text.' })
  .trim()
  .min(1, 'A launcher label cannot be empty; leave the language out for the icon alone.')
  .max(LAUNCHER_LABEL_MAX_CHARS, `Use at most ${LAUNCHER_LABEL_MAX_CHARS} characters: it sits on a button.`)
  .refine((text) => !/["\\<>\p{Cc}\p{Zl}\p{Zp}]/u.test(text), 'A launcher label cannot hold quotes, backslashes, < or > or line breaks.');

const LocaleEnum = z.enum(Locales, { error: 'Languages are en, pt-BR and es.' });

const Fields = {
  brandColour: Colour,
  textColour: Colour.nullable(),
  position: z.enum(['right', 'left'], { error: 'position must be "right" or "left".' }),
  teamName: z
    .string({ error: 'Enter the team name as text.' })
    .trim()
    .max(TEAM_NAME_MAX_CHARS, `Use at most ${TEAM_NAME_MAX_CHARS} characters.`)
    .refine(isPlainName, NAME_RULE_MESSAGE)
    .transform((name) => (name === '' ? null : name))
    .nullable(),
  // Set by the upload route (a content-hash file name); a client cannot point it anywhere else.
  avatar: z
    .string()
    .regex(/^\/avatars\/[0-9a-f]{64}\.(?:png|jpg|webp|gif)$/, 'avatar is set by uploading an image.')
    .nullable(),
  greeting: z.strictObject({ en: Greeting.optional(), 'pt-BR': Greeting.optional(), es: Greeting.optional() }),
  /** Text beside the launcher's icon, per language; none: the round icon button alone. */
  launcherLabel: z.strictObject({ en: LauncherLabel.optional(), 'pt-BR': LauncherLabel.optional(), es: LauncherLabel.optional() }),
  languages: z
    .array(LocaleEnum)
    .min(1, 'Turn on at least one language.')
    .max(Locales.length)
    .refine((list) => new Set(list).size === list.length, 'List each language once.'),
  whenUnavailable: z.enum(['callback', 'message', 'hide'], { error: 'whenUnavailable must be "callback", "message" or "hide".' }),
};

/** Every field, each with its default: what is stored and what goes out. */
export const Appearance = z.strictObject({
  brandColour: Fields.brandColour.default(DEFAULT_BRAND_COLOUR),
  textColour: Fields.textColour.default(null),
  position: Fields.position.default('right'),
  teamName: Fields.teamName.default(null),
  avatar: Fields.avatar.default(null),
  greeting: Fields.greeting.default({}),
  launcherLabel: Fields.launcherLabel.default({}),
  languages: Fields.languages.default([...Locales]),
  whenUnavailable: Fields.whenUnavailable.default('callback'),
});
export type Appearance = z.infer<typeof Appearance>;

/** A change sent by the console: any subset of the fields, no defaults (what is left out stays). */
export const AppearancePatch = z.strictObject({
  brandColour: Fields.brandColour.optional(),
  textColour: Fields.textColour.optional(),
  position: Fields.position.optional(),
  teamName: Fields.teamName.optional(),
  avatar: Fields.avatar.optional(),
  greeting: Fields.greeting.optional(),
  launcherLabel: Fields.launcherLabel.optional(),
  languages: Fields.languages.optional(),
  whenUnavailable: Fields.whenUnavailable.optional(),
});
export type AppearancePatch = z.infer<typeof AppearancePatch>;

export const DEFAULT_APPEARANCE: Appearance = Appearance.parse({});

/** Refuses a text colour that does not contrast enough with the brand colour (WCAG AA). */
export function checkContrast(appearance: Appearance): void {
  if (appearance.textColour === null) return;
  const ratio = contrastRatio(appearance.brandColour, appearance.textColour);
  if (ratio < MIN_CONTRAST) {
    throw new AppError(
      'low_contrast',
      400,
      `Text ${appearance.textColour} on ${appearance.brandColour} has a contrast of ${ratio.toFixed(2)}:1; ` +
        `it needs at least ${MIN_CONTRAST}:1 to be readable (WCAG AA). Pick another colour or leave the text colour automatic.`,
    );
  }
}

/** The stored appearance merged with a change, validated whole (contrast included). */
export function mergeAppearance(current: Appearance, patch: AppearancePatch): Appearance {
  const merged = Appearance.parse({ ...current, ...patch });
  checkContrast(merged);
  return merged;
}

/**
 * What a stored appearance column holds, read back. NULL means the defaults; a row that no longer
 * parses (an operator's hand edit) falls back to the defaults, logged, rather than break the widget.
 */
export function readAppearance(json: string | null, siteKey: string): Appearance {
  if (json === null) return DEFAULT_APPEARANCE;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    console.error(`[appearance] site ${siteKey} has appearance that is not JSON; using the defaults`, error);
    return DEFAULT_APPEARANCE;
  }
  const parsed = Appearance.safeParse(value);
  if (parsed.success) return parsed.data;
  console.error(`[appearance] site ${siteKey} has an invalid appearance; using the defaults`, parsed.error.issues[0]);
  return DEFAULT_APPEARANCE;
}

/** The text colour actually used: the chosen one, or the automatic one. */
export function textColourOf(appearance: Appearance): string {
  return appearance.textColour ?? autoTextColour(appearance.brandColour);
}

/**
 * The brand colour as text on the panel's white (links, quick-reply chips) when it is readable
 * there (4.5:1), else near-black: a light brand colour still frames the chips, never their words.
 */
export function inkColourOf(appearance: Appearance): string {
  return contrastRatio(appearance.brandColour, WHITE) >= MIN_CONTRAST ? appearance.brandColour : NEAR_BLACK;
}

/** The locale the widget speaks: the visitor's if the site has it on, else the site's first language. */
export function localeFor(appearance: Appearance, wanted: Locale): Locale {
  return appearance.languages.includes(wanted) ? wanted : (appearance.languages[0] ?? wanted);
}

export const HIDDEN_CSS = ':host{display:none}';

// NOTE: `visibility` (not `display`) hides the panel: a hidden iframe still loads (preload on intent),
// leaves the accessibility tree and can't be focused, and can fade in (a fade, not a slide, so
// there is no motion to turn off for prefers-reduced-motion). The browser's own focus ring is kept.
// NOTE: the loader's shadow root starts with an inline `:host{display:none}` and then links this
// sheet; `:host{all:initial}` here has the same specificity and comes later, so it resets what the
// host page inherits AND shows the launcher, only once its real colours and side are known.
/**
 * The launcher's stylesheet for a site (`GET /widget/site/KEY.css`), loaded by the loader into its
 * shadow root. `hidden`: the site is disabled or unknown, or hides its launcher when nobody is there.
 */
export function launcherCss(appearance: Appearance, options: { hidden: boolean }): string {
  if (options.hidden) return HIDDEN_CSS;
  // Validated again here: the stylesheet is built from these values and nothing else may reach it.
  const brand = parseColour(appearance.brandColour) ?? DEFAULT_BRAND_COLOUR;
  const text = parseColour(textColourOf(appearance)) ?? WHITE;
  const side = appearance.position === 'left' ? 'left' : 'right';
  return (
    ':host{all:initial}' +
    `button,iframe{position:fixed;${side}:20px;bottom:20px;z-index:2147483000;border:0;box-shadow:0 4px 24px #0004}` +
    `button{padding:14px;border-radius:50%;background:${brand};cursor:pointer}` +
    `svg{display:block;width:28px;height:28px;fill:none;stroke:${text};stroke-width:2}` +
    '[aria-expanded=true] .c,[aria-expanded=false] .x,b:empty{display:none}' +
    'b{position:absolute;top:-4px;right:-4px;padding:0 6px;border-radius:9px;background:#e11d48;color:#fff;font:700 12px/18px system-ui}' +
    'iframe{bottom:88px;width:380px;height:min(640px,100% - 108px);border-radius:16px;transition:.2s}' +
    '.h{visibility:hidden;opacity:0}' +
    `@media(max-width:480px){iframe{${side}:0;bottom:0;width:100%;height:100%;border-radius:0}}` +
    labelCss(appearance, text)
  );
}

/**
 * The launcher label: a pill with the text after the icon, for the languages that have one, while
 * the panel is closed. The loader marks the button with the visitor's language (`lang`) and reads
 * the text back from `content` as the button's accessible name, so what is seen is what is said.
 */
function labelCss(appearance: Appearance, text: string): string {
  let css = '';
  for (const locale of Locales) {
    const label = appearance.launcherLabel[locale];
    // Checked again: only a label LauncherLabel accepts may reach the stylesheet.
    if (label === undefined || !LauncherLabel.safeParse(label).success) continue;
    const on = `button[lang="${locale}"][aria-expanded=false]`;
    css +=
      `${on}{display:flex;align-items:center;gap:8px;padding:14px 20px 14px 16px;border-radius:28px}` +
      `${on}::after{content:"${label}";color:${text};font:600 16px/1 system-ui}`;
  }
  return css;
}
