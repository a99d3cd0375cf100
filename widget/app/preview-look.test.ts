import { describe, expect, it } from 'vitest';
import { textColour } from './preview';
import { toLook } from './preview-look';

describe('toLook (appearances posted to the preview)', () => {
  it('keeps valid fields and normalises colours', () => {
    const look = toLook('Acme', {
      brandColour: '#FDE',
      position: 'left',
      teamName: ' Team ',
      greeting: { en: 'Hi', fr: 'Salut' },
      languages: ['es', 'xx'],
      whenUnavailable: 'message',
      avatar: `/avatars/${'a'.repeat(64)}.png`,
    });
    expect(look).toEqual({
      name: 'Acme',
      brandColour: '#ffddee',
      textColour: null,
      position: 'left',
      teamName: 'Team',
      avatar: `/avatars/${'a'.repeat(64)}.png`,
      greeting: { en: 'Hi' },
      languages: ['es'],
      whenUnavailable: 'message',
    });
  });

  it('takes defaults for anything odd, and never an outside avatar URL', () => {
    const look = toLook('Acme', { brandColour: 'red', avatar: 'https://evil.example/a.png', languages: [], position: 'top' });
    expect(look).toMatchObject({ brandColour: '#4f46e5', avatar: null, languages: ['en', 'pt-BR', 'es'], position: 'right' });
    expect(toLook('X', null).brandColour).toBe('#4f46e5');
  });

  it('picks the text colour as the server does', () => {
    expect(textColour(toLook('X', { brandColour: '#4f46e5' }))).toBe('#ffffff');
    expect(textColour(toLook('X', { brandColour: '#fde047' }))).toBe('#111827');
    expect(textColour(toLook('X', { brandColour: '#fde047', textColour: '#000000' }))).toBe('#000000');
    expect(textColour(toLook('X', { brandColour: '#777777' }))).toBe('#000000');
  });
});
