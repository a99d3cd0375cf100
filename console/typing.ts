/**
 * When to tell the visitor I am typing: `typing: true` at most every `everyMs` while I type,
 * `typing: false` once when I stop (send, clear, blur) — and only if a `true` went out.
 * Pure bookkeeping; the caller sends the frames it returns.
 */
export const TypingThrottleMs = 3_000;

export interface TypingThrottle {
  /** Returns the value to send now, or null to send nothing. */
  update(typing: boolean, nowMs: number): boolean | null;
  /** Forget everything (new connection: the other side forgot too). */
  reset(): void;
}

export function createTypingThrottle(everyMs = TypingThrottleMs): TypingThrottle {
  let lastTrueAt: number | null = null;
  return {
    update(typing, nowMs) {
      if (typing) {
        if (lastTrueAt !== null && nowMs - lastTrueAt < everyMs) return null;
        lastTrueAt = nowMs;
        return true;
      }
      if (lastTrueAt === null) return null;
      lastTrueAt = null;
      return false;
    },
    reset() {
      lastTrueAt = null;
    },
  };
}
