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
    await trx.insertInto('contacts').values({ id: contactId, site_key: siteKey, name: null, email: null, created_at: at }).execute();
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
