import { describe, expect, it } from 'vitest';
import { appearanceOf, autoTextColour, contrastRatio, DarkText, draftOf, formatRatio, LightText, MinContrast, normaliseHex } from './appearanceForm';
import { DefaultAppearance } from './sitesApi';

describe('brand colours', () => {
  it('normalises hex colours to lowercase #rrggbb and refuses anything else', () => {
    expect(normaliseHex('#0F766E')).toBe('#0f766e');
    expect(normaliseHex(' 0f766e ')).toBe('#0f766e');
    expect(normaliseHex('#abc')).toBe('#aabbcc');
    expect(normaliseHex('red')).toBeNull();
    expect(normaliseHex('#12345')).toBeNull();
    expect(normaliseHex('#gggggg')).toBeNull();
    expect(normaliseHex('javascript:alert(1)')).toBeNull();
  });

  it('computes the WCAG contrast ratio', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
    // Symmetric, and the reference pair #767676 on white is just over AA.
    expect(contrastRatio('#ffffff', '#767676')).toBeCloseTo(contrastRatio('#767676', '#ffffff'), 10);
    expect(contrastRatio('#767676', '#ffffff')).toBeGreaterThan(MinContrast);
    expect(contrastRatio('#777777', '#ffffff')).toBeLessThan(MinContrast);
  });

  it('picks white on dark brands and near-black on light ones', () => {
    expect(autoTextColour('#4f46e5')).toBe(LightText);
    expect(autoTextColour('#0f766e')).toBe(LightText);
    expect(autoTextColour('#ffd43b')).toBe(DarkText);
    expect(autoTextColour('#ffffff')).toBe(DarkText);
  });

  it('rounds the ratio down, so a failing one never reads as 4.5', () => {
    expect(formatRatio(4.49)).toBe('4.4:1');
    expect(formatRatio(21)).toBe('21.0:1');
  });
});

describe('the appearance form', () => {
  const stored = { ...DefaultAppearance, brandColour: '#0f766e', greeting: { en: 'Hi!' }, avatar: '/avatars/a.png' };

  it('round-trips what is stored, with "auto" text colour and empty greetings for missing languages', () => {
    const draft = draftOf(stored);
    expect(draft.textMode).toBe('auto');
    expect(draft.greeting).toEqual({ en: 'Hi!', 'pt-BR': '', es: '' });
    expect(appearanceOf(draft, stored)).toEqual(stored);
  });

  it('drops blank greetings and team name (the knowledge base and site name take over) and trims the rest', () => {
    const draft = { ...draftOf(stored), teamName: '   ', greeting: { en: '  Welcome to Acme  ', 'pt-BR': '  ', es: 'Hola' } };
    const appearance = appearanceOf(draft, stored);
    expect(appearance.greeting).toEqual({ en: 'Welcome to Acme', es: 'Hola' });
    expect(appearance.teamName).toBeNull();
  });

  it('keeps the stored colour while a hex is half typed, and sends a custom text colour only in custom mode', () => {
    const half = { ...draftOf(stored), brand: '#12', textMode: 'custom' as const, text: '#FFF' };
    expect(appearanceOf(half, stored).brandColour).toBe('#0f766e');
    expect(appearanceOf(half, stored).textColour).toBe('#ffffff');
    expect(appearanceOf({ ...half, textMode: 'auto' }, stored).textColour).toBeNull();
  });

  it('never sends the avatar from the form: the upload route owns it', () => {
    expect(appearanceOf(draftOf({ ...stored, avatar: null }), stored).avatar).toBe('/avatars/a.png');
  });
});
