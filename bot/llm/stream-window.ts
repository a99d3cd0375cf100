import { squeezeText } from '../normalize';
import { isAmountToken } from './amounts';

/**
 * How much of a streamed answer the visitor may see yet, and how much of it to check first.
 *
 * NOTE: the invariant. Text is released only after the guard has passed everything up to
 * `checkedEnd`, and only up to a point at least HOLD_BACK_CHARS squeezed characters (letters
 * and digits) before it. Any problem the guard can see within that many characters — a
 * RULE_RUN_CHARS stretch of the rules, the canary, the marker, a tool name, an amount, a
 * refund phrase — is therefore judged while all of it is still held back: when the guard
 * stops the stream, no character of the offending text has been sent. Counting squeezed
 * characters (not raw ones) keeps the promise for "Y o u  a r e" and zero-width padding.
 * 32 = RULE_RUN_CHARS (24, the longest stretch a check needs) plus a word of margin (the
 * tests hold it to that); about 38 characters of ordinary prose, a few tenths of a second
 * at 30–80 tokens a second.
 */
export const HOLD_BACK_CHARS = 32;

export type StreamWindow = {
  /**
   * The guard must pass text.slice(0, checkedEnd) before anything more is sent: whole
   * words only, and not a trailing amount that a next word may complete ("349" → "349 euros").
   */
  checkedEnd: number;
  /** Text up to here may be sent; never inside a word, never inside an amount. */
  releasableEnd: number;
};

export function streamWindow(text: string, final: boolean, hold: number = HOLD_BACK_CHARS): StreamWindow {
  if (final) {
    const end = text.trimEnd().length;
    return { checkedEnd: end, releasableEnd: end };
  }
  const tokens = [...text.matchAll(/\S+/g)].map((match) => ({ word: match[0], end: match.index + match[0].length }));
  // The last word may still be growing; an amount at the end may still get its currency or cents.
  if (!/\s$/.test(text)) tokens.pop();
  while (tokens.length > 0 && isAmountToken(tokens[tokens.length - 1]?.word ?? '')) tokens.pop();
  const checkedEnd = tokens[tokens.length - 1]?.end ?? 0;

  let held = 0;
  let last = tokens.length - 1;
  while (last >= 0 && held < hold) {
    held += squeezeText(tokens[last]?.word ?? '').length;
    last -= 1;
  }
  if (held < hold) return { checkedEnd, releasableEnd: 0 };
  // Never split "three hundred | and forty-nine euros" or "€ | 349" between deltas: an
  // amount reaches the visitor whole, in one piece.
  const continues = (index: number) => {
    const word = tokens[index]?.word ?? '';
    return isAmountToken(word) && !/[,.;:!?)\]]$/.test(word) && isAmountToken(tokens[index + 1]?.word ?? '');
  };
  while (last >= 0 && continues(last)) last -= 1;
  return { checkedEnd, releasableEnd: last >= 0 ? (tokens[last]?.end ?? 0) : 0 };
}
