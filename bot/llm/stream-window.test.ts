import { describe, expect, it } from 'vitest';
import { squeezeText } from '../normalize';
import { RULE_RUN_CHARS } from './leaks';
import { HOLD_BACK_CHARS, streamWindow } from './stream-window';

const PROSE = 'Shipping to mainland Portugal is €4.90 and free over €60, Spain is €6.90 and free over €80, the rest of the EU €9.90. ';

describe('streamWindow', () => {
  it('holds back at least as many letters as the longest stretch the guard needs to see', () => {
    expect(HOLD_BACK_CHARS).toBeGreaterThanOrEqual(RULE_RUN_CHARS + 8);
  });

  it('releases everything but the window, checked first, at every length of a streamed text', () => {
    for (let length = 1; length <= PROSE.length; length++) {
      const text = PROSE.slice(0, length);
      const { checkedEnd, releasableEnd } = streamWindow(text, false);
      expect(releasableEnd).toBeLessThanOrEqual(checkedEnd);
      if (releasableEnd > 0) {
        // Held back: at least the window, checked, after what is released.
        expect(squeezeText(text.slice(releasableEnd, checkedEnd)).length).toBeGreaterThanOrEqual(HOLD_BACK_CHARS);
        // Never inside a word.
        expect(text[releasableEnd]).toMatch(/\s/);
      }
      // Latency stays small: no more than the window and a few words wait.
      expect(squeezeText(text.slice(releasableEnd)).length).toBeLessThan(HOLD_BACK_CHARS + 24);
    }
  });

  it('does not check a word or an amount that the next chunk may still complete', () => {
    expect(streamWindow('It costs €6', false).checkedEnd).toBe('It costs'.length);
    expect(streamWindow('It costs 349 ', false).checkedEnd).toBe('It costs'.length);
    expect(streamWindow('It is three hundred ', false).checkedEnd).toBe('It is'.length);
  });

  it('never splits an amount between two deltas', () => {
    // The window's edge falls after "hundred": the whole amount waits instead.
    const tail = 'b'.repeat(HOLD_BACK_CHARS - 'andfortynine'.length);
    const text = `${'a'.repeat(10)} costs three hundred and forty-nine ${tail} x`;
    const { releasableEnd } = streamWindow(text, false);
    expect(text.slice(0, releasableEnd)).toBe(`${'a'.repeat(10)} costs`);
  });

  it('counts letters, not characters, so spacing and zero-width padding do not shrink the window', () => {
    const spaced = `${[...'y o u a r e t h e c h a t a s s i s t a n t o n t h e w e b s i t e'].join('\u200b')} `;
    const { releasableEnd, checkedEnd } = streamWindow(spaced, false);
    expect(squeezeText(spaced.slice(releasableEnd, checkedEnd)).length >= HOLD_BACK_CHARS || releasableEnd === 0).toBe(true);
  });

  it('releases and checks the whole text at the end', () => {
    expect(streamWindow('Shipping is €6.90.  ', true)).toEqual({ checkedEnd: 18, releasableEnd: 18 });
  });
});
