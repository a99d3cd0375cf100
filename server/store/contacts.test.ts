import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContactWithToken, updateContactFacts } from './contacts';
import { type Db, openSqlite } from './db';
import { upsertSite } from './sites';

describe('updateContactFacts', () => {
  let dir: string;
  let db: Db;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ponte-contacts-'));
    db = await openSqlite(dir);
    await upsertSite(db, { key: 'demo', name: 'Demo', allowedOrigins: [], knowledgeBase: '' }, new Date());
  });
  afterAll(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const row = (id: string) => db.selectFrom('contacts').select(['name', 'email', 'phone', 'order_number']).where('id', '=', id).executeTakeFirstOrThrow();

  it('writes only the facts given, the later one winning, and says which changed', async () => {
    const { contactId } = await createContactWithToken(db, 'demo', new Date());
    expect(await row(contactId)).toEqual({ name: null, email: null, phone: null, order_number: null });
    expect(await updateContactFacts(db, contactId, { name: 'Ana', email: 'ana@example.con' })).toEqual(['name', 'email']);
    expect(await updateContactFacts(db, contactId, { phone: '(11) 98765-4321', orderNumber: '88123' })).toEqual(['phone', 'orderNumber']);
    expect(await updateContactFacts(db, contactId, { email: 'ana@example.com', name: 'Ana' })).toEqual(['email']);
    expect(await row(contactId)).toEqual({ name: 'Ana', email: 'ana@example.com', phone: '(11) 98765-4321', order_number: '88123' });
  });

  it('writes nothing for nothing new, or for a contact that does not exist', async () => {
    const { contactId } = await createContactWithToken(db, 'demo', new Date());
    await updateContactFacts(db, contactId, { name: 'Rita' });
    expect(await updateContactFacts(db, contactId, { name: 'Rita' })).toEqual([]);
    expect(await updateContactFacts(db, contactId, {})).toEqual([]);
    expect(await updateContactFacts(db, 'nobody', { name: 'Rita' })).toEqual([]);
  });
});
