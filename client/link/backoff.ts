/**
 * How long to wait before the next attempt. Capped exponential backoff with full jitter: the cap
 * keeps a long outage from turning into minutes-long waits, the jitter keeps a relay restart from
 * being hit by every widget and console in the same millisecond.
 */
import { CloseCode } from '../../protocol/codes';

// NOTE: tunables are plain named numbers, not objects: the minifier inlines a number, while an
// object and its property reads ship as written, to every visitor.
export const BackoffBaseMs = 500;
export const BackoffCapMs = 30_000;

/**
 * After a graceful relay restart (1012) the new process is up within moments: come back soon,
 * spread over a window so every client does not land on it at once.
 */
export const RestartDelayMinMs = 250;
export const RestartDelayMaxMs = 1_000;

/** A random delay between half and all of min(cap, base·2^attempt); `attempt` is 0 for the first retry. */
export function backoffDelay(attempt: number, random: () => number, baseMs: number = BackoffBaseMs, capMs: number = BackoffCapMs): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 16));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export function restartDelay(random: () => number): number {
  return Math.round(RestartDelayMinMs + (RestartDelayMaxMs - RestartDelayMinMs) * random());
}

/**
 * The wait before the next attempt, from the code the last link ended with.
 * NOTE: dropped as too slow (4429) goes straight to the longest backoff, [capMs/2, capMs] of the
 * default schedule, whatever a caller's own cap: 15 s already outlasts the relay's 10-second
 * frame windows, and a client on a choked link must back off instead of hammering the relay.
 */
export function retryDelay(code: number, attempt: number, random: () => number, baseMs?: number, capMs?: number): number {
  if (code === CloseCode.ServiceRestart) return restartDelay(random);
  if (code === CloseCode.Abuse) return backoffDelay(16, random);
  return backoffDelay(attempt, random, baseMs, capMs);
}
