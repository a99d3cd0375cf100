import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { ReplayReport, TryAnswer } from '../../server/domain/knowledge-base';
import { TestClient, messageFrom } from '../support/client';
import { DEMO_KB, demoAnswer } from '../support/demo-kb';
import { signIn, startTestPonte, type TestPonte } from '../support/ponte';

/**
 * The knowledge base as a product (issue 14): versions with who and when, stale writes refused,
 * drafts checked, tried and replayed against what real visitors asked — over HTTP, against the
 * real server, with questions asked by real visitors over the socket.
 */
let ponte: TestPonte;
let admin: string;
let agent: string;
let base: string;

type Raw = { entries: { id: string; questions: Record<string, string[]>; answer?: Record<string, string>; followUps?: string[] }[] } & Record<string, unknown>;

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
  base = `${ponte.url}/api/sites/demo/knowledge-base`;
});
afterAll(async () => {
  await ponte.stop();
});

async function published(): Promise<{ yaml: string; etag: string }> {
  const res = await fetch(base, { headers: { cookie: admin } });
  expect(res.status).toBe(200);
  return { yaml: await res.text(), etag: res.headers.get('etag') ?? '' };
}

function put(yaml: string, ifMatch?: string) {
  const headers: Record<string, string> = { cookie: admin, 'content-type': 'text/yaml' };
  if (ifMatch !== undefined) headers['if-match'] = ifMatch;
  return fetch(base, { method: 'PUT', headers, body: yaml });
}

function post(path: string, body: unknown, cookie = admin) {
  return fetch(`${base}${path}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** The YAML with `edit` applied to its parsed form. */
function edited(yaml: string, edit: (raw: Raw) => void): string {
  const raw = parse(yaml) as Raw;
  edit(raw);
  return stringify(raw);
}

async function ask(text: string, locale: 'en' | 'pt-BR' | 'es' = 'en'): Promise<string> {
  const { client } = await TestClient.visitor(ponte.url, { locale });
  client.send({ type: 'message.send', clientMsgId: `kb-${Math.random()}`, text });
  const reply = (await client.next(messageFrom('bot'))).message.text;
  await client.close();
  return reply;
}

describe('knowledge base versions (admin API)', () => {
  it('serves the live text with its version as ETag; only admins', async () => {
    const { yaml, etag } = await published();
    expect(etag).toBe('"v1"');
    expect(yaml).toContain('opening-hours');
    expect((await fetch(base, { headers: { cookie: agent } })).status).toBe(403);
    expect((await fetch(base)).status).toBe(401);
    expect((await post('/check', {}, agent)).status).toBe(403);
    expect((await fetch(`${ponte.url}/api/sites/nope/knowledge-base`, { headers: { cookie: admin } })).status).toBe(404);
  });

  it('publishes a new version with who, when and what changed; the bot answers from it at once', async () => {
    const before = await published();
    const next = edited(before.yaml, (raw) => {
      raw.entries.push({ id: 'gift-wrap', questions: { en: ['do you gift wrap orders?'] }, answer: { en: 'Yes: tick **gift wrap** at checkout.' } });
      const hours = raw.entries.find((e) => e.id === 'opening-hours');
      if (hours?.answer !== undefined) hours.answer.en = 'We are open every day from 8 to 20.';
    });
    const res = await put(next, before.etag);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { ok: boolean; entries: number; version: number; summary: string };
    expect(body).toMatchObject({ ok: true, entries: DEMO_KB.entries.length + 1, version: 2 });
    expect(body.summary).toBe('1 entry added (gift-wrap); 1 entry changed (opening-hours)');
    expect(res.headers.get('etag')).toBe('"v2"');
    expect((await published()).etag).toBe('"v2"');

    const history = (await (await fetch(`${base}/versions`, { headers: { cookie: admin } })).json()) as { versions: { version: number; authorName: string | null; summary: string; createdAt: string }[] };
    expect(history.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(history.versions[0]).toMatchObject({ authorName: 'Admin', summary: body.summary });
    expect(history.versions[1]?.authorName).toBeNull();
    expect(Date.parse(history.versions[0]?.createdAt ?? '')).not.toBeNaN();

    expect(await ask('do you gift wrap orders?')).toBe('Yes: tick **gift wrap** at checkout.');
    const first = await fetch(`${base}/versions/1`, { headers: { cookie: admin } });
    expect(await first.text()).toBe(before.yaml);
    expect((await fetch(`${base}/versions/99`, { headers: { cookie: admin } })).status).toBe(404);
    expect((await fetch(`${base}/versions/0`, { headers: { cookie: admin } })).status).toBe(404);
    expect((await fetch(`${base}/versions/abc`, { headers: { cookie: admin } })).status).toBe(404);
    expect((await post('/versions/99/restore', {})).status).toBe(404);
  });

  it('refuses a stale If-Match with who published since and when, and saves nothing', async () => {
    const { yaml, etag } = await published();
    const stale = await put(yaml.replace('We are open every day from 8 to 20.', 'Closed on Sundays.'), '"v1"');
    expect(stale.status).toBe(409);
    const body = (await stale.json()) as { error: { code: string; message: string; current: { version: number; authorName: string } } };
    expect(body.error.code).toBe('stale_knowledge_base');
    expect(body.error.message).toMatch(/^Admin published version \d+ at \d{4}-\d\d-\d\dT.*since you opened version 1/);
    expect(body.error.current.authorName).toBe('Admin');
    expect((await published()).etag).toBe(etag);
    expect((await put(yaml, 'v1')).status).toBe(400);
  });

  it('of two publishes with the same If-Match, exactly one wins', async () => {
    const { yaml, etag } = await published();
    const a = yaml.replace('We are open every day from 8 to 20.', 'Open from 9.');
    const b = yaml.replace('We are open every day from 8 to 20.', 'Open from 10.');
    const answers = await Promise.all([put(a, etag), put(b, etag), put(a, etag), put(b, etag)]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
    const winner = answers.findIndex((r) => r.status === 200);
    expect((await published()).yaml).toBe(winner % 2 === 0 ? a : b);
  });

  it('still publishes without If-Match (API compatibility), and rejects an invalid text with every problem', async () => {
    const { yaml } = await published();
    expect((await put(yaml)).status).toBe(200);
    const broken = yaml.replace(/answer:\n(\s+)en: /, 'answer:\n$1xx: ');
    const bad = await put(broken);
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { code: string; problems: string[] } };
    expect(body.error.code).toBe('invalid_knowledge_base');
    expect(body.error.problems.join('\n')).toMatch(/entry "opening-hours"/);
  });

  it('restores an old version as a new one', async () => {
    const latest = (await published()).etag;
    const res = await post('/versions/1/restore', {});
    expect(res.status).toBe(200);
    const body = (await res.json()) as { version: number; summary: string };
    expect(`"v${body.version}"`).not.toBe(latest);
    expect(body.summary).toBe('Restored version 1: 1 entry removed (gift-wrap); 1 entry changed (opening-hours)');
    const first = await (await fetch(`${base}/versions/1`, { headers: { cookie: admin } })).text();
    expect((await published()).yaml).toBe(first);
    expect(await ask('what are your opening hours?')).toBe(demoAnswer('opening-hours', 'en'));
  });
});

describe('drafts: check and Try it', () => {
  it('checks a draft with the same messages as publishing', async () => {
    const { yaml } = await published();
    const ok = await fetch(`${base}/check`, { method: 'POST', headers: { cookie: admin, 'content-type': 'text/yaml' }, body: yaml });
    expect(await ok.json()).toEqual({ ok: true, entries: DEMO_KB.entries.length });
    const broken = yaml.replace(/answer:\n(\s+)en: /, 'answer:\n$1xx: ');
    const [checked, publishing] = await Promise.all([
      fetch(`${base}/check`, { method: 'POST', headers: { cookie: admin, 'content-type': 'text/yaml' }, body: broken }),
      put(broken),
    ]);
    expect(checked.status).toBe(400);
    expect(await checked.json()).toEqual(await publishing.json());
  });

  it("answers a question with the draft's bot, saving nothing", async () => {
    const { yaml, etag } = await published();
    const draft = edited(yaml, (raw) => {
      raw.entries.push({ id: 'radio-repair', questions: { en: ['do you repair old radios?'] }, answer: { en: 'No, only lamps.' } });
    });
    const res = await post('/try', { yaml: draft, text: 'do you repair old radios?', locale: 'en' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ text: 'No, only lamps.', locale: 'en', entryId: 'radio-repair', quickReplies: [] });
    const miss = (await (await post('/try', { yaml, text: 'do you repair old radios?', locale: 'en' })).json()) as TryAnswer;
    expect(miss).toMatchObject({ entryId: null, unanswered: 'fallback', text: DEMO_KB.fallback.en });
    expect((await published()).etag).toBe(etag);
  });

  it('refuses bad input to Try it with a clear code', async () => {
    const { yaml } = await published();
    const bad = async (body: unknown) => {
      const res = await post('/try', body);
      return { status: res.status, code: ((await res.json()) as { error: { code: string } }).error.code };
    };
    expect(await bad({ yaml, text: 'hi', locale: 'fr' })).toEqual({ status: 400, code: 'invalid_body' });
    expect(await bad({ yaml, text: '   ', locale: 'en' })).toEqual({ status: 400, code: 'invalid_body' });
    expect(await bad({ yaml, text: 'x'.repeat(501), locale: 'en' })).toEqual({ status: 400, code: 'invalid_body' });
    expect(await bad({ yaml: 'site: [', text: 'hi', locale: 'en' })).toEqual({ status: 400, code: 'invalid_knowledge_base' });
    expect(await bad({ text: 'hi', locale: 'en' })).toEqual({ status: 400, code: 'invalid_body' });
  });
});

describe('replay of recent visitor questions against a draft', () => {
  it('reports a draft that fixes an unanswered question and breaks an answered one', async () => {
    // Real history: visitors ask, the published bot answers (or not).
    expect(await ask('do you repair old radios?')).toBe(DEMO_KB.fallback.en);
    expect(await ask('do you repair old radios?')).toBe(DEMO_KB.fallback.en);
    expect(await ask('what are your opening hours?')).toBe(demoAnswer('opening-hours', 'en'));
    expect(await ask('como posso pagar?', 'pt-BR')).toBe(demoAnswer('payment-methods', 'pt-BR'));

    const { yaml } = await published();
    const draft = edited(yaml, (raw) => {
      raw.entries = raw.entries.filter((e) => e.id !== 'opening-hours');
      for (const entry of raw.entries) if (entry.followUps !== undefined) entry.followUps = entry.followUps.filter((id) => id !== 'opening-hours');
      raw.entries.push({ id: 'radio-repair', title: { en: 'Radio repair' }, questions: { en: ['do you repair old radios?'] }, answer: { en: 'No, only lamps.' } } as Raw['entries'][number]);
    });
    const res = await post('/replay', { yaml: draft });
    expect(res.status).toBe(200);
    const report = (await res.json()) as ReplayReport;
    expect(report.questions).toBeGreaterThanOrEqual(4);
    expect(report.changes).toContainEqual({
      text: 'do you repair old radios?',
      locale: 'en',
      change: 'newly_answered',
      before: null,
      after: { entryId: 'radio-repair', title: 'Radio repair' },
      count: 2,
    });
    const broken = report.changes.find((c) => c.text === 'what are your opening hours?');
    expect(broken).toMatchObject({ change: 'no_longer_answered', before: { entryId: 'opening-hours' } });
    expect(report.changes.some((c) => c.locale === 'pt-BR')).toBe(false);
    expect(report.unchanged).toBe(report.questions - report.changes.reduce((n, c) => n + c.count, 0));

    // The published draft of itself changes nothing.
    const same = (await (await post('/replay', { yaml })).json()) as ReplayReport;
    expect(same.changes).toEqual([]);
    expect(same.unchanged).toBe(same.questions);
  });
});
