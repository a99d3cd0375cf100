import { randomUUID } from 'node:crypto';
import { hashToken, newToken } from '../security/tokens';
import type { Db } from './db';

export type VisitorIdentity = { contactId: string; siteKey: string };

/** A new anonymous contact and the token that proves it. */
export async function createContactWithToken(
  db: Db,
  siteKey: string,
  now: Date,
): Promise<VisitorIdentity & { token: string }> {
  const contactId = randomUUID();
  const token = newToken();
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('contacts')
      .values({ id: contactId, site_key: siteKey, name: null, email: null, phone: null, order_number: null, created_at: at })
      .execute();
    await trx
      .insertInto('visitor_tokens')
      .values({ token_hash: hashToken(token), contact_id: contactId, site_key: siteKey, created_at: at, last_seen_at: at })
      .execute();
  });
  return { contactId, siteKey, token };
}

/** The contact a token belongs to, only within the given site. */
export async function findVisitorByToken(db: Db, token: string, siteKey: string, now: Date): Promise<VisitorIdentity | undefined> {
  const tokenHash = hashToken(token);
  const row = await db
    .selectFrom('visitor_tokens')
    .select(['contact_id', 'site_key'])
    .where('token_hash', '=', tokenHash)
    .where('site_key', '=', siteKey)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  await db.updateTable('visitor_tokens').set({ last_seen_at: now.toISOString() }).where('token_hash', '=', tokenHash).execute();
  return { contactId: row.contact_id, siteKey: row.site_key };
}

/** What a contact told about themselves; a field left out is not known (or not being changed). */
export type ContactFacts = { name?: string; email?: string; phone?: string; orderNumber?: string };

const FACT_COLUMNS = { name: 'name', email: 'email', phone: 'phone', orderNumber: 'order_number' } as const;
type FactKey = keyof typeof FACT_COLUMNS;
const FACT_KEYS = Object.keys(FACT_COLUMNS) as FactKey[];

/**
 * Writes the facts given over the contact's — the later mention wins — and leaves the others as
 * they are. Returns the ones that changed (empty: nothing new, nothing written). Read and write in
 * one transaction, so of two tabs writing at once each change is reported once.
 */
export async function updateContactFacts(db: Db, contactId: string, facts: ContactFacts): Promise<FactKey[]> {
  const given = FACT_KEYS.filter((key) => facts[key] !== undefined);
  if (given.length === 0) return [];
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('contacts').select(['name', 'email', 'phone', 'order_number']).where('id', '=', contactId).executeTakeFirst();
    if (current === undefined) return [];
    const changed = given.filter((key) => current[FACT_COLUMNS[key]] !== facts[key]);
    if (changed.length === 0) return [];
    const values: Partial<Record<(typeof FACT_COLUMNS)[FactKey], string>> = {};
    for (const key of changed) values[FACT_COLUMNS[key]] = facts[key];
    await trx.updateTable('contacts').set(values).where('id', '=', contactId).execute();
    return changed;
  });
}
