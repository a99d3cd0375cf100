import { sql } from 'kysely';
import type { Db } from '../store/db';

/** At most this many origins are remembered per site; once full, only those already there are counted. */
export const MAX_LOAD_ORIGINS_PER_SITE = 50;
const FLUSH_MS = 2_000;

export type LoadRecorder = ReturnType<typeof createLoadRecorder>;

/**
 * The installation check: which origins loaded a site's widget, allowed or not. A load is one
 * request for the site's launcher stylesheet, so it is counted in memory and written every few
 * seconds, one transaction for all of them. Bounded twice: pending origins per site, and rows per
 * site in the store, so forged Referer headers can neither grow memory nor the table.
 */
export function createLoadRecorder(deps: { db: Db; now: () => Date; flushMs?: number; maxOrigins?: number }) {
  const maxOrigins = deps.maxOrigins ?? MAX_LOAD_ORIGINS_PER_SITE;
  type Pending = { allowed: boolean; loads: number; first: string; last: string };
  let pending = new Map<string, Map<string, Pending>>();
  /** Per site, the origins the store has rows for (as of the last flush): they are always counted. */
  const stored = new Map<string, Set<string>>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let flushing: Promise<void> = Promise.resolve();
  let closed = false;

  async function write(batch: Map<string, Map<string, Pending>>): Promise<void> {
    await deps.db.transaction().execute(async (trx) => {
      for (const [siteKey, origins] of batch) {
        const rows = await trx.selectFrom('site_loads').select('origin').where('site_key', '=', siteKey).execute();
        const known = new Set(rows.map((r) => r.origin));
        stored.set(siteKey, known);
        let room = maxOrigins - known.size;
        for (const [origin, load] of origins) {
          if (known.has(origin)) {
            await trx
              .updateTable('site_loads')
              .set({ allowed: load.allowed ? 1 : 0, loads: sql<number>`loads + ${load.loads}`, last_loaded_at: load.last })
              .where('site_key', '=', siteKey)
              .where('origin', '=', origin)
              .execute();
          } else if (room > 0) {
            room--;
            await trx
              .insertInto('site_loads')
              .values({ site_key: siteKey, origin, allowed: load.allowed ? 1 : 0, loads: load.loads, first_loaded_at: load.first, last_loaded_at: load.last })
              .execute();
            known.add(origin);
          }
          // Full: a new origin is dropped. Allowed origins are listed in the site settings anyway.
        }
      }
    });
  }

  /** Pending origins the store has no row for: at most `maxOrigins` per site wait in memory. */
  function newOrigins(siteKey: string, origins: Map<string, Pending>): number {
    const known = stored.get(siteKey);
    let count = 0;
    for (const origin of origins.keys()) if (known?.has(origin) !== true) count++;
    return count;
  }

  function flush(): Promise<void> {
    clearTimeout(timer);
    timer = undefined;
    const batch = pending;
    pending = new Map();
    // Chained: two flushes never write the same site at once (the room count would be off).
    flushing = flushing.then(async () => {
      if (batch.size === 0) return;
      try {
        await write(batch);
      } catch (error) {
        // The check is informational: losing a few seconds of counts must not fail anything else.
        console.error('[site-loads] could not record widget loads', error);
      }
    });
    return flushing;
  }

  return {
    /** Counts one load of `siteKey`'s widget from `origin` (already checked to be an http(s) origin). */
    record(siteKey: string, origin: string, allowed: boolean): void {
      if (closed) return;
      let origins = pending.get(siteKey);
      if (origins === undefined) pending.set(siteKey, (origins = new Map()));
      const at = deps.now().toISOString();
      const seen = origins.get(origin);
      if (seen !== undefined) {
        seen.loads++;
        seen.last = at;
        seen.allowed = allowed;
      } else if (stored.get(siteKey)?.has(origin) === true || newOrigins(siteKey, origins) < maxOrigins) {
        origins.set(origin, { allowed, loads: 1, first: at, last: at });
      }
      if (timer === undefined) {
        timer = setTimeout(() => void flush(), deps.flushMs ?? FLUSH_MS);
        timer.unref();
      }
    },
    /** Writes what is pending now (the installation route reads after it). */
    flush,
    async close(): Promise<void> {
      closed = true;
      await flush();
    },
  };
}

/**
 * The origin a request for the widget came from: the Origin header, else the Referer's origin;
 * only http(s), only when it parses, never longer than an origin can sensibly be. Any header
 * value is safe here: a bad one is simply no origin.
 */
export function requestOrigin(headers: { origin?: string | undefined; referer?: string | undefined }): string | null {
  for (const value of [headers.origin, headers.referer]) {
    if (typeof value !== 'string' || value === '' || value === 'null' || value.length > 4096) continue;
    if (!URL.canParse(value)) continue;
    const url = new URL(value);
    if ((url.protocol === 'http:' || url.protocol === 'https:') && url.origin.length <= 300) return url.origin;
  }
  return null;
}
