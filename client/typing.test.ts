import { describe, expect, it } from 'vitest';
import { createTypingThrottle, shouldSendTyping, TypingRepeatMs } from './typing';

describe('typing, outgoing', () => {
  it('sends typing:true when starting, then at most every 3 s while typing', () => {
    expect(shouldSendTyping(null, true, 0)).toBe(true);
    const sent = { typing: true, at: 1_000 };
    expect(shouldSendTyping(sent, true, 1_000 + TypingRepeatMs - 1)).toBe(false);
    expect(shouldSendTyping(sent, true, 1_000 + TypingRepeatMs)).toBe(true);
  });

  it('sends typing:false once, and only after a typing:true', () => {
    expect(shouldSendTyping(null, false, 0)).toBe(false);
    expect(shouldSendTyping({ typing: true, at: 0 }, false, 10)).toBe(true);
    expect(shouldSendTyping({ typing: false, at: 10 }, false, 20)).toBe(false);
    // Typing again right after stopping starts over at once.
    expect(shouldSendTyping({ typing: false, at: 10 }, true, 20)).toBe(true);
  });
});

describe('typing throttle', () => {
  it('sends true at most every 3 s and false once, only after a true', () => {
    const throttle = createTypingThrottle();
    expect(throttle.update(false, 0)).toBeNull();
    expect(throttle.update(true, 0)).toBe(true);
    expect(throttle.update(true, 2_999)).toBeNull();
    expect(throttle.update(true, 3_000)).toBe(true);
    expect(throttle.update(false, 3_100)).toBe(false);
    expect(throttle.update(false, 3_200)).toBeNull();
    expect(throttle.update(true, 3_300)).toBe(true);
  });

  it('after a reset (new link, or a frame that did not go out) starts over', () => {
    const throttle = createTypingThrottle();
    expect(throttle.update(true, 0)).toBe(true);
    throttle.reset();
    expect(throttle.update(true, 100)).toBe(true);
    throttle.reset();
    expect(throttle.update(false, 200)).toBeNull();
  });
});
