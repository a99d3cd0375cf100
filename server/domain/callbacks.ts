import type { Locale } from '../../protocol/codes';
import type { Callback, CallbackOutcome, CallbackSlot, Message } from '../../protocol/frames';
import { type Bus, Topic } from '../bus/bus';
import { AppError } from '../errors';
import type { Agent } from '../store/agents';
import * as store from '../store/callbacks';
import * as conversationsStore from '../store/conversations';
import type { Db } from '../store/db';
import { type Site, findSite, setSiteHours, siteHoursJson } from '../store/sites';
import type { ConversationService, VisitorContext } from './conversations';
import { buildIcs } from './ics';
import { checkPhone } from './phone';
import type { Presence } from './presence';
import { BusinessHours, DEFAULT_BUSINESS_HOURS, checkSlot, generateSlots, isOpenAt, nextOpening } from './schedule';

const ALL_DAY = [{ open: '00:00', close: '24:00' }];

/**
 * A site with no hours set: open every day, all day, so an install never turns visitors away by a
 * schedule nobody chose; callbacks on, with the usual slot settings. Admins set real hours.
 */
export const UNSET_SITE_HOURS: BusinessHours = {
  ...DEFAULT_BUSINESS_HOURS,
  timeZone: 'UTC',
  weekly: { mon: ALL_DAY, tue: ALL_DAY, wed: ALL_DAY, thu: ALL_DAY, fri: ALL_DAY, sat: ALL_DAY, sun: ALL_DAY },
  holidays: [],
};

export type CallbackConfig = {
  /** A booked call nobody claimed this long after it came due is `missed`. */
  missedAfterMs: number;
  /** After "no answer, retry" the call comes due again this much later. */
  retryAfterMs: number;
  /** How often due and missed calls are looked for. */
  sweepMs: number;
  /** Booking attempts one visitor may make per `floodWindowMs` (a flood gets `rate_limited`). */
  floodLimit: number;
  floodWindowMs: number;
};

export const DEFAULT_CALLBACK_CONFIG: CallbackConfig = {
  missedAfterMs: 30 * 60_000,
  retryAfterMs: 10 * 60_000,
  sweepMs: 10_000,
  floodLimit: 10,
  floodWindowMs: 10 * 60_000,
};

/** How long finished callbacks stay in the console's list. */
const FINISHED_VISIBLE_MS = 7 * 24 * 60 * 60_000;

/** What the visitor's calendar entry says, in their language. */
const CalendarText: Record<Locale, { summary: (site: string) => string; description: (phone: string, site: string) => string }> = {
  en: {
    summary: (site) => `Call from ${site}`,
    description: (phone, site) => `${site} will call you at ${phone}. To change or cancel, open the chat on the ${site} website.`,
  },
  'pt-BR': {
    summary: (site) => `Ligação de ${site}`,
    description: (phone, site) => `${site} vai ligar para você no ${phone}. Para mudar ou cancelar, abra o chat no site de ${site}.`,
  },
  es: {
    summary: (site) => `Llamada de ${site}`,
    description: (phone, site) => `${site} te llamará al ${phone}. Para cambiar o cancelar, abre el chat en la web de ${site}.`,
  },
};

export type CallbackService = ReturnType<typeof createCallbackService>;

/**
 * Callbacks: the visitor books a slot from the site's business hours, an agent claims the call
 * and records how it went. Every step is stored first, then written into the conversation's
 * transcript (a status event with its code) and published: the visitor's own booking (with its
 * calendar file) to their tabs, every change to all agents.
 */
export function createCallbackService(deps: {
  db: Db;
  bus: Bus;
  conversations: ConversationService;
  presence: Presence;
  now: () => Date;
  config?: Partial<CallbackConfig>;
}) {
  const { db, bus, conversations, presence, now } = deps;
  const config: CallbackConfig = { ...DEFAULT_CALLBACK_CONFIG, ...deps.config };
  const attempts = new Map<string, number[]>();
  let sweepTimer: ReturnType<typeof setInterval> | undefined;
  let sweeping: Promise<void> = Promise.resolve();
  /** Runs after each sweep: business hours may have opened or closed since the last one. */
  let afterSweep: () => void = () => undefined;

  async function hoursFor(siteKey: string): Promise<BusinessHours> {
    const json = await siteHoursJson(db, siteKey);
    if (json === undefined) throw new AppError('unknown_site', 404, `Unknown site "${siteKey}".`);
    if (json === null) return UNSET_SITE_HOURS;
    const parsed = BusinessHours.safeParse(JSON.parse(json));
    if (parsed.success) return parsed.data;
    // Stored hours are validated on the way in; a row that no longer parses is an operator problem.
    console.error(`[callbacks] site ${siteKey} has invalid business hours; using the defaults`, parsed.error);
    return UNSET_SITE_HOURS;
  }

  async function freeSlots(siteKey: string, hours: BusinessHours): Promise<CallbackSlot[]> {
    const at = now();
    const booked = await store.bookedCounts(db, siteKey, at.toISOString());
    return generateSlots(hours, at, booked)
      .filter((s) => s.remaining > 0)
      .map((s) => ({ start: s.start, end: s.end, remaining: s.remaining }));
  }

  function calendarFile(callback: store.StoredCallback, site: Site, locale: Locale): string {
    const text = CalendarText[locale];
    return buildIcs({
      uid: `${callback.id}@ponte`,
      sequence: callback.icsSequence,
      start: new Date(callback.start),
      end: new Date(callback.end),
      stamp: new Date(callback.updatedAt),
      summary: text.summary(site.name),
      description: `${text.description(callback.phoneDisplay, site.name)}${callback.note === null ? '' : `\n\n${callback.note}`}`,
      status: callback.state === 'cancelled' ? 'CANCELLED' : 'CONFIRMED',
      organizerName: site.name,
    });
  }

  async function localeOf(callback: store.StoredCallback): Promise<Locale> {
    return (await conversationsStore.getSummary(db, callback.conversationId)).locale;
  }

  /** Tells the visitor's tabs (with the calendar file) and every agent. */
  async function publishCallback(callback: store.StoredCallback): Promise<void> {
    const site = await findSite(db, callback.siteKey);
    const wire = store.publicCallback(callback);
    if (site !== undefined) {
      bus.publish(Topic.contact(callback.contactId), {
        type: 'callback.updated',
        callback: wire,
        ics: calendarFile(callback, site, await localeOf(callback)),
      });
    }
    bus.publish(Topic.agents, { type: 'callback.updated', callback: wire });
  }

  async function writeEvent(
    conversationId: string,
    change: { from: Array<'bot' | 'queued' | 'live' | 'callback'>; to: 'bot' | 'callback' | 'closed'; reason: string; code: string; agent?: Agent; assignedAgentId: string | null },
  ): Promise<Message> {
    const event = await conversationsStore.transition(
      db,
      conversationId,
      {
        from: change.from,
        to: change.to,
        reason: change.reason,
        assignedAgentId: change.assignedAgentId,
        code: change.code,
        ...(change.agent === undefined ? {} : { actorName: change.agent.name }),
      },
      now(),
    );
    const summary = await conversations.publishSummary(conversationId);
    await conversations.publishMessage(event, summary.contactId);
    return event;
  }

  function when(callback: { start: string; end: string }, hours: BusinessHours): string {
    const format = new Intl.DateTimeFormat('en-GB', {
      timeZone: hours.timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
    const endTime = new Intl.DateTimeFormat('en-GB', { timeZone: hours.timeZone, hour: '2-digit', minute: '2-digit' });
    return `${format.format(new Date(callback.start))}–${endTime.format(new Date(callback.end))} ${hours.timeZone}`;
  }

  function floodCheck(contactId: string): void {
    const at = now().getTime();
    const recent = (attempts.get(contactId) ?? []).filter((t) => t > at - config.floodWindowMs);
    if (recent.length >= config.floodLimit) {
      attempts.set(contactId, recent);
      throw new AppError('rate_limited', 429, 'Too many booking attempts. Wait a few minutes and try again.');
    }
    recent.push(at);
    attempts.set(contactId, recent);
  }

  async function slotChecked(siteKey: string, hours: BusinessHours, start: string, ignoreId?: string) {
    const at = now();
    const booked = await store.bookedCounts(db, siteKey, at.toISOString());
    if (ignoreId !== undefined) {
      // Moving within the same slot must not count the visitor's own place against them.
      const own = await store.findCallback(db, ignoreId);
      if (own !== undefined && booked.has(own.start)) booked.set(own.start, Math.max(0, (booked.get(own.start) ?? 1) - 1));
    }
    const check = checkSlot(hours, at, start, booked);
    if (!check.ok) throw new AppError(check.code, check.code === 'slot_full' ? 409 : 400, check.message);
    return check.slot;
  }

  async function sweep(): Promise<void> {
    const at = now();
    for (const id of await store.takeDueForAlert(db, at)) {
      const callback = await store.getCallback(db, id);
      bus.publish(Topic.agents, { type: 'callback.due', callback: store.publicCallback(callback) });
    }
    for (const id of await store.markMissed(db, at, config.missedAfterMs)) {
      const callback = await store.getCallback(db, id);
      await publishCallback(callback);
    }
    afterSweep();
  }

  return {
    hoursFor,

    async setHours(siteKey: string, hours: BusinessHours): Promise<void> {
      if (!(await setSiteHours(db, siteKey, JSON.stringify(hours)))) throw new AppError('not_found', 404, `Unknown site "${siteKey}".`);
    },

    /** What the widget needs at hello: whether callbacks are on, whether the site is open, the visitor's booking. */
    async visitorState(site: Site, contactId: string, locale: Locale) {
      const hours = await hoursFor(site.key);
      const at = now();
      const openNow = isOpenAt(hours, at);
      const active = await store.activeForContact(db, contactId);
      return {
        callbacksEnabled: hours.callback.enabled,
        openNow,
        opensAt: openNow ? null : (nextOpening(hours, at)?.toISOString() ?? null),
        agentsAvailable: openNow && presence.agentsOnline() > 0,
        callback: active === undefined ? null : { callback: store.publicCallback(active), ics: calendarFile(active, site, locale) },
      };
    },

    /** Whether a person can take a chat on this site now: someone online, within business hours. */
    async available(siteKey: string): Promise<boolean> {
      return presence.agentsOnline() > 0 && isOpenAt(await hoursFor(siteKey), now());
    },

    /** For the queue line: offer a call back when the wait is long or nobody can come. */
    async offerInQueue(siteKey: string, estimatedWaitSeconds: number | null): Promise<boolean> {
      const hours = await hoursFor(siteKey);
      if (!hours.callback.enabled) return false;
      if (presence.agentsOnline() === 0 || !isOpenAt(hours, now())) return true;
      return estimatedWaitSeconds !== null && estimatedWaitSeconds > hours.callback.longWaitSeconds;
    },

    async slotsFor(siteKey: string): Promise<{ slots: CallbackSlot[]; siteTimeZone: string; countries: string[] }> {
      const hours = await hoursFor(siteKey);
      if (!hours.callback.enabled) throw new AppError('callbacks_disabled', 400, 'This site does not take callbacks.');
      return { slots: await freeSlots(siteKey, hours), siteTimeZone: hours.timeZone, countries: hours.callback.countries };
    },

    /** Agent: free times to reschedule a callback (its own place does not count against it). */
    async slotsForCallback(callbackId: string) {
      const callback = await store.getCallback(db, callbackId);
      const hours = await hoursFor(callback.siteKey);
      const slots = await freeSlots(callback.siteKey, hours);
      return { slots, siteTimeZone: hours.timeZone, countries: hours.callback.countries, callbackId };
    },

    /**
     * The visitor books (or, with `moveId`, moves) a call. Checks in order: flood, callbacks on,
     * phone, the slot against the rules, one active booking per visitor; then takes the place
     * atomically (`slot_full` when someone else got it first).
     */
    async book(
      visitor: VisitorContext,
      input: { slotStart: string; phone: string; country?: string | undefined; note?: string | undefined; moveId?: string | undefined },
    ): Promise<Callback> {
      floodCheck(visitor.contactId);
      const hours = await hoursFor(visitor.site.key);
      if (!hours.callback.enabled) throw new AppError('callbacks_disabled', 400, 'This site does not take callbacks.');
      const phone = checkPhone(input.phone, input.country?.toUpperCase(), hours.callback.countries);
      if (!phone.ok) throw new AppError(phone.code, 400, phone.message);
      const existing = await store.activeForContact(db, visitor.contactId);
      let moving: store.StoredCallback | undefined;
      if (input.moveId !== undefined) {
        moving = await store.findCallback(db, input.moveId);
        if (moving === undefined || moving.contactId !== visitor.contactId) throw new AppError('not_found', 404, 'No such booking of yours.');
        if (moving.state === 'done' || moving.state === 'cancelled') throw new AppError('invalid_state', 409, 'This call is finished; book a new one.');
      } else if (existing !== undefined) {
        throw new AppError('conflict', 409, 'You already have a call booked. Change its time or cancel it first.');
      }
      const slot = await slotChecked(visitor.site.key, hours, input.slotStart, moving?.id);
      const note = input.note?.trim() ?? '';
      const conversationId = moving?.conversationId ?? (await conversations.ensureConversation(visitor)).id;
      const callback = await store.takeSlot(
        db,
        {
          siteKey: visitor.site.key,
          conversationId,
          contactId: visitor.contactId,
          start: slot.start,
          end: slot.end,
          phoneE164: phone.e164,
          phoneDisplay: phone.display,
          note: note === '' ? null : note,
          timeZone: visitor.timeZone,
        },
        hours.callback.capacity,
        now(),
        moving?.id,
      );
      if (moving === undefined) {
        await writeEvent(conversationId, {
          from: ['bot', 'queued', 'live'],
          to: 'callback',
          reason: `The visitor booked a call back for ${when(callback, hours)}`,
          code: 'callback_booked',
          assignedAgentId: null,
        });
        conversations.queueChangedNow();
      } else {
        await writeEvent(conversationId, {
          from: ['callback'],
          to: 'callback',
          reason: `The visitor moved the call back to ${when(callback, hours)}`,
          code: 'callback_moved',
          assignedAgentId: null,
        });
      }
      await publishCallback(callback);
      return store.publicCallback(callback);
    },

    async cancel(visitor: VisitorContext, callbackId: string): Promise<void> {
      const callback = await store.findCallback(db, callbackId);
      if (callback === undefined || callback.contactId !== visitor.contactId) throw new AppError('not_found', 404, 'No such booking of yours.');
      const changed = await store.changeState(db, callbackId, { from: ['booked', 'claimed', 'missed'], to: 'cancelled', bumpSequence: true }, now());
      if (!changed) throw new AppError('invalid_state', 409, 'This call is already finished or cancelled.');
      await writeEvent(callback.conversationId, {
        from: ['callback'],
        to: 'bot',
        reason: 'The visitor cancelled the call back',
        code: 'callback_cancelled',
        assignedAgentId: null,
      });
      await publishCallback(await store.getCallback(db, callbackId));
    },

    async claim(agent: Agent, callbackId: string): Promise<void> {
      const callback = await store.getCallback(db, callbackId);
      const changed = await store.changeState(db, callbackId, { from: ['booked', 'missed'], to: 'claimed', claimedBy: agent.id }, now());
      if (!changed) {
        const current = await store.getCallback(db, callbackId);
        const who = current.claimedByName === null ? '' : ` by ${current.claimedByName}`;
        throw new AppError('invalid_state', 409, `This call is ${current.state}${current.state === 'claimed' ? who : ''}; it cannot be claimed.`);
      }
      await writeEvent(callback.conversationId, {
        from: ['callback'],
        to: 'callback',
        reason: `${agent.name} is calling the visitor back`,
        code: 'callback_claimed',
        agent,
        assignedAgentId: agent.id,
      });
      await publishCallback(await store.getCallback(db, callbackId));
    },

    async outcome(
      agent: Agent,
      input: { callbackId: string; outcome: CallbackOutcome; slotStart?: string | undefined; note?: string | undefined },
    ): Promise<void> {
      const callback = await store.getCallback(db, input.callbackId);
      if (callback.state !== 'claimed' || callback.claimedById !== agent.id) {
        throw new AppError('forbidden', 403, 'Claim the call before recording how it went.');
      }
      const hours = await hoursFor(callback.siteKey);
      const mine = { from: ['claimed'] as const, requireClaimedBy: agent.id };
      switch (input.outcome) {
        case 'reached':
        case 'no_answer_close': {
          const reached = input.outcome === 'reached';
          const changed = await store.changeState(
            db,
            callback.id,
            { ...mine, to: 'done', outcome: input.outcome, ...(reached ? {} : { attempts: 'increment' as const }) },
            now(),
          );
          if (!changed) throw new AppError('invalid_state', 409, 'This call changed meanwhile; reload it.');
          await writeEvent(callback.conversationId, {
            from: ['callback'],
            to: 'closed',
            reason: reached ? `${agent.name} called the visitor back` : `${agent.name} could not reach the visitor; call closed`,
            code: 'callback_done',
            agent,
            assignedAgentId: agent.id,
          });
          break;
        }
        case 'no_answer_retry': {
          const dueAt = new Date(now().getTime() + config.retryAfterMs).toISOString();
          const changed = await store.changeState(
            db,
            callback.id,
            { ...mine, to: 'booked', claimedBy: null, outcome: 'no_answer_retry', attempts: 'increment', dueAt },
            now(),
          );
          if (!changed) throw new AppError('invalid_state', 409, 'This call changed meanwhile; reload it.');
          await writeEvent(callback.conversationId, {
            from: ['callback'],
            to: 'callback',
            reason: `${agent.name} got no answer (attempt ${callback.attempts + 1}); the call is due again in ${Math.round(config.retryAfterMs / 60_000)} minutes`,
            code: 'callback_retry',
            agent,
            assignedAgentId: null,
          });
          break;
        }
        case 'rescheduled': {
          if (input.slotStart === undefined) throw new AppError('invalid_frame', 400, 'Choose the new time (slotStart) to reschedule.');
          const slot = await slotChecked(callback.siteKey, hours, input.slotStart, callback.id);
          const moved = await store.takeSlot(
            db,
            {
              siteKey: callback.siteKey,
              conversationId: callback.conversationId,
              contactId: callback.contactId,
              start: slot.start,
              end: slot.end,
              phoneE164: callback.phone,
              phoneDisplay: callback.phoneDisplay,
              note: callback.note,
              timeZone: callback.timeZone,
            },
            hours.callback.capacity,
            now(),
            callback.id,
          );
          await store.changeState(db, moved.id, { from: ['booked'], to: 'booked', outcome: 'rescheduled' }, now());
          await writeEvent(callback.conversationId, {
            from: ['callback'],
            to: 'callback',
            reason: `${agent.name} rescheduled the call back to ${when(moved, hours)}`,
            code: 'callback_rescheduled',
            agent,
            assignedAgentId: null,
          });
          break;
        }
        default: {
          const unreachable: never = input.outcome;
          throw new Error(`Unhandled callback outcome ${String(unreachable)}`);
        }
      }
      const note = input.note?.trim();
      if (note !== undefined && note !== '') {
        await conversations.addNote(agent, {
          conversationId: callback.conversationId,
          clientMsgId: `callback:${callback.id}:${callback.updatedAt}`,
          text: `Call note: ${note}`,
        });
      }
      await publishCallback(await store.getCallback(db, callback.id));
    },

    async forAgents(): Promise<Callback[]> {
      const since = new Date(now().getTime() - FINISHED_VISIBLE_MS).toISOString();
      return (await store.listForAgents(db, since)).map(store.publicCallback);
    },

    async forContact(contactId: string): Promise<Callback[]> {
      return (await store.listForContact(db, contactId)).map(store.publicCallback);
    },

    /** Raises `callback.due` for calls whose time came and marks unclaimed late ones `missed`. */
    sweep(): Promise<void> {
      sweeping = sweeping.then(sweep).catch((error: unknown) => console.error('[callbacks] sweep failed', error));
      return sweeping;
    },

    onSweep(listener: () => void): void {
      afterSweep = listener;
    },

    start(): void {
      if (sweepTimer !== undefined) return;
      sweepTimer = setInterval(() => void this.sweep(), config.sweepMs);
      sweepTimer.unref();
    },

    close(): void {
      if (sweepTimer !== undefined) clearInterval(sweepTimer);
      sweepTimer = undefined;
    },
  };
}
