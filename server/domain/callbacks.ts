import type { Locale } from '../../protocol/codes';
import type { Callback, CallbackOutcome, CallbackSlot } from '../../protocol/frames';
import { AppError } from '../errors';
import type { Limits } from '../security/limits';
import type { Agent } from '../store/agents';
import * as store from '../store/callbacks';
import type { Db } from '../store/db';
import type { SiteScope } from '../store/site-members';
import type { Site } from '../store/sites';
import type { Availability } from './availability';
import { CallbackStep, canTake } from './callback-lifecycle';
import { type CallbackSteps, when } from './callback-steps';
import type { ConversationService, VisitorContext } from './conversations';
import { checkPhone } from './phone';
import { type BusinessHours, checkSlot, generateSlots } from './schedule';

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


export type CallbackService = ReturnType<typeof createCallbackService>;

/**
 * Callbacks: the visitor books a slot from the site's business hours, an agent claims the call
 * and records how it went. Every step is stored first, then written into the conversation's
 * transcript (a status event with its code) and published: the visitor's own booking (with its
 * calendar file) to their tabs, every change to all agents.
 */
export function createCallbackService(deps: {
  db: Db;
  conversations: ConversationService;
  availability: Availability;
  steps: CallbackSteps;
  now: () => Date;
  limits: Limits;
  config: CallbackConfig;
}) {
  const { db, conversations, availability, now, limits, config } = deps;
  const { calendarFile, commit, changed, beingCalled } = deps.steps;
  const { hoursFor } = availability;

  async function freeSlots(siteKey: string, hours: BusinessHours): Promise<CallbackSlot[]> {
    const at = now();
    const booked = await store.bookedCounts(db, siteKey, at.toISOString());
    return generateSlots(hours, at, booked)
      .filter((s) => s.remaining > 0)
      .map((s) => ({ start: s.start, end: s.end, remaining: s.remaining }));
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

  return {
    /** What the widget needs at hello: whether callbacks are on, whether the site is open, the visitor's booking. */
    async visitorState(site: Site, contactId: string, locale: Locale) {
      const hours = await hoursFor(site.key);
      const active = await store.activeForContact(db, contactId);
      return {
        callbacksEnabled: hours.callback.enabled,
        ...(await availability.openingIn(site.key, hours)),
        callback: active === undefined ? null : { callback: store.publicCallback(active), ics: calendarFile(active, site, locale) },
      };
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
        if (!canTake('move', moving.state)) throw new AppError('invalid_state', 409, 'This call is finished; book a new one.');
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
        const move = { id: moving.id, from: CallbackStep.move.from };
        const conversationId = moving.conversationId;
        const moved = await commit(
          conversationId,
          { kind: 'callback.moved', reason: `The visitor moved the call back to ${when(slot, hours)}` },
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
          { kind: 'callback.booked', reason: `The visitor booked a call back for ${when(slot, hours)}` },
          (trx) =>
            store.takeSlotIn(trx, { ...booking, conversationId }, hours.callback.capacity, now(), undefined, limits.settings.callbacksPerSitePerDay),
        );
      } catch (error) {
        if (ip !== null) await limits.bookingsPerIp.give(ip);
        throw error;
      }
      return store.publicCallback(booked);
    },

    /** The visitor cancels a call nobody is making yet (booked or missed). */
    async cancel(visitor: VisitorContext, callbackId: string): Promise<void> {
      const callback = await store.findCallback(db, callbackId);
      if (callback === undefined || callback.contactId !== visitor.contactId) throw new AppError('not_found', 404, 'No such booking of yours.');
      if (callback.state === 'claimed') throw beingCalled(callback);
      if (!canTake('cancel', callback.state)) throw new AppError('invalid_state', 409, 'This call is already finished or cancelled.');
      await commit(
        callback.conversationId,
        { kind: 'callback.cancelled' },
        (trx) => changed(trx, callbackId, { ...CallbackStep.cancel, bumpSequence: true }, 'This call changed meanwhile; it cannot be cancelled now.'),
      );
    },

    async claim(agent: Agent, callbackId: string): Promise<void> {
      const callback = await store.getCallback(db, callbackId);
      if (!canTake('claim', callback.state)) {
        const who = callback.state === 'claimed' && callback.claimedByName !== null ? ` by ${callback.claimedByName}` : '';
        throw new AppError('invalid_state', 409, `This call is ${callback.state}${who}; it cannot be claimed.`);
      }
      await commit(
        callback.conversationId,
        { kind: 'callback.claimed', agent },
        (trx) => changed(trx, callbackId, { ...CallbackStep.claim, claimedBy: agent.id }, 'Someone else claimed this call a moment ago.'),
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
      const mine = { requireClaimedBy: agent.id };
      const meanwhile = 'This call changed meanwhile; reload it.';
      switch (input.outcome) {
        case 'reached':
        case 'no_answer_close': {
          const reached = input.outcome === 'reached';
          await commit(
            callback.conversationId,
            { kind: 'callback.done', agent, reason: reached ? `${agent.name} called the visitor back` : `${agent.name} could not reach the visitor; call closed` },
            (trx) => changed(trx, callback.id, { ...mine, ...CallbackStep.finish, outcome: input.outcome, ...(reached ? {} : { attempts: 'increment' as const }) }, meanwhile),
          );
          break;
        }
        case 'no_answer_retry': {
          // Due again a little later — never before the time the visitor chose.
          const dueAt = new Date(Math.max(Date.parse(callback.start), now().getTime() + config.retryAfterMs)).toISOString();
          await commit(
            callback.conversationId,
            { kind: 'callback.retry', agent, reason: `${agent.name} got no answer (attempt ${callback.attempts + 1}); the call is due again at ${dueAt.slice(11, 16)} UTC` },
            (trx) => changed(trx, callback.id, { ...mine, ...CallbackStep.retry, claimedBy: null, outcome: 'no_answer_retry', attempts: 'increment', dueAt }, meanwhile),
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
            { kind: 'callback.rescheduled', agent, reason: `${agent.name} rescheduled the call back to ${when(slot, hours)}` },
            async (trx) => {
              const id = await store.takeSlotIn(trx, booking, hours.callback.capacity, now(), { id: callback.id, from: CallbackStep.reschedule.from });
              // takeSlotIn made it booked again at the new time; the outcome is recorded on that row.
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

    /** The console's callback list, for the sites in `scope`. */
    async forAgents(scope: SiteScope): Promise<Callback[]> {
      const since = new Date(now().getTime() - FINISHED_VISIBLE_MS).toISOString();
      return (await store.listForAgents(db, scope, since)).map(store.publicCallback);
    },

    async forContact(contactId: string): Promise<Callback[]> {
      return (await store.listForContact(db, contactId)).map(store.publicCallback);
    },
  };
}
