import type { Locale } from '../../protocol/codes';
import type { Transaction } from 'kysely';
import type { Callback, CallbackOutcome, CallbackSlot } from '../../protocol/frames';
import { type Bus, Topic } from '../bus/bus';
import { AppError } from '../errors';
import type { Agent } from '../store/agents';
import * as store from '../store/callbacks';
import * as conversationsStore from '../store/conversations';
import type { Db } from '../store/db';
import type { Database } from '../store/schema';
import { type Site, findSite, setSiteHours, siteHoursJson } from '../store/sites';
import type { ConversationService, VisitorContext } from './conversations';
import { buildIcs } from './ics';
import { checkPhone } from './phone';
import type { Limits } from '../security/limits';
import type { Presence } from './presence';
import { BusinessHours, DEFAULT_BUSINESS_HOURS, checkSlot, generateSlots, isOpenAt, nextOpening } from './schedule';

export type CallbackConfig = {
  /** A booked call nobody claimed this long after it came due is `missed`. */
  missedAfterMs: number;
  /** After "no answer, retry" the call comes due again this much later. */
  retryAfterMs: number;
  /** How often due and missed calls are looked for. */
  sweepMs: number;
};

export const DEFAULT_CALLBACK_CONFIG: CallbackConfig = {
  missedAfterMs: 30 * 60_000,
  retryAfterMs: 10 * 60_000,
  sweepMs: 10_000,
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
  limits: Limits;
  config?: Partial<CallbackConfig>;
}) {
  const { db, bus, conversations, presence, now, limits } = deps;
  const config: CallbackConfig = { ...DEFAULT_CALLBACK_CONFIG, ...deps.config };
  const parsedHours = new Map<string, { json: string; hours: BusinessHours }>();
  let sweepTimer: ReturnType<typeof setInterval> | undefined;
  let sweeping: Promise<void> = Promise.resolve();
  /** Runs after each sweep: business hours may have opened or closed since the last one. */
  let afterSweep: () => void = () => undefined;

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
    console.error(`[callbacks] site ${siteKey} has invalid business hours; using the defaults`, parsed.error);
    return DEFAULT_BUSINESS_HOURS;
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

  type Step = {
    from: Array<'bot' | 'queued' | 'live' | 'callback'>;
    to: 'bot' | 'callback' | 'closed';
    reason: string;
    code: string;
    agent?: Agent;
    assignedAgentId: string | null;
  };

  /**
   * One step of a callback: the callback change (`work`) and its transcript line commit together —
   * either both are stored or neither — then the summary, the line and the callback are published.
   */
  async function commit(conversationId: string, step: Step, work: (trx: Transaction<Database>) => Promise<string>): Promise<store.StoredCallback> {
    const { callbackId, event } = await db.transaction().execute(async (trx) => {
      const callbackId = await work(trx);
      const event = await conversationsStore.transitionIn(
        trx,
        conversationId,
        {
          from: step.from,
          to: step.to,
          reason: step.reason,
          assignedAgentId: step.assignedAgentId,
          code: step.code,
          ...(step.agent === undefined ? {} : { actorName: step.agent.name }),
        },
        now(),
      );
      return { callbackId, event };
    });
    const summary = await conversations.publishSummary(conversationId);
    await conversations.publishMessage(event, summary.contactId);
    const callback = await store.getCallback(db, callbackId);
    await publishCallback(callback);
    return callback;
  }

  /** Runs a conditional state change inside `commit`; a lost race is a clear error and rolls back the step. */
  function changed(trx: Transaction<Database>, id: string, change: Parameters<typeof store.changeState>[2], refused: string) {
    return store.changeState(trx, id, change, now()).then((ok) => {
      if (!ok) throw new AppError('invalid_state', 409, refused);
      return id;
    });
  }

  /** Why a call the visitor wants to change cannot be: someone is on it. */
  function beingCalled(callback: store.StoredCallback): AppError {
    return new AppError('invalid_state', 409, `${callback.claimedByName ?? 'Someone from the team'} is calling you now; this call can no longer be changed here.`);
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
    for (const id of await store.lateForMissed(db, at, config.missedAfterMs)) {
      const callback = await store.getCallback(db, id);
      try {
        await commit(
          callback.conversationId,
          {
            from: ['callback'],
            to: 'callback',
            reason: `Nobody called within ${Math.round(config.missedAfterMs / 60_000)} minutes of the time the visitor chose; the call is missed`,
            code: 'callback_missed',
            assignedAgentId: null,
          },
          (trx) => changed(trx, id, { from: ['booked'], to: 'missed' }, 'The call changed meanwhile.'),
        );
      } catch (error) {
        // Claimed or cancelled between the read and the write: it is not missed, nothing to do.
        if (!(error instanceof AppError) || error.code !== 'invalid_state') throw error;
      }
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

    /** For the queue line of one site: offer a call back when the wait is long or nobody can come. */
    async offerInQueue(siteKey: string): Promise<(estimatedWaitSeconds: number | null) => boolean> {
      const hours = await hoursFor(siteKey);
      const nobody = presence.agentsOnline() === 0 || !isOpenAt(hours, now());
      return (estimate) => hours.callback.enabled && (nobody || (estimate !== null && estimate > hours.callback.longWaitSeconds));
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
      const at = now();
      const booked = await store.bookedCounts(db, callback.siteKey, at.toISOString());
      if (callback.state === 'booked' || callback.state === 'claimed') booked.set(callback.start, Math.max(0, (booked.get(callback.start) ?? 1) - 1));
      const slots = generateSlots(hours, at, booked)
        .filter((s) => s.remaining > 0)
        .map((s) => ({ start: s.start, end: s.end, remaining: s.remaining }));
      return { slots, siteTimeZone: hours.timeZone, countries: hours.callback.countries, callbackId };
    },

    /**
     * The visitor books (or, with `moveId`, moves) a call. Checks in order: flood, callbacks on,
     * phone, the booking to move, the slot against the rules; then takes the place and writes the
     * transcript line in one transaction (`slot_full` when someone else got the place first,
     * `conflict` when the visitor or the number already has a call booked).
     */
    async book(
      visitor: VisitorContext,
      input: { slotStart: string; phone: string; country?: string | undefined; note?: string | undefined; moveId?: string | undefined },
    ): Promise<Callback> {
      await limits.bookingAttempts.take(visitor.contactId, 'Too many booking attempts.');
      const hours = await hoursFor(visitor.site.key);
      if (!hours.callback.enabled) throw new AppError('callbacks_disabled', 400, 'This site does not take callbacks.');
      const phone = checkPhone(input.phone, input.country?.toUpperCase(), hours.callback.countries);
      if (!phone.ok) throw new AppError(phone.code, 400, phone.message);
      let moving: store.StoredCallback | undefined;
      if (input.moveId !== undefined) {
        moving = await store.findCallback(db, input.moveId);
        if (moving === undefined || moving.contactId !== visitor.contactId) throw new AppError('not_found', 404, 'No such booking of yours.');
        if (moving.state === 'claimed') throw beingCalled(moving);
        if (moving.state !== 'booked' && moving.state !== 'missed') throw new AppError('invalid_state', 409, 'This call is finished; book a new one.');
      } else {
        const latest = await conversations.latestFor(visitor.contactId);
        if (latest?.status === 'live') {
          throw new AppError('invalid_state', 409, `You are chatting with ${latest.assignedAgentName ?? 'a person'} now; ask them here.`);
        }
      }
      const slot = await slotChecked(visitor.site.key, hours, input.slotStart, moving?.id);
      const note = input.note?.trim() ?? '';
      const booking = {
        siteKey: visitor.site.key,
        contactId: visitor.contactId,
        start: slot.start,
        end: slot.end,
        phoneE164: phone.e164,
        phoneDisplay: phone.display,
        note: note === '' ? null : note,
        timeZone: visitor.timeZone,
      };
      if (moving !== undefined) {
        const move = { id: moving.id, from: ['booked', 'missed'] as const };
        const conversationId = moving.conversationId;
        const moved = await commit(
          conversationId,
          { from: ['callback'], to: 'callback', reason: `The visitor moved the call back to ${when(slot, hours)}`, code: 'callback_moved', assignedAgentId: null },
          (trx) => store.takeSlotIn(trx, { ...booking, conversationId }, hours.callback.capacity, now(), move),
        );
        return store.publicCallback(moved);
      }
      // Per address as well as per visitor: a fresh visitor per booking must not empty the calendar.
      // Taken before the booking, given back if it fails, so concurrent bookings count each time.
      const ip = visitor.clientIp;
      if (ip !== null) await limits.bookingsPerIp.take(ip, 'Too many call-back bookings from your network today.');
      const conversationId = (await conversations.ensureConversation(visitor)).id;
      let booked: Awaited<ReturnType<typeof commit>>;
      try {
        booked = await commit(
          conversationId,
          {
            from: ['bot', 'queued'],
            to: 'callback',
            reason: `The visitor booked a call back for ${when(slot, hours)}`,
            code: 'callback_booked',
            assignedAgentId: null,
          },
          (trx) =>
            store.takeSlotIn(trx, { ...booking, conversationId }, hours.callback.capacity, now(), undefined, limits.settings.callbacksPerSitePerDay),
        );
      } catch (error) {
        if (ip !== null) await limits.bookingsPerIp.give(ip);
        throw error;
      }
      conversations.queueChangedNow();
      return store.publicCallback(booked);
    },

    /** The visitor cancels a call nobody is making yet (booked or missed). */
    async cancel(visitor: VisitorContext, callbackId: string): Promise<void> {
      const callback = await store.findCallback(db, callbackId);
      if (callback === undefined || callback.contactId !== visitor.contactId) throw new AppError('not_found', 404, 'No such booking of yours.');
      if (callback.state === 'claimed') throw beingCalled(callback);
      if (callback.state !== 'booked' && callback.state !== 'missed') throw new AppError('invalid_state', 409, 'This call is already finished or cancelled.');
      await commit(
        callback.conversationId,
        { from: ['callback'], to: 'bot', reason: 'The visitor cancelled the call back', code: 'callback_cancelled', assignedAgentId: null },
        (trx) => changed(trx, callbackId, { from: ['booked', 'missed'], to: 'cancelled', bumpSequence: true }, 'This call changed meanwhile; it cannot be cancelled now.'),
      );
    },

    async claim(agent: Agent, callbackId: string): Promise<void> {
      const callback = await store.getCallback(db, callbackId);
      if (callback.state !== 'booked' && callback.state !== 'missed') {
        const who = callback.state === 'claimed' && callback.claimedByName !== null ? ` by ${callback.claimedByName}` : '';
        throw new AppError('invalid_state', 409, `This call is ${callback.state}${who}; it cannot be claimed.`);
      }
      await commit(
        callback.conversationId,
        { from: ['callback'], to: 'callback', reason: `${agent.name} is calling the visitor back`, code: 'callback_claimed', agent, assignedAgentId: agent.id },
        (trx) => changed(trx, callbackId, { from: ['booked', 'missed'], to: 'claimed', claimedBy: agent.id }, 'Someone else claimed this call a moment ago.'),
      );
    },

    async outcome(
      agent: Agent,
      input: { callbackId: string; outcome: CallbackOutcome; slotStart?: string | undefined; note?: string | undefined },
    ): Promise<void> {
      const callback = await store.getCallback(db, input.callbackId);
      if (callback.state === 'cancelled') throw new AppError('invalid_state', 409, 'The visitor cancelled this call.');
      if (callback.state !== 'claimed' || callback.claimedById !== agent.id) {
        throw new AppError('forbidden', 403, 'Claim the call before recording how it went.');
      }
      const hours = await hoursFor(callback.siteKey);
      const mine = { from: ['claimed'] as const, requireClaimedBy: agent.id };
      const meanwhile = 'This call changed meanwhile; reload it.';
      switch (input.outcome) {
        case 'reached':
        case 'no_answer_close': {
          const reached = input.outcome === 'reached';
          await commit(
            callback.conversationId,
            {
              from: ['callback'],
              to: 'closed',
              reason: reached ? `${agent.name} called the visitor back` : `${agent.name} could not reach the visitor; call closed`,
              code: 'callback_done',
              agent,
              assignedAgentId: agent.id,
            },
            (trx) => changed(trx, callback.id, { ...mine, to: 'done', outcome: input.outcome, ...(reached ? {} : { attempts: 'increment' as const }) }, meanwhile),
          );
          break;
        }
        case 'no_answer_retry': {
          // Due again a little later — never before the time the visitor chose.
          const dueAt = new Date(Math.max(Date.parse(callback.start), now().getTime() + config.retryAfterMs)).toISOString();
          await commit(
            callback.conversationId,
            {
              from: ['callback'],
              to: 'callback',
              reason: `${agent.name} got no answer (attempt ${callback.attempts + 1}); the call is due again at ${dueAt.slice(11, 16)} UTC`,
              code: 'callback_retry',
              agent,
              assignedAgentId: null,
            },
            (trx) => changed(trx, callback.id, { ...mine, to: 'booked', claimedBy: null, outcome: 'no_answer_retry', attempts: 'increment', dueAt }, meanwhile),
          );
          break;
        }
        case 'rescheduled': {
          if (input.slotStart === undefined) throw new AppError('invalid_frame', 400, 'Choose the new time (slotStart) to reschedule.');
          const slot = await slotChecked(callback.siteKey, hours, input.slotStart, callback.id);
          const booking = {
            siteKey: callback.siteKey,
            conversationId: callback.conversationId,
            contactId: callback.contactId,
            start: slot.start,
            end: slot.end,
            phoneE164: callback.phone,
            phoneDisplay: callback.phoneDisplay,
            note: callback.note,
            timeZone: callback.timeZone,
          };
          await commit(
            callback.conversationId,
            {
              from: ['callback'],
              to: 'callback',
              reason: `${agent.name} rescheduled the call back to ${when(slot, hours)}`,
              code: 'callback_rescheduled',
              agent,
              assignedAgentId: null,
            },
            async (trx) => {
              const id = await store.takeSlotIn(trx, booking, hours.callback.capacity, now(), { id: callback.id, from: ['claimed'] });
              return changed(trx, id, { from: ['booked'], to: 'booked', outcome: 'rescheduled' }, meanwhile);
            },
          );
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

    /** Stops the sweep timer and waits for a sweep in flight (before the store closes). */
    async close(): Promise<void> {
      if (sweepTimer !== undefined) clearInterval(sweepTimer);
      sweepTimer = undefined;
      await sweeping;
    },
  };
}
