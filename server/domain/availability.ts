import { AppError } from '../errors';
import type { Db } from '../store/db';
import { workersBySite } from '../store/site-members';
import { setSiteHours, siteHoursJson } from '../store/sites';
import { readAppearance } from './appearance';
import type { Presence } from './presence';
import { BusinessHours, DEFAULT_BUSINESS_HOURS, isOpenAt, nextOpening } from './schedule';

/**
 * Whether a person can come: business hours (per site, stored) and presence (who is online).
 * The bot, routing and callbacks all ask here, so they never disagree about "open now".
 */
export type Availability = ReturnType<typeof createAvailability>;

export function createAvailability(deps: { db: Db; presence: Presence; now: () => Date }) {
  const { db, presence, now } = deps;
  const parsedHours = new Map<string, { json: string; hours: BusinessHours }>();

  async function hoursFor(siteKey: string): Promise<BusinessHours> {
    const json = await siteHoursJson(db, siteKey);
    if (json === undefined) throw new AppError('unknown_site', 404, `Unknown site "${siteKey}".`);
    if (json === null) return DEFAULT_BUSINESS_HOURS;
    // Read on every bot turn and routing run: parse a site's stored text only when it changed.
    const cached = parsedHours.get(siteKey);
    if (cached?.json === json) return cached.hours;
    const parsed = BusinessHours.safeParse(JSON.parse(json));
    if (parsed.success) {
      parsedHours.set(siteKey, { json, hours: parsed.data });
      return parsed.data;
    }
    // Stored hours are validated on the way in; a row that no longer parses is an operator problem.
    console.error(`[availability] site ${siteKey} has invalid business hours; using the defaults`, parsed.error);
    return DEFAULT_BUSINESS_HOURS;
  }

  /** Agents online who work on this site: only they can come to its visitors. */
  async function onlineOn(siteKey: string): Promise<number> {
    const mayWork = await workersBySite(db);
    return presence.agentsOnline((agentId) => mayWork(agentId, siteKey));
  }

  /** What the site shows when nobody can come: a callback offer, a "leave a message", or no launcher. */
  async function whenUnavailable(siteKey: string): Promise<string> {
    const row = await db.selectFrom('sites').select('appearance').where('key', '=', siteKey).executeTakeFirst();
    return readAppearance(row?.appearance ?? null, siteKey).whenUnavailable;
  }

  /** Whether a person can take a chat on this site now: someone of the site online, within business hours. */
  async function available(siteKey: string): Promise<boolean> {
    return (await onlineOn(siteKey)) > 0 && isOpenAt(await hoursFor(siteKey), now());
  }

  return {
    hoursFor,
    available,

    async setHours(siteKey: string, hours: BusinessHours): Promise<void> {
      if (!(await setSiteHours(db, siteKey, JSON.stringify(hours)))) throw new AppError('not_found', 404, `Unknown site "${siteKey}".`);
    },

    /** What the bot needs to choose between "a person will come" and "book a call back". */
    async forBot(siteKey: string): Promise<{ available: boolean; callbacksEnabled: boolean }> {
      const enabled = (await hoursFor(siteKey)).callback.enabled && (await whenUnavailable(siteKey)) === 'callback';
      return { available: await available(siteKey), callbacksEnabled: enabled };
    },

    /** What the widget shows at hello, from the site's hours: open now, or when it opens; whether someone can come. */
    async openingIn(siteKey: string, hours: BusinessHours): Promise<{ openNow: boolean; opensAt: string | null; agentsAvailable: boolean }> {
      const at = now();
      const openNow = isOpenAt(hours, at);
      return {
        openNow,
        opensAt: openNow ? null : (nextOpening(hours, at)?.toISOString() ?? null),
        agentsAvailable: openNow && (await onlineOn(siteKey)) > 0,
      };
    },

    /** For the queue line of one site: offer a call back when the wait is long or nobody can come. */
    async offerInQueue(siteKey: string): Promise<(estimatedWaitSeconds: number | null) => boolean> {
      const hours = await hoursFor(siteKey);
      const nobody = (await onlineOn(siteKey)) === 0 || !isOpenAt(hours, now());
      return (estimate) => hours.callback.enabled && (nobody || (estimate !== null && estimate > hours.callback.longWaitSeconds));
    },
  };
}
