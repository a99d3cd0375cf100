import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import * as z from 'zod';
import { AppError } from '../errors';

/**
 * Every abuse limit in one place, with the defaults SECURITY.md documents. Counters are taken
 * *before* the work they guard (a reservation), never read-then-written after it, so a wave of
 * concurrent requests counts as many times as it has requests.
 *
 * NOTE: counters live in this process (`rate-limiter-flexible`'s memory store). With several relay
 * processes each keeps its own; the Redis store of the same library is the drop-in for scale-out.
 */
export const LimitSettings = z.strictObject({
  /** Failed sign-ins per account from one address, per 15 minutes (then 15 minutes' wait). */
  loginFailuresPerAccountAndIp: z.number().int().min(1).default(10),
  /** Failed sign-ins from one address, any account, per day. */
  loginFailuresPerIp: z.number().int().min(1).default(100),
  /** Failed sign-ins for one account from anywhere, per hour (slows a distributed guess). */
  loginFailuresPerAccount: z.number().int().min(1).default(50),
  /** Wrong current passwords when changing one's own, per agent, per 15 minutes. */
  passwordChecksPerAgent: z.number().int().min(1).default(5),
  /** New visitors (contacts) one address may create, per hour. */
  newVisitorsPerIp: z.number().int().min(1).default(60),
  /** Open WebSocket and SSE connections from one address at once. */
  connectionsPerIp: z.number().int().min(1).default(200),
  /** Callbacks booked from one address, per day. */
  bookingsPerIp: z.number().int().min(1).default(5),
  /** Booking attempts (including refused ones) per visitor, per 10 minutes. */
  bookingAttemptsPerVisitor: z.number().int().min(1).default(10),
  /** Callbacks one site takes in any 24 hours (a visible "full for today" beyond). */
  callbacksPerSitePerDay: z.number().int().min(1).default(200),
  /** Messages per visitor, per 10 seconds (then `rate_limited`; the widget's outbox retries). */
  visitorMessagesPer10s: z.number().int().min(1).default(20),
  /** Frames per connection, per 10 seconds (then the socket is closed with 4429). */
  framesPer10s: z.number().int().min(1).default(300),
  /** Frames received but not yet handled, per connection (then closed with 4429). */
  inboundQueueFrames: z.number().int().min(1).default(64),
});
export type LimitSettings = z.infer<typeof LimitSettings>;

export const DEFAULT_LIMITS: LimitSettings = LimitSettings.parse({});

/** `PONTE_LIMITS="newVisitorsPerIp=500,connectionsPerIp=1000"`; unknown names and bad numbers are refused. */
export function limitsFromEnv(text: string | undefined): LimitSettings {
  if (text === undefined || text.trim() === '') return DEFAULT_LIMITS;
  const pairs = text.split(',').map((pair) => pair.trim()).filter(Boolean);
  const entries = pairs.map((pair) => {
    const [name, value] = pair.split('=').map((part) => part.trim());
    return [name ?? '', Number(value)] as const;
  });
  const parsed = LimitSettings.safeParse(Object.fromEntries(entries));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`PONTE_LIMITS: ${issue?.path.join('.') || 'value'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** One counter: `take` reserves a point or throws `rate_limited`; `give` returns one, `clear` forgets the key. */
export type Counter = {
  take(key: string, message: string): Promise<void>;
  give(key: string): Promise<void>;
  clear(key: string): Promise<void>;
};

function counter(points: number, durationSeconds: number, blockSeconds = 0): Counter {
  const limiter = new RateLimiterMemory({ points, duration: durationSeconds, blockDuration: blockSeconds });
  return {
    async take(key, message) {
      try {
        await limiter.consume(key);
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        throw rateLimited(message, error.msBeforeNext);
      }
    },
    async give(key) {
      await limiter.reward(key);
    },
    async clear(key) {
      await limiter.delete(key);
    },
  };
}

export function rateLimited(message: string, retryAfterMs: number): AppError {
  const minutes = Math.ceil(retryAfterMs / 60_000);
  const wait = retryAfterMs < 60_000 ? `${Math.max(1, Math.ceil(retryAfterMs / 1000))} s` : `${minutes} min`;
  return new AppError('rate_limited', 429, `${message} Try again in ${wait}.`);
}

export type Limits = ReturnType<typeof createLimits>;

export function createLimits(settings: LimitSettings) {
  const connections = new Map<string, number>();
  return {
    settings,
    login: {
      accountAndIp: counter(settings.loginFailuresPerAccountAndIp, 15 * 60, 15 * 60),
      ip: counter(settings.loginFailuresPerIp, 24 * 60 * 60),
      account: counter(settings.loginFailuresPerAccount, 60 * 60),
    },
    passwordChecks: counter(settings.passwordChecksPerAgent, 15 * 60, 15 * 60),
    newVisitors: counter(settings.newVisitorsPerIp, 60 * 60),
    bookingsPerIp: counter(settings.bookingsPerIp, 24 * 60 * 60),
    bookingAttempts: counter(settings.bookingAttemptsPerVisitor, 10 * 60),
    visitorMessages: counter(settings.visitorMessagesPer10s, 10),
    frames: counter(settings.framesPer10s, 10),
    /**
     * Counts an open connection from `ip`; returns its release, or undefined when the address
     * already has as many as it may. Synchronous, so concurrent upgrades cannot both slip through.
     */
    openConnection(ip: string): (() => void) | undefined {
      const open = connections.get(ip) ?? 0;
      if (open >= settings.connectionsPerIp) return undefined;
      connections.set(ip, open + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const left = (connections.get(ip) ?? 1) - 1;
        if (left <= 0) connections.delete(ip);
        else connections.set(ip, left);
      };
    },
  };
}
