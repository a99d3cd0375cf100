import type { Transaction } from 'kysely';
import type { Locale } from '../../protocol/codes';
import { type Bus, publishToSiteAgents, Topic } from '../bus/bus';
import { AppError } from '../errors';
import * as store from '../store/callbacks';
import { getSummary } from '../store/conversations';
import type { Db } from '../store/db';
import type { Database } from '../store/schema';
import { type Site, findSite } from '../store/sites';
import { buildIcs } from './ics';
import type { ConversationEvent } from './lifecycle';
import type { Moves } from './moves';
import type { BusinessHours } from './schedule';

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

export type CallbackSteps = ReturnType<typeof createCallbackSteps>;

/**
 * One step of a callback, shared by booking (visitor and agent commands) and the sweeper: the
 * callback's own change and the conversation's move (lifecycle.ts) commit together — either both
 * are stored or neither — then the line, the summary and the callback are published.
 */
export function createCallbackSteps(deps: { db: Db; bus: Bus; moves: Moves; now: () => Date }) {
  const { db, bus, moves, now } = deps;

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
    return (await getSummary(db, callback.conversationId)).locale;
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
    publishToSiteAgents(bus, callback.siteKey, { type: 'callback.updated', callback: wire });
  }

  async function commit(conversationId: string, event: ConversationEvent, work: (trx: Transaction<Database>) => Promise<string>): Promise<store.StoredCallback> {
    const { alongside: callbackId } = await moves.move(conversationId, event, work);
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

  return { calendarFile, commit, changed, beingCalled };
}

/** A slot as the transcript says it, in the site's time zone. */
export function when(callback: { start: string; end: string }, hours: BusinessHours): string {
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
