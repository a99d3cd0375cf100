import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../protocol/codes';
import { AgentFrame } from '../../protocol/frames';
import { DEFAULT_LIMITS } from '../../server/security/limits';
import { findSite, upsertSite } from '../../server/store/sites';
import { type Frame, TestClient, isType, statusTo } from '../support/client';
import { signIn, startTestPonte, type TestPonte } from '../support/ponte';

/**
 * Site isolation: an agent who works on the demo site only never sees site B ("acme") — its
 * conversations, contacts, callbacks or settings — through any frame or route, and access
 * changes take effect on their open consoles at once.
 */

const B = 'acme';
const B_ORIGIN = 'http://acme.test';
const PHONE = '912 345 678';
type Json = Record<string, unknown>;

let ponte: TestPonte;
let admin: string;
let bea: string;
let beaId: string;
/** What B holds: ids and words that must never reach Bea while she is not a member. */
const secrets: { conversationIds: string[]; contactIds: string[]; callbackIds: string[]; words: string[] } = {
  conversationIds: [],
  contactIds: [],
  callbackIds: [],
  words: ['Zed Acmeson', 'zed@acme.example', '"siteKey":"acme"', 'Acme Widgets'],
};
let queuedB: { client: TestClient; conversationId: string };
let callbackB: { client: TestClient; callbackId: string; conversationId: string };

async function call(method: string, path: string, cookie: string | undefined, body?: unknown) {
  const res = await fetch(`${ponte.url}${path}`, {
    method,
    headers: {
      ...(cookie === undefined ? {} : { cookie }),
      ...(body === undefined ? {} : { 'content-type': typeof body === 'string' ? 'text/yaml' : 'application/json' }),
    },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  let json: Json = {};
  try {
    json = text === '' ? {} : (JSON.parse(text) as Json);
  } catch {
    // YAML and other text answers: the status is what these tests look at.
    json = { text };
  }
  return { status: res.status, body: json, text };
}

const openAllWeek = () => {
  const day = [{ open: '00:00', close: '24:00' }];
  return {
    timeZone: 'UTC',
    weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
    holidays: [],
    callback: { enabled: true, slotMinutes: 30, bufferMinutes: 0, minNoticeMinutes: 0, daysAhead: 3, capacity: 5, longWaitSeconds: 300, countries: [] },
  };
};

/** Every frame an agent socket receives from now on, as sent (TestClient.frames drops the ones taken). */
function record(client: TestClient): string[] {
  const raw: string[] = [];
  client.ws.on('message', (data) => raw.push(String(data)));
  return raw;
}

/** The first of B's secrets found in `text`, if any. */
function leak(text: string): string | undefined {
  return [...secrets.conversationIds, ...secrets.contactIds, ...secrets.callbackIds, ...secrets.words].find((s) => text.includes(s));
}

/** The close code, or a failure after `ms` (TestClient.waitClose alone would wait for ever). */
function closeCode(client: TestClient, ms = 2000): Promise<number> {
  return Promise.race([
    client.waitClose(),
    new Promise<number>((_, reject) => setTimeout(() => reject(new Error(`socket still open after ${ms} ms`)), ms)),
  ]);
}

const visitorB = () => TestClient.visitor(ponte.url, { siteKey: B, hostOrigin: B_ORIGIN });

let reqCounter = 0;
/** Sends a frame with a fresh reqId and returns the error it was answered with (or fails). */
async function refusal(client: TestClient, frame: Json): Promise<{ code: string; message: string }> {
  reqCounter += 1;
  const reqId = `iso-${reqCounter}`;
  client.send({ ...frame, reqId });
  const error = await client.waitFor('error', (f) => f.reqId === reqId);
  return { code: error.code, message: error.message };
}

beforeAll(async () => {
  ponte = await startTestPonte({
    offerTimeoutMs: 60_000,
    presenceGraceMs: 200,
    callbacks: { sweepMs: 60_000 },
    limits: { ...DEFAULT_LIMITS, newVisitorsPerIp: 10_000, bookingsPerIp: 10_000 },
  });
  admin = await signIn(ponte.url);
  const demo = await findSite(ponte.db, 'demo');
  if (demo === undefined) throw new Error('no demo site');
  // Site B, made directly in the store (the sites API is another branch's): nobody but admins works on it.
  await upsertSite(ponte.db, { key: B, name: 'Acme Widgets', allowedOrigins: [B_ORIGIN], knowledgeBase: demo.knowledgeBase }, new Date());
  for (const key of ['demo', B]) expect((await call('PUT', `/api/sites/${key}/hours`, admin, openAllWeek())).status).toBe(200);
  const hired = await call('POST', '/api/agents', admin, { email: 'bea@example.com', name: 'Bea', role: 'agent', capacity: 5, password: 'bea-password-1', sites: ['demo'] });
  expect(hired.status).toBe(201);
  expect((hired.body.agent as Json).sites).toEqual(['demo']);
  beaId = (hired.body.agent as Json).id as string;
  bea = await signIn(ponte.url, 'bea@example.com', 'bea-password-1');
});
afterAll(async () => {
  await ponte.stop();
});

describe('site isolation', () => {
  it("never offers B's chats to an agent who does not work on B, and tells B's visitors nobody is available", async () => {
    const beaLive = await TestClient.agent(ponte.url, bea);
    const seen = record(beaLive.client);

    const b = await visitorB();
    expect(b.welcome.agentsAvailable).toBe(false);
    secrets.contactIds.push(b.welcome.contactId);
    b.client.send({ type: 'message.send', clientMsgId: 'b1', text: 'Hello, my name is Zed Acmeson and my email is zed@acme.example' });
    await b.client.waitFor('message.ack');
    b.client.send({ type: 'handoff.request' });
    const queued = await b.client.next(statusTo('queued'));
    queuedB = { client: b.client, conversationId: queued.message.conversationId };
    secrets.conversationIds.push(queuedB.conversationId);
    // The routing run that saw it queued tells the visitor their place; it offered it to nobody.
    await b.client.waitFor('queue.position', (f) => f.conversationId === queuedB.conversationId);

    // The same agent does get the demo site's chats: routing runs, and skips her for B only.
    const demo = await TestClient.visitor(ponte.url);
    expect(demo.welcome.agentsAvailable).toBe(true);
    demo.client.send({ type: 'handoff.request' });
    const demoQueued = await demo.client.next(statusTo('queued'));
    await beaLive.client.waitFor(
      'conversation.updated',
      (f) => f.conversation.id === demoQueued.message.conversationId && f.conversation.offeredToAgentId === beaId,
    );
    const rowB = await ponte.db.selectFrom('conversations').select('offered_to').where('id', '=', queuedB.conversationId).executeTakeFirstOrThrow();
    expect(rowB.offered_to).toBeNull();

    await beaLive.client.barrier();
    expect(leak(seen.join('\n'))).toBeUndefined();
    for (const c of [beaLive.client, demo.client]) await c.close();
  });

  it("keeps B's conversations, contacts and callbacks out of the welcome and the live updates", async () => {
    // A B visitor books a call back; another asks something the bot cannot answer.
    const booker = await visitorB();
    secrets.contactIds.push(booker.welcome.contactId);
    booker.client.send({ type: 'callback.slots' });
    const slot = (await booker.client.next(isType('callback.slots'))).slots[1];
    if (slot === undefined) throw new Error('no free slot');
    booker.client.send({ type: 'callback.book', slotStart: slot.start, phone: PHONE, country: 'PT', note: 'Zed Acmeson wants a call' });
    const booked = (await booker.client.next(isType('callback.updated'))).callback;
    callbackB = { client: booker.client, callbackId: booked.id, conversationId: booked.conversationId };
    secrets.callbackIds.push(booked.id);
    secrets.conversationIds.push(booked.conversationId);
    const asker = await visitorB();
    secrets.contactIds.push(asker.welcome.contactId);
    asker.client.send({ type: 'message.send', clientMsgId: 'q1', text: 'Do you sell flurbleglorp adapters for zorbl machines?' });
    await asker.client.waitFor('message.ack');
    await asker.client.waitFor('message.new', (f) => f.message.author === 'bot');
    const askerConversation = (await ponte.conversations.latestFor(asker.welcome.contactId))?.id;
    if (askerConversation !== undefined) secrets.conversationIds.push(askerConversation);

    const adminLive = await TestClient.agent(ponte.url, admin);
    expect(adminLive.welcome.sites.map((s) => s.key).sort()).toEqual([B, 'demo']);
    expect(adminLive.welcome.conversations.map((c) => c.id)).toContain(queuedB.conversationId);
    expect(adminLive.welcome.callbacks.map((c) => c.id)).toContain(callbackB.callbackId);

    const beaLive = await TestClient.agent(ponte.url, bea);
    expect(beaLive.welcome.sites).toEqual([{ key: 'demo', name: 'Lumen & Co.' }]);
    expect(beaLive.welcome.conversations.every((c) => c.siteKey === 'demo')).toBe(true);
    expect(beaLive.welcome.conversations.length).toBeGreaterThan(0);
    expect(leak(JSON.stringify(beaLive.welcome))).toBeUndefined();
    const seen = record(beaLive.client);

    // B's visitors write, tell their name, move their call; the admin hears each, Bea nothing.
    queuedB.client.send({ type: 'message.send', clientMsgId: 'b2', text: 'Still there? Zed Acmeson here' });
    await adminLive.client.waitFor('conversation.updated', (f) => f.conversation.id === queuedB.conversationId && f.conversation.lastMessage?.includes('Still there') === true);
    queuedB.client.send({ type: 'typing', typing: true });
    booker.client.send({ type: 'callback.slots' });
    const later = (await booker.client.next(isType('callback.slots'))).slots[3];
    if (later === undefined) throw new Error('no later slot');
    booker.client.send({ type: 'callback.book', slotStart: later.start, phone: PHONE, country: 'PT', moveId: callbackB.callbackId });
    await adminLive.client.waitFor('callback.updated', (f) => f.callback.id === callbackB.callbackId && f.callback.start === later.start);
    // The demo site's updates still reach her: the filter is by site, not "nothing at all".
    const demo = await TestClient.visitor(ponte.url);
    demo.client.send({ type: 'message.send', clientMsgId: 'd1', text: 'Hi from the demo shop' });
    await beaLive.client.waitFor('conversation.updated', (f) => f.conversation.contactId === demo.welcome.contactId);

    await beaLive.client.barrier();
    expect(leak(seen.join('\n'))).toBeUndefined();
    for (const c of [beaLive.client, adminLive.client, asker.client, demo.client]) await c.close();
  });

  it("refuses every frame that names B's conversation or callback exactly as for one that does not exist", async () => {
    const beaLive = await TestClient.agent(ponte.url, bea);
    const seen = record(beaLive.client);
    const conversationId = queuedB.conversationId;
    const { callbackId } = callbackB;
    const frames: Record<string, (ids: { conversationId: string; callbackId: string }) => Json> = {
      'conversation.open': (ids) => ({ type: 'conversation.open', conversationId: ids.conversationId }),
      'conversation.accept': (ids) => ({ type: 'conversation.accept', conversationId: ids.conversationId }),
      'message.send': (ids) => ({ type: 'message.send', conversationId: ids.conversationId, clientMsgId: randomUUID(), text: 'Hi Zed' }),
      'note.add': (ids) => ({ type: 'note.add', conversationId: ids.conversationId, clientMsgId: randomUUID(), text: 'A note on B' }),
      'conversation.transfer': (ids) => ({ type: 'conversation.transfer', conversationId: ids.conversationId, toAgentId: randomUUID() }),
      typing: (ids) => ({ type: 'typing', conversationId: ids.conversationId, typing: true }),
      'conversation.read': (ids) => ({ type: 'conversation.read', conversationId: ids.conversationId, seq: 1 }),
      'conversation.close': (ids) => ({ type: 'conversation.close', conversationId: ids.conversationId }),
      'callback.slots': (ids) => ({ type: 'callback.slots', callbackId: ids.callbackId }),
      'callback.claim': (ids) => ({ type: 'callback.claim', callbackId: ids.callbackId }),
      'callback.outcome': (ids) => ({ type: 'callback.outcome', callbackId: ids.callbackId, outcome: 'reached' }),
    };
    // Every agent frame the protocol has that names a conversation or a callback is in the table.
    const naming = agentFrameTypes().filter((f) => f.fields.includes('conversationId') || f.fields.includes('callbackId')).map((f) => f.type);
    expect(naming.length).toBeGreaterThanOrEqual(11);
    expect(Object.keys(frames).sort()).toEqual([...naming].sort());

    for (const [type, build] of Object.entries(frames)) {
      const ofB = await refusal(beaLive.client, build({ conversationId, callbackId }));
      const ofNothing = await refusal(beaLive.client, build({ conversationId: randomUUID(), callbackId: randomUUID() }));
      expect({ type, ...ofB }).toEqual({ type, ...ofNothing });
      expect({ type, code: ofB.code }).toEqual({ type, code: 'not_found' });
    }

    // Nothing happened to B: still queued, no note, no message, the call not claimed.
    const conversation = await ponte.db.selectFrom('conversations').select(['status', 'assigned_agent_id']).where('id', '=', conversationId).executeTakeFirstOrThrow();
    expect(conversation).toEqual({ status: 'queued', assigned_agent_id: null });
    expect(await ponte.db.selectFrom('notes').select('id').where('conversation_id', '=', conversationId).execute()).toEqual([]);
    expect(await ponte.db.selectFrom('messages').select('id').where('conversation_id', '=', conversationId).where('author', '=', 'agent').execute()).toEqual([]);
    const call = await ponte.db.selectFrom('callbacks').select(['state', 'claimed_by']).where('id', '=', callbackId).executeTakeFirstOrThrow();
    expect(call).toEqual({ state: 'booked', claimed_by: null });
    await beaLive.client.barrier();
    expect(leak(seen.join('\n'))).toBeUndefined();

    // The control: the admin may open the same conversation, so the refusals above are scoping.
    const adminLive = await TestClient.agent(ponte.url, admin);
    adminLive.client.send({ type: 'conversation.open', conversationId });
    expect((await adminLive.client.waitFor('conversation.detail')).conversation.id).toBe(conversationId);
    adminLive.client.send({ type: 'callback.slots', callbackId });
    expect((await adminLive.client.waitFor('callback.slots')).callbackId).toBe(callbackId);
    for (const c of [beaLive.client, adminLive.client]) await c.close();
  });

  it("answers B's settings routes as unknown (404) or admin-only (403) for her, and serves them to the admin", async () => {
    const routes: Array<{ method: string; path: (key: string) => string; body?: unknown; bea: 403 | 404 }> = [
      { method: 'GET', path: (k) => `/api/sites/${k}/hours`, bea: 404 },
      { method: 'PUT', path: (k) => `/api/sites/${k}/hours`, body: openAllWeek(), bea: 403 },
      { method: 'GET', path: (k) => `/api/sites/${k}/unanswered`, bea: 403 },
      { method: 'GET', path: (k) => `/api/sites/${k}/knowledge-base`, bea: 403 },
      { method: 'PUT', path: (k) => `/api/sites/${k}/knowledge-base`, body: 'entries: []\n', bea: 403 },
      { method: 'PATCH', path: (k) => `/api/sites/${k}`, body: { routing: 'auto' }, bea: 403 },
    ];
    for (const route of routes) {
      const label = `${route.method} ${route.path(':key')}`;
      const ofB = await call(route.method, route.path(B), bea, route.body);
      expect({ label, status: ofB.status }).toEqual({ label, status: route.bea });
      expect({ label, leak: leak(ofB.text) }).toEqual({ label, leak: undefined });
      // Not confirming that B exists: an unknown key gets the very same answer.
      const ofNothing = await call(route.method, route.path('no-such-site'), bea, route.body);
      expect({ label, status: ofNothing.status, code: (ofNothing.body.error as Json | undefined)?.code }).toEqual({
        label,
        status: ofB.status,
        code: (ofB.body.error as Json | undefined)?.code,
      });
      if (route.method === 'GET') {
        const asAdmin = await call(route.method, route.path(B), admin);
        expect({ label, status: asAdmin.status }).toEqual({ label, status: 200 });
      }
    }
    // Her own site's hours she may read.
    expect((await call('GET', '/api/sites/demo/hours', bea)).status).toBe(200);
    // The team list is for everyone, with the memberships.
    const team = await call('GET', '/api/agents', bea);
    expect(team.status).toBe(200);
    const rows = team.body.agents as Array<{ id: string; sites: string[]; role: string }>;
    expect(rows.find((a) => a.id === beaId)?.sites).toEqual(['demo']);
  });

  it('manages memberships: sites on create and patch, unknown keys refused, every site when omitted', async () => {
    const unknownPatch = await call('PATCH', `/api/agents/${beaId}`, admin, { sites: ['demo', 'nope'] });
    expect(unknownPatch.status).toBe(400);
    expect(unknownPatch.body.error).toMatchObject({ code: 'unknown_site' });
    expect(String((unknownPatch.body.error as Json).message)).toContain('"nope"');
    const badShape = await call('PATCH', `/api/agents/${beaId}`, admin, { sites: 'demo' });
    expect(badShape.status).toBe(400);
    const unknownCreate = await call('POST', '/api/agents', admin, { email: 'x1@example.com', name: 'X', role: 'agent', capacity: 1, password: 'long-enough-pw-1', sites: ['nope'] });
    expect(unknownCreate.body.error).toMatchObject({ code: 'unknown_site' });
    expect(unknownCreate.status).toBe(400);
    const everywhere = await call('POST', '/api/agents', admin, { email: 'cleo@example.com', name: 'Cleo', role: 'agent', capacity: 1, password: 'long-enough-pw-1' });
    expect(everywhere.status).toBe(201);
    expect((everywhere.body.agent as Json).sites).toEqual([B, 'demo']);
    const nowhere = await call('POST', '/api/agents', admin, { email: 'dan@example.com', name: 'Dan', role: 'agent', capacity: 1, password: 'long-enough-pw-1', sites: [] });
    expect((nowhere.body.agent as Json).sites).toEqual([]);
    const dan = await TestClient.agent(ponte.url, await signIn(ponte.url, 'dan@example.com', 'long-enough-pw-1'));
    expect(dan.welcome.sites).toEqual([]);
    expect(dan.welcome.conversations).toEqual([]);
    expect(dan.welcome.callbacks).toEqual([]);
    await dan.client.close();
    // Only admins change memberships; the memberships stayed as they were.
    expect((await call('PATCH', `/api/agents/${beaId}`, bea, { sites: ['demo', B] })).status).toBe(403);
    const rows = (await call('GET', '/api/agents', admin)).body.agents as Array<{ id: string; sites: string[] }>;
    expect(rows.find((a) => a.id === beaId)?.sites).toEqual(['demo']);
  });

  it("adding her to B reconnects her console to B's chats; removing her cuts them off at once", async () => {
    const first = await TestClient.agent(ponte.url, bea);
    const added = await call('PATCH', `/api/agents/${beaId}`, admin, { sites: ['demo', B] });
    expect(added.status).toBe(200);
    expect((added.body.agent as Json).sites).toEqual([B, 'demo']);
    expect(await closeCode(first.client)).toBe(CloseCode.AccessChanged);

    const member = await TestClient.agent(ponte.url, bea);
    expect(member.welcome.sites.map((s) => s.key).sort()).toEqual([B, 'demo']);
    expect(member.welcome.conversations.map((c) => c.id)).toContain(queuedB.conversationId);
    expect(member.welcome.callbacks.map((c) => c.id)).toContain(callbackB.callbackId);
    queuedB.client.send({ type: 'message.send', clientMsgId: 'b3', text: 'Anyone from Acme?' });
    await member.client.waitFor('conversation.updated', (f) => f.conversation.id === queuedB.conversationId && f.conversation.lastMessage === 'Anyone from Acme?');
    // Now she works on it: she takes the chat and has it open.
    member.client.send({ type: 'conversation.open', conversationId: queuedB.conversationId });
    await member.client.waitFor('conversation.detail', (f) => f.conversation.id === queuedB.conversationId);
    member.client.send({ type: 'conversation.accept', conversationId: queuedB.conversationId });
    await queuedB.client.next(statusTo('live'));

    const seenAfter: Frame[] = [];
    const removed = await call('PATCH', `/api/agents/${beaId}`, admin, { sites: ['demo'] });
    expect(removed.status).toBe(200);
    // The close is on its way before the PATCH has answered: nothing of B can follow it.
    member.client.ws.on('message', (data) => seenAfter.push(JSON.parse(String(data)) as Frame));
    expect(await closeCode(member.client)).toBe(CloseCode.AccessChanged);
    // Her live chat on B went back to the queue for someone who still works there, saying why.
    const back = await queuedB.client.next(statusTo('queued'));
    expect(back.message.event).toMatchObject({ code: 'agent_unassigned', reason: 'Bea no longer works on this site; back in the queue' });
    expect(back.message.authorName).toBe('Bea');
    queuedB.client.send({ type: 'message.send', clientMsgId: 'b4', text: 'Hello again, Zed Acmeson' });
    await queuedB.client.waitFor('message.ack', (f) => f.clientMsgId === 'b4');
    expect(leak(JSON.stringify(seenAfter))).toBeUndefined();

    const again = await TestClient.agent(ponte.url, bea);
    expect(again.welcome.sites.map((s) => s.key)).toEqual(['demo']);
    expect(leak(JSON.stringify(again.welcome))).toBeUndefined();
    const refused = await refusal(again.client, { type: 'message.send', conversationId: queuedB.conversationId, clientMsgId: randomUUID(), text: 'still me' });
    expect(refused.code).toBe('not_found');
    await again.client.close();
  });

  it('re-scopes on a role change: a promoted agent works on every site, a demoted one on their own again', async () => {
    const rows = (await call('GET', '/api/agents', admin)).body.agents as Array<{ id: string; email: string }>;
    const danId = rows.find((a) => a.email === 'dan@example.com')?.id;
    if (danId === undefined) throw new Error('no Dan');
    const danCookie = await signIn(ponte.url, 'dan@example.com', 'long-enough-pw-1');
    const before = await TestClient.agent(ponte.url, danCookie);
    expect(before.welcome.sites).toEqual([]);
    expect((await call('PATCH', `/api/agents/${danId}`, admin, { role: 'admin' })).status).toBe(200);
    expect(await closeCode(before.client)).toBe(CloseCode.AccessChanged);
    const promoted = await TestClient.agent(ponte.url, danCookie);
    expect(promoted.welcome.sites.map((s) => s.key).sort()).toEqual([B, 'demo']);
    expect(promoted.welcome.conversations.map((c) => c.id)).toContain(queuedB.conversationId);
    expect((await call('PATCH', `/api/agents/${danId}`, admin, { role: 'agent' })).status).toBe(200);
    expect(await closeCode(promoted.client)).toBe(CloseCode.AccessChanged);
    const demoted = await TestClient.agent(ponte.url, danCookie);
    expect(demoted.welcome.sites).toEqual([]);
    expect(demoted.welcome.conversations).toEqual([]);
    await demoted.client.close();
  });

  it('gives an admin the updates of a site created after their console connected, and its members nobody', async () => {
    const adminLive = await TestClient.agent(ponte.url, admin);
    const beaLive = await TestClient.agent(ponte.url, bea);
    const seen = record(beaLive.client);
    const demo = await findSite(ponte.db, 'demo');
    await upsertSite(ponte.db, { key: 'later', name: 'Later Ltd', allowedOrigins: ['http://later.test'], knowledgeBase: demo?.knowledgeBase ?? '' }, new Date());
    const visitor = await TestClient.visitor(ponte.url, { siteKey: 'later', hostOrigin: 'http://later.test' });
    visitor.client.send({ type: 'message.send', clientMsgId: 'l1', text: 'Hello from later' });
    const update = await adminLive.client.waitFor('conversation.updated', (f) => f.conversation.siteKey === 'later');
    await beaLive.client.barrier();
    expect(seen.join('\n')).not.toContain(update.conversation.id);
    const rows = (await call('GET', '/api/agents', admin)).body.agents as Array<{ sites: string[]; role: string }>;
    expect(rows.filter((a) => a.sites.includes('later'))).toEqual([]);
    for (const c of [adminLive.client, beaLive.client, visitor.client]) await c.close();
  });

  it('transfers only to agents who work on the conversation’s site', async () => {
    const adminLive = await TestClient.agent(ponte.url, admin);
    adminLive.client.send({ type: 'conversation.accept', conversationId: queuedB.conversationId });
    await queuedB.client.next(statusTo('live'));
    const refused = await refusal(adminLive.client, { type: 'conversation.transfer', conversationId: queuedB.conversationId, toAgentId: beaId });
    expect(refused.code).toBe('forbidden');
    expect(refused.message).toContain('Bea');
    const row = await ponte.db.selectFrom('conversations').select(['status', 'assigned_agent_id']).where('id', '=', queuedB.conversationId).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'live', assigned_agent_id: adminLive.welcome.agent.id });
    await adminLive.client.close();
  });

  it('sets her display name (validated), and her open consoles reconnect under it', async () => {
    for (const name of ['   ', 'x'.repeat(61), 'Bea\u0007', 'Bea\nSmith', 'Bea\u202Eevil']) {
      const res = await call('PATCH', '/api/me', bea, { name });
      expect({ name, status: res.status, code: (res.body.error as Json | undefined)?.code }).toEqual({ name, status: 400, code: 'invalid_body' });
    }
    expect((await call('PATCH', '/api/me', bea, { name: 'Bea', role: 'admin' })).status).toBe(400);
    expect((await call('PATCH', '/api/me', undefined, { name: 'Bea' })).status).toBe(401);

    const live = await TestClient.agent(ponte.url, bea);
    const res = await call('PATCH', '/api/me', bea, { name: '  Beatriz S.  ' });
    expect(res.status).toBe(200);
    expect(res.body.agent).toMatchObject({ id: beaId, name: 'Beatriz S.', role: 'agent', sites: ['demo'] });
    expect(await closeCode(live.client)).toBe(CloseCode.AccessChanged);
    const again = await TestClient.agent(ponte.url, bea);
    expect(again.welcome.agent.name).toBe('Beatriz S.');

    // What a visitor sees is the new name.
    const demo = await TestClient.visitor(ponte.url);
    demo.client.send({ type: 'handoff.request' });
    const queued = await demo.client.next(statusTo('queued'));
    again.client.send({ type: 'conversation.accept', conversationId: queued.message.conversationId });
    await demo.client.next(statusTo('live'));
    again.client.send({ type: 'message.send', conversationId: queued.message.conversationId, clientMsgId: 'n1', text: 'Hello, I am here' });
    const reply = await demo.client.waitFor('message.new', (f) => f.message.author === 'agent');
    expect(reply.message.authorName).toBe('Beatriz S.');
    for (const c of [again.client, demo.client]) await c.close();
  });
});

/** The agent frames the protocol defines and the fields each has (read from the schema itself). */
function agentFrameTypes(): Array<{ type: string; fields: string[] }> {
  // NOTE: zod/mini keeps a union's members in its definition; reading it keeps this test honest
  // when a frame is added, without a list to keep in step by hand.
  const options = (AgentFrame as unknown as { _zod: { def: { options: Array<{ _zod: { def: { shape: Record<string, { _zod: { def: { values?: unknown[] } } }> } } }> } } })._zod.def.options;
  return options.map((option) => {
    const shape = option._zod.def.shape;
    return { type: String(shape.type?._zod.def.values?.[0]), fields: Object.keys(shape) };
  });
}
