import { describe, expect, it } from 'vitest';
import {
  Appearance,
  autoTextColour,
  contrastRatio,
  DEFAULT_APPEARANCE,
  inkColourOf,
  launcherCss,
  localeFor,
  mergeAppearance,
  parseColour,
  readAppearance,
} from './appearance';

describe('colours', () => {
  it('reads #rgb and #rrggbb in any case as lowercase #rrggbb', () => {
    expect(parseColour('#ABC')).toBe('#aabbcc');
    expect(parseColour('#B91C1C')).toBe('#b91c1c');
    expect(parseColour(' #4f46e5 ')).toBe('#4f46e5');
  });

  it.each(['red', '#abcd', '#12345g', 'rgb(0,0,0)', '#4f46e5;}body{x', 'url(x)', ''])('refuses %j', (value) => {
    expect(parseColour(value)).toBeNull();
  });

  it('computes WCAG 2 contrast', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
    // Known pair: #777777 on white is 4.48:1, just under AA.
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it('picks white or near-black text, whichever contrasts more', () => {
    expect(autoTextColour('#4f46e5')).toBe('#ffffff');
    expect(autoTextColour('#fde047')).toBe('#111827');
  });

  it('always reaches 4.5:1 automatically, even for mid greys', () => {
    expect(autoTextColour('#777777')).toBe('#000000');
    for (let v = 0; v < 256; v += 5) {
      const hex = v.toString(16).padStart(2, '0');
      for (const brand of [`#${hex}${hex}${hex}`, `#${hex}0000`, `#00${hex}00`, `#0000${hex}`]) {
        expect(contrastRatio(brand, autoTextColour(brand))).toBeGreaterThanOrEqual(4.5);
      }
    }
  });
});

describe('inkColourOf', () => {
  it('uses the brand colour as text on white only when readable', () => {
    expect(inkColourOf({ ...DEFAULT_APPEARANCE, brandColour: '#b91c1c' })).toBe('#b91c1c');
    expect(inkColourOf({ ...DEFAULT_APPEARANCE, brandColour: '#fde047' })).toBe('#111827');
  });
});

describe('Appearance', () => {
  it('fills the defaults', () => {
    expect(DEFAULT_APPEARANCE).toEqual({
      brandColour: '#4f46e5',
      textColour: null,
      position: 'right',
      teamName: null,
      avatar: null,
      greeting: {},
      launcherLabel: {},
      languages: ['en', 'pt-BR', 'es'],
      whenUnavailable: 'callback',
    });
  });

  it('refuses text under 4.5:1 with low_contrast and the ratio', () => {
    expect(() => mergeAppearance(DEFAULT_APPEARANCE, { brandColour: '#ffffff', textColour: '#777777' })).toThrow(
      expect.objectContaining({ code: 'low_contrast', message: expect.stringContaining('4.48:1') }),
    );
    expect(mergeAppearance(DEFAULT_APPEARANCE, { brandColour: '#ffffff', textColour: '#767676' }).textColour).toBe('#767676');
  });

  it('refuses empty languages, unknown languages, long greetings and a made-up avatar', () => {
    expect(Appearance.safeParse({ languages: [] }).success).toBe(false);
    expect(Appearance.safeParse({ languages: ['fr'] }).success).toBe(false);
    expect(Appearance.safeParse({ greeting: { en: 'x'.repeat(501) } }).success).toBe(false);
    expect(Appearance.safeParse({ greeting: { en: '   ' } }).success).toBe(false);
    expect(Appearance.safeParse({ avatar: 'https://evil.example/x.png' }).success).toBe(false);
    expect(Appearance.safeParse({ brandColour: 'red' }).success).toBe(false);
  });

  it('reads a broken stored value as the defaults', () => {
    expect(readAppearance('{', 'x')).toEqual(DEFAULT_APPEARANCE);
    expect(readAppearance('{"brandColour":"javascript:"}', 'x')).toEqual(DEFAULT_APPEARANCE);
    expect(readAppearance(null, 'x')).toEqual(DEFAULT_APPEARANCE);
  });

  it('falls back to the first enabled language', () => {
    const a = { ...DEFAULT_APPEARANCE, languages: ['es' as const, 'en' as const] };
    expect(localeFor(a, 'pt-BR')).toBe('es');
    expect(localeFor(a, 'en')).toBe('en');
  });
});

describe('launcherCss', () => {
  it('keeps the default look: indigo on the right, white icon', () => {
    const css = launcherCss(DEFAULT_APPEARANCE, { hidden: false });
    expect(css.startsWith(':host{all:initial}')).toBe(true);
    expect(css).toContain('right:20px');
    expect(css).toContain('background:#4f46e5');
    expect(css).toContain('stroke:#ffffff');
    expect(css).not.toContain('left:');
  });

  it('moves button, panel and the phone layout to the left, in the brand colours', () => {
    const css = launcherCss({ ...DEFAULT_APPEARANCE, brandColour: '#fde047', position: 'left' }, { hidden: false });
    expect(css).toContain('left:20px');
    expect(css).toContain('@media(max-width:480px){iframe{left:0');
    expect(css).toContain('background:#fde047');
    expect(css).toContain('stroke:#111827');
    expect(css).not.toMatch(/iframe\{right|,iframe\{position:fixed;right/);
  });

  it('hides everything when asked', () => {
    expect(launcherCss(DEFAULT_APPEARANCE, { hidden: true })).toBe(':host{display:none}');
  });

  it('gives the closed launcher a label per language, and refuses labels that could leave the CSS string', () => {
    const labelled = Appearance.parse({ launcherLabel: { en: 'Chat with us', 'pt-BR': 'Fale conosco' } });
    const css = launcherCss(labelled, { hidden: false });
    expect(css).toContain('button[lang="en"][aria-expanded=false]::after{content:"Chat with us"');
    expect(css).toContain('button[lang="pt-BR"][aria-expanded=false]::after{content:"Fale conosco"');
    expect(css).not.toContain('lang="es"');
    expect(launcherCss(DEFAULT_APPEARANCE, { hidden: false })).not.toContain('::after');
    for (const bad of ['say "hi"', 'back\\slash', '<b>', 'two\nlines', 'x'.repeat(31), '   ']) {
      expect(Appearance.safeParse({ launcherLabel: { en: bad } }).success, bad).toBe(false);
    }
    // A stored value that skipped validation still never reaches the stylesheet.
    const forged = { ...DEFAULT_APPEARANCE, launcherLabel: { en: '"}body{display:none}' } };
    expect(launcherCss(forged, { hidden: false })).not.toContain('body{');
  });

  it('never writes an unvalidated value into the CSS', () => {
    const forged = { ...DEFAULT_APPEARANCE, brandColour: 'red}body{display:none', position: 'x' as 'left' };
    const css = launcherCss(forged, { hidden: false });
    expect(css).not.toContain('body{');
    expect(css).toContain('background:#4f46e5');
    expect(css).toContain('right:20px');
  });
});

describe('mergeAppearance', () => {
  it('changes only the fields sent', () => {
    const first = mergeAppearance(DEFAULT_APPEARANCE, { brandColour: '#b91c1c', position: 'left' });
    const second = mergeAppearance(first, { teamName: 'Team' });
    expect(second).toMatchObject({ brandColour: '#b91c1c', position: 'left', teamName: 'Team' });
  });
});
