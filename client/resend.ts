/**
 * Sending again what the server refused "for now" (protocol/codes.ts `isRetryableError`: a rate
 * limit, a passing server error): each message on its own timer, a growing wait each time, and after
 * `maxAttempts` refusals it is given up (the app shows Retry). A final refusal gives up at once.
 * An ack, a new link (which resends everything anyway) or the end of the session forget the timers.
 */
import { isRetryableError } from '../protocol/codes';
import type { Timers } from './link/link';

/** A message refused with a retryable error goes out again after 2 s, 4 s, 8 s; then Retry shows. */
export const AutoResendDelayMs = 2_000;
export const AutoResendMaxAttempts = 3;

export interface ResendOptions {
  timers: Timers;
  /** Sends the message again (if it is still waiting). */
  resend: (clientMsgId: string) => void;
  /** Refused for good (a final code, or too many attempts): the app marks it failed, with the server's words. */
  giveUp: (clientMsgId: string, message: string) => void;
}

export interface ResendSchedule {
  /** The server refused this message with `code`. */
  refused(clientMsgId: string, code: string, message: string): void;
  /** Stored (ack) or retried by hand: its count starts over. */
  forget(clientMsgId: string): void;
  /** A new link or the end of the session: every timer goes. Idempotent. */
  clear(): void;
}

export function createResendSchedule({ timers, resend, giveUp }: ResendOptions): ResendSchedule {
  const entries = new Map<string, { attempts: number; timer: unknown }>();
  const forget = (clientMsgId: string): void => {
    const entry = entries.get(clientMsgId);
    if (entry !== undefined && entry.timer !== null) timers.clearTimeout(entry.timer);
    entries.delete(clientMsgId);
  };
  return {
    refused(clientMsgId, code, message) {
      const attempts = (entries.get(clientMsgId)?.attempts ?? 0) + 1;
      if (!isRetryableError(code) || attempts > AutoResendMaxAttempts) {
        forget(clientMsgId);
        return giveUp(clientMsgId, message);
      }
      // The server said "not now", not "no": the message stays sending meanwhile.
      const timer = timers.setTimeout(() => {
        const entry = entries.get(clientMsgId);
        if (entry !== undefined) entries.set(clientMsgId, { ...entry, timer: null });
        resend(clientMsgId);
      }, AutoResendDelayMs * 2 ** (attempts - 1));
      entries.set(clientMsgId, { attempts, timer });
    },
    forget,
    clear() {
      for (const id of [...entries.keys()]) forget(id);
    },
  };
}
