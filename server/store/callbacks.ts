import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Callback, CallbackOutcome, CallbackState } from '../../protocol/frames';
import { AppError } from '../errors';
import type { Db } from './db';
import type { SiteScope } from './site-members';
import type { CallbacksTable, Database } from './schema';

/** States that hold a place in their slot (count against its capacity). */
export const ACTIVE_STATES = ['booked', 'claimed'] as const;
/** States of a call still to be made: the visitor's open booking (a missed one can be moved or cancelled). */
export const OPEN_STATES = ['booked', 'claimed', 'missed'] as const;

const columns = [
  'callbacks.id',
  'callbacks.site_key',
  'callbacks.conversation_id',
  'callbacks.contact_id',
  'contacts.name as contact_name',
  'callbacks.slot_start',
  'callbacks.slot_end',
  'callbacks.phone_e164',
  'callbacks.phone_display',
  'callbacks.note',
  'callbacks.time_zone',
  'callbacks.state',
  'callbacks.claimed_by',
  'agents.name as agent_name',
  'callbacks.attempts',
  'callbacks.outcome',
  'callbacks.due_at',
  'callbacks.alerted_at',
  'callbacks.ics_sequence',
  'callbacks.created_at',
  'callbacks.updated_at',
] as const;

function rows(db: Db) {
  return db
    .selectFrom('callbacks')
    .innerJoin('contacts', 'contacts.id', 'callbacks.contact_id')
    .leftJoin('agents', 'agents.id', 'callbacks.claimed_by')
    .select(columns);
}

type Row = Awaited<ReturnType<ReturnType<typeof rows>['executeTakeFirstOrThrow']>>;

/** A stored callback plus what only the server needs (site, due time, calendar sequence). */
export type StoredCallback = Callback & { siteKey: string; dueAt: string; alertedAt: string | null; icsSequence: number };

function toCallback(row: Row): StoredCallback {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    contactId: row.contact_id,
    contactName: row.contact_name,
    start: row.slot_start,
    end: row.slot_end,
    phone: row.phone_e164,
    phoneDisplay: row.phone_display,
    note: row.note,
    timeZone: row.time_zone,
    state: row.state as CallbackState,
    claimedById: row.claimed_by,
    claimedByName: row.agent_name ?? null,
    attempts: row.attempts,
    outcome: row.outcome as CallbackOutcome | null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    siteKey: row.site_key,
    dueAt: row.due_at,
    alertedAt: row.alerted_at,
    icsSequence: row.ics_sequence,
  };
}

/** The wire shape (drops the server-only fields). */
export function publicCallback(c: StoredCallback): Callback {
  const { siteKey: _s, dueAt: _d, alertedAt: _a, icsSequence: _i, ...rest } = c;
  return rest;
}

export async function findCallback(db: Db, id: string): Promise<StoredCallback | undefined> {
  const row = await rows(db).where('callbacks.id', '=', id).executeTakeFirst();
  return row === undefined ? undefined : toCallback(row);
}

export async function getCallback(db: Db, id: string): Promise<StoredCallback> {
  const found = await findCallback(db, id);
  if (found === undefined) throw new AppError('not_found', 404, 'No such callback.');
  return found;
}

/** Places taken per slot start, for one site's slots from `from` on. */
export async function bookedCounts(db: Db, siteKey: string, from: string): Promise<Map<string, number>> {
  const counted = await db
    .selectFrom('callbacks')
    .select(['slot_start', (eb) => eb.fn.countAll<number>().as('n')])
    .where('site_key', '=', siteKey)
    .where('state', 'in', [...ACTIVE_STATES])
    .where('slot_end', '>', from)
    .groupBy('slot_start')
    .execute();
  return new Map(counted.map((r) => [r.slot_start, Number(r.n)]));
}

/** The contact's open booking: booked, claimed or missed (at most one: booking checks it). */
export async function activeForContact(db: Db, contactId: string): Promise<StoredCallback | undefined> {
  const row = await rows(db)
    .where('callbacks.contact_id', '=', contactId)
    .where('callbacks.state', 'in', [...OPEN_STATES])
    .orderBy('callbacks.created_at', 'desc')
    .executeTakeFirst();
  return row === undefined ? undefined : toCallback(row);
}

export async function listForContact(db: Db, contactId: string, limit = 20): Promise<StoredCallback[]> {
  const found = await rows(db).where('callbacks.contact_id', '=', contactId).orderBy('callbacks.created_at', 'desc').limit(limit).execute();
  return found.map(toCallback);
}

/** What the console lists: every open callback, and those finished since `finishedSince`. */
export async function listForAgents(db: Db, scope: SiteScope, finishedSince: string): Promise<StoredCallback[]> {
  if (!scope.all && scope.keys.size === 0) return [];
  const found = await (scope.all ? rows(db) : rows(db).where('callbacks.site_key', 'in', [...scope.keys]))
    .where((eb) =>
      eb.or([eb('callbacks.state', 'in', ['booked', 'claimed', 'missed']), eb('callbacks.updated_at', '>=', finishedSince)]),
    )
    .orderBy('callbacks.due_at', 'asc')
    .limit(500)
    .execute();
  return found.map(toCallback);
}

export type NewBooking = {
  siteKey: string;
  conversationId: string;
  contactId: string;
  start: string;
  end: string;
  phoneE164: string;
  phoneDisplay: string;
  note: string | null;
  timeZone: string | null;
};

/**
 * Takes a place in a slot, inside the caller's transaction: the count of active bookings for the
 * slot and the insert (or the move of `move.id`) happen together, so a slot never holds more than
 * `capacity`; the caller writes the transcript line in the same transaction. Throws `slot_full`
 * when the last place went to someone else first, `conflict` when the visitor (or the phone
 * number, on this site) already has an open booking. Returns the callback's id.
 *
 * NOTE: on SQLite the process has one connection and Kysely runs transactions one after the
 * other, so check-then-write cannot interleave; a second process on the same file would get
 * SQLITE_BUSY on the write (an error, never an overbooking). A PostgreSQL store (not built yet)
 * must lock the slot (e.g. `pg_advisory_xact_lock` on site+start) before counting.
 */
export async function takeSlotIn(
  trx: Transaction<Database>,
  booking: NewBooking,
  capacity: number,
  now: Date,
  move?: { id: string; from: readonly CallbackState[] },
  /** New bookings a site takes in any 24 hours; checked in the same transaction as the slot. */
  perDay = Number.POSITIVE_INFINITY,
): Promise<string> {
  const at = now.toISOString();
  const id = move?.id ?? randomUUID();
  const taken = await trx
    .selectFrom('callbacks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('site_key', '=', booking.siteKey)
    .where('slot_start', '=', booking.start)
    .where('state', 'in', [...ACTIVE_STATES])
    .where('id', '!=', id)
    .executeTakeFirstOrThrow();
  if (Number(taken.n) >= capacity) {
    throw new AppError('slot_full', 409, 'Someone just took the last place at that time. Pick another time.');
  }
  if (move === undefined) {
    const lastDay = await trx
      .selectFrom('callbacks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('site_key', '=', booking.siteKey)
      .where('created_at', '>', new Date(now.getTime() - 24 * 60 * 60_000).toISOString())
      .executeTakeFirstOrThrow();
    if (Number(lastDay.n) >= perDay) {
      throw new AppError(
        'callbacks_full',
        409,
        'We have taken as many call-back requests as we can for today. Write to us here and we will answer, or try again tomorrow.',
      );
    }
    const open = await trx
      .selectFrom('callbacks')
      .select(['contact_id', 'phone_e164'])
      .where('site_key', '=', booking.siteKey)
      .where('state', 'in', [...OPEN_STATES])
      .where((eb) => eb.or([eb('contact_id', '=', booking.contactId), eb('phone_e164', '=', booking.phoneE164)]))
      .executeTakeFirst();
    if (open !== undefined) {
      throw new AppError(
        'conflict',
        409,
        open.contact_id === booking.contactId
          ? 'You already have a call booked. Change its time or cancel it first.'
          : 'This phone number already has a call booked with us.',
      );
    }
    const row: CallbacksTable = {
      id,
      site_key: booking.siteKey,
      conversation_id: booking.conversationId,
      contact_id: booking.contactId,
      slot_start: booking.start,
      slot_end: booking.end,
      phone_e164: booking.phoneE164,
      phone_display: booking.phoneDisplay,
      note: booking.note,
      time_zone: booking.timeZone,
      state: 'booked',
      claimed_by: null,
      attempts: 0,
      outcome: null,
      due_at: booking.start,
      alerted_at: null,
      ics_sequence: 0,
      created_at: at,
      updated_at: at,
    };
    await trx.insertInto('callbacks').values(row).execute();
    return id;
  }
  const moved = await trx
    .updateTable('callbacks')
    .set((eb) => ({
      slot_start: booking.start,
      slot_end: booking.end,
      due_at: booking.start,
      alerted_at: null,
      phone_e164: booking.phoneE164,
      phone_display: booking.phoneDisplay,
      note: booking.note,
      state: 'booked',
      claimed_by: null,
      ics_sequence: eb('ics_sequence', '+', 1),
      updated_at: at,
    }))
    .where('id', '=', move.id)
    .where('state', 'in', [...move.from])
    .executeTakeFirst();
  if (Number(moved.numUpdatedRows) !== 1) throw new AppError('invalid_state', 409, 'This call changed meanwhile and cannot be moved now.');
  return id;
}

/** `takeSlotIn` in a transaction of its own (tests and callers with nothing else to write). */
export async function takeSlot(db: Db, booking: NewBooking, capacity: number, now: Date): Promise<StoredCallback> {
  const id = await db.transaction().execute((trx) => takeSlotIn(trx, booking, capacity, now));
  return getCallback(db, id);
}

/**
 * Changes a callback's state if it is in one of `from` (and, with `requireClaimedBy`, claimed by
 * that agent): a conditional update, so two agents cannot both claim one call.
 */
export async function changeState(
  db: Db,
  id: string,
  change: {
    from: readonly CallbackState[];
    to: CallbackState;
    requireClaimedBy?: string;
    claimedBy?: string | null;
    outcome?: CallbackOutcome | null;
    attempts?: 'increment';
    dueAt?: string;
    bumpSequence?: boolean;
  },
  now: Date,
): Promise<boolean> {
  let update = db
    .updateTable('callbacks')
    .set((eb) => ({
      state: change.to,
      updated_at: now.toISOString(),
      ...(change.claimedBy === undefined ? {} : { claimed_by: change.claimedBy }),
      ...(change.outcome === undefined ? {} : { outcome: change.outcome }),
      ...(change.attempts === 'increment' ? { attempts: eb('attempts', '+', 1) } : {}),
      ...(change.dueAt === undefined ? {} : { due_at: change.dueAt, alerted_at: null }),
      ...(change.bumpSequence === true ? { ics_sequence: eb('ics_sequence', '+', 1) } : {}),
    }))
    .where('id', '=', id)
    .where('state', 'in', [...change.from]);
  if (change.requireClaimedBy !== undefined) update = update.where('claimed_by', '=', change.requireClaimedBy);
  const result = await update.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Booked callbacks whose due time has come and whose agents were not alerted for it yet; marks them alerted. */
export async function takeDueForAlert(db: Db, now: Date): Promise<string[]> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('callbacks')
      .select('id')
      .where('state', '=', 'booked')
      .where('due_at', '<=', at)
      .where('alerted_at', 'is', null)
      .execute();
    if (due.length === 0) return [];
    const ids = due.map((r) => r.id);
    await trx.updateTable('callbacks').set({ alerted_at: at }).where('id', 'in', ids).where('state', '=', 'booked').where('alerted_at', 'is', null).execute();
    return ids;
  });
}

/** Booked callbacks nobody claimed within `graceMs` of coming due (the caller marks each `missed`). */
export async function lateForMissed(db: Db, now: Date, graceMs: number): Promise<string[]> {
  const cutoff = new Date(now.getTime() - graceMs).toISOString();
  const late = await db.selectFrom('callbacks').select('id').where('state', '=', 'booked').where('due_at', '<', cutoff).execute();
  return late.map((r) => r.id);
}
