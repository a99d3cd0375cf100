/**
 * Typing indicators, both ways, for both apps. Outgoing: `typing: true` when starting, then at
 * most every `TypingRepeatMs` while typing; `typing: false` once when stopping (send, clear, blur),
 * and only after a `true` went out (stopping what never started says nothing). Incoming: typing is
 * ephemeral and a `false` can be lost, so silence for `TypingTimeoutMs` means they stopped.
 */

/** While typing, `typing: true` is repeated this often, no more (receivers time out at 6 s). */
export const TypingRepeatMs = 3_000;

/** The indicator hides this long after the last `typing: true` (the sender repeats every 3 s). */
export const TypingTimeoutMs = 6_000;

/** The last `typing` frame sent. */
export interface TypingSent {
  typing: boolean;
  /** When it went out (ms since epoch). */
  at: number;
}

/** Whether to send `typing` with this value now, given the last one sent (null: none on this link). */
export function shouldSendTyping(last: TypingSent | null, typing: boolean, now: number): boolean {
  if (!typing) return last?.typing === true;
  return !last?.typing || now - last.at >= TypingRepeatMs;
}

export interface TypingThrottle {
  /** Returns the value to send now (counted as sent), or null to send nothing. */
  update(typing: boolean, nowMs: number): boolean | null;
  /**
   * Forget everything: a new link (the other side forgot too), or a frame that could not go out
   * (the next keystroke tries again, and a `false` for a `true` never sent says nothing).
   */
  reset(): void;
}

export function createTypingThrottle(): TypingThrottle {
  let last: TypingSent | null = null;
  return {
    update(typing, nowMs) {
      if (!shouldSendTyping(last, typing, nowMs)) return null;
      last = { typing, at: nowMs };
      return typing;
    },
    reset() {
      last = null;
    },
  };
}
