import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UnansweredReport } from '../../server/domain/unanswered';
import { upsertSite } from '../../server/store/sites';
import { TestClient, messageFrom, statusTo } from '../support/client';
import { DEMO_KB } from '../support/demo-kb';
import { signIn, startTestPonte, type TestPonte } from '../support/ponte';

/**
 * Questions the demo knowledge base cannot answer, asked by real visitors over the socket,
 * come back grouped from the admin API of their own site only.
 */
let ponte: TestPonte;
let admin: string;
let agent: string;
const SECOND_ORIGIN = 'http://second.test';
const fallbackText = DEMO_KB.fallback.en ?? '';

beforeAll(async () => {
  ponte = await startTestPonte();
  admin = await signIn(ponte.url);
  const hired = await fetch(`${ponte.url}/api/agents`, {
    method: 'POST',
    headers: { cookie: admin, 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'plain@example.com', name: 'Plain', role: 'agent', capacity: 3, password: 'plain-agent-password' }),
  });
  expect(hired.status).toBe(201);
  agent = await signIn(ponte.url, 'plain@example.com', 'plain-agent-password');
  const kb = readFileSync(resolve(import.meta.dirname, '../../bot/knowledge/demo-shop.yaml'), 'utf8');
  await upsertSite(ponte.db, { key: 'second', name: 'Second shop', allowedOrigins: [SECOND_ORIGIN], knowledgeBase: kb }, new Date());
});
afterAll(async () => {
  await ponte.stop();
});

async function report(siteKey: string, query = '', cookie = admin): Promise<{ status: number; body: UnansweredReport & { error?: { code: string; message: string } } }> {
  const res = await fetch(`${ponte.url}/api/sites/${siteKey}/unanswered${query}`, { headers: { cookie } });
  return { status: res.status, body: (await res.json()) as UnansweredReport & { error?: { code: string; message: string } } };
}

/** A visitor asks `text` and waits for the bot's reply line. */
async function ask(visitor: TestClient, id: string, text: string): Promise<string> {
  visitor.send({ type: 'message.send', clientMsgId: id, text });
  return (await visitor.next(messageFrom('bot'))).message.text;
}

describe('unanswered questions, per site, grouped (admin API)', () => {
  it('groups what visitors asked and the bot could not answer, with who then went to a person', async () => {
    const since = new Date().toISOString();
    const { client: first } = await TestClient.visitor(ponte.url);
    const { client: second } = await TestClient.visitor(ponte.url);
    const { client: third } = await TestClient.visitor(ponte.url);
    const { client: brazilian } = await TestClient.visitor(ponte.url, { locale: 'pt-BR' });
    const { client: answered } = await TestClient.visitor(ponte.url);

    expect(await ask(first, 'u-1', 'do you repair old radios?')).toBe(fallbackText);
    // "Talk to a person" after the bot did not know.
    first.send({ type: 'handoff.request' });
    await first.next(statusTo('queued'));

    expect(await ask(second, 'u-2', 'repairing old radios??')).toBe(fallbackText);

    expect(await ask(third, 'u-3', 'do u repair old radios')).toBe(fallbackText);
    // The second miss in a row: the bot gives up and hands over (low confidence).
    third.send({ type: 'message.send', clientMsgId: 'u-4', text: 'is there a loyalty programme?' });
    const handedOff = await third.next(statusTo('queued'));
    expect(handedOff.message.event?.reason).toMatch(/could not answer twice/);

    expect(await ask(brazilian, 'u-5', 'vocês têm programa de fidelidade?')).toBe(DEMO_KB.fallback['pt-BR']);
    expect(await ask(answered, 'u-6', 'what are your opening hours?')).not.toBe(fallbackText);

    const { status, body } = await report('demo', `?since=${encodeURIComponent(since)}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ since, scanned: 5, truncated: false });
    const [radios, ...rest] = body.groups;
    expect(radios).toEqual({
      key: expect.any(String),
      text: expect.stringMatching(/radios/i),
      count: 3,
      locales: ['en'],
      lastAt: expect.any(String),
      botDid: { fallback: 3, suggested: 0, handedOff: 0 },
      askedForPerson: 2,
      examples: ['do u repair old radios', 'repairing old radios??', 'do you repair old radios?'],
    });
    // One each, newest first: the Portuguese question, then the one the bot gave up on.
    expect(rest.map(({ text, count, locales, botDid, askedForPerson }) => ({ text, count, locales, botDid, askedForPerson }))).toEqual([
      { text: 'vocês têm programa de fidelidade?', count: 1, locales: ['pt-BR'], botDid: { fallback: 1, suggested: 0, handedOff: 0 }, askedForPerson: 0 },
      { text: 'is there a loyalty programme?', count: 1, locales: ['en'], botDid: { fallback: 0, suggested: 0, handedOff: 1 }, askedForPerson: 1 },
    ]);

    const portuguese = await report('demo', `?since=${encodeURIComponent(since)}&locale=pt-BR&limit=5`);
    expect(portuguese.body.groups.map((group) => group.text)).toEqual(['vocês têm programa de fidelidade?']);
    expect((await report('demo', `?since=${encodeURIComponent(since)}&limit=1`)).body.groups).toHaveLength(1);
    expect((await report('demo', `?until=${encodeURIComponent(since)}`)).body.groups).toEqual([]);
    await Promise.all([first, second, third, brazilian, answered].map((client) => client.close()));
  });

  it('is for admins only, of known sites, and keeps each site to itself', async () => {
    expect((await report('demo', '', '')).status).toBe(401);
    const refused = await report('demo', '', agent);
    expect(refused.status).toBe(403);
    expect(refused.body.error?.code).toBe('forbidden');
    const unknown = await report('no-such-site');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error?.code).toBe('not_found');

    const { client: visitor } = await TestClient.visitor(ponte.url, { siteKey: 'second', hostOrigin: SECOND_ORIGIN });
    expect(await ask(visitor, 's-1', 'can I bring my dog?')).toBe(fallbackText);
    const second = await report('second');
    expect(second.body.groups.map((group) => [group.text, group.count])).toEqual([['can I bring my dog?', 1]]);
    const demo = await report('demo');
    expect(demo.body.groups.length).toBeGreaterThan(0);
    expect(JSON.stringify(demo.body)).not.toMatch(/bitcoin/);
    await visitor.close();
  });

  it('refuses a malformed query with 400 invalid_query and keeps serving', async () => {
    const bad = [
      '?since=yesterday',
      '?until=2025-13-40',
      '?since=2025-03-02T00:00:00Z&until=2025-03-01T00:00:00Z',
      '?locale=fr',
      '?limit=0',
      '?limit=201',
      '?limit=ten',
      '?limit=1&limit=2',
      '?since[gt]=2025-01-01',
      '?sort=count',
      `?since=${'9'.repeat(5000)}`,
    ];
    for (const query of bad) {
      const { status, body } = await report('demo', query);
      expect([query, status, body.error?.code]).toEqual([query, 400, 'invalid_query']);
      expect(body.error?.message.length).toBeGreaterThan(0);
    }
    // Empty values are "not given", as a console's "all languages" choice sends them.
    expect((await report('demo', '?locale=&limit=&since=&until=')).status).toBe(200);
    expect((await report('demo', '?since=2020-01-01&until=2099-01-01')).status).toBe(200);
    const { client: visitor } = await TestClient.visitor(ponte.url);
    expect(await ask(visitor, 'ok-1', 'what are your opening hours?')).not.toBe(fallbackText);
    await visitor.close();
  });

  it('loses no question when many visitors ask at once', async () => {
    const since = new Date().toISOString();
    const visitors = await Promise.all(Array.from({ length: 40 }, () => TestClient.visitor(ponte.url)));
    const replies = await Promise.all(visitors.map(({ client }, i) => ask(client, `c-${i}`, i % 2 === 0 ? 'do you repair old radios?' : 'Do u repair old radios??')));
    expect(replies.every((text) => text === fallbackText)).toBe(true);
    const { body } = await report('demo', `?since=${encodeURIComponent(since)}`);
    expect(body.groups.map((group) => [group.key, group.count])).toEqual([['old radio repair', 40]]);
    const stored = await ponte.db.selectFrom('unanswered_questions').select('id').where('created_at', '>=', since).execute();
    expect(stored).toHaveLength(40);
    await Promise.all(visitors.map(({ client }) => client.close()));
  });
});
