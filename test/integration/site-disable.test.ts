import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorFor, isType, messageFrom, statusTo, TestClient } from '../support/client';
import { signIn, startTestPonte, type TestPonte } from '../support/ponte';

let ponte: TestPonte;
let admin: string;
beforeAll(async () => {
  ponte = await startTestPonte();
  admin = await signIn(ponte.url);
});
afterAll(async () => {
  await ponte.stop();
});

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${ponte.url}${path}`, {
    method,
    headers: { cookie: admin, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function newSite(origin: string): Promise<string> {
  const res = await call('POST', '/api/sites', { name: `Shop at ${origin}`, allowedOrigins: [origin] });
  expect(res.status).toBe(201);
  return res.body.key as string;
}

/** A visitor of `siteKey` who has written once (the bot answered): their conversation is `bot`. */
async function visitorInBot(siteKey: string, origin: string, text = 'hello') {
  const { client, welcome } = await TestClient.visitor(ponte.url, { siteKey, hostOrigin: origin });
  client.send({ type: 'message.send', clientMsgId: `${text}-1`, text });
  const ack = await client.waitFor('message.ack');
  await client.next(messageFrom('bot'));
  return { client, token: welcome.token, conversationId: ack.conversationId };
}

async function visitorQueued(siteKey: string, origin: string) {
  const visitor = await visitorInBot(siteKey, origin);
  visitor.client.send({ type: 'handoff.request' });
  await visitor.client.next(statusTo('queued'));
  return visitor;
}

describe('disabling a site ends its open chats', () => {
  it('closes its live, queued and bot chats with a line saying why, tells the agent at once, refuses replies; other sites go on; enabling lets a visitor start again', async () => {
    const a = 'http://a.test';
    const b = 'http://b.test';
    const siteA = await newSite(a);
    const siteB = await newSite(b);
    const { client: agent } = await TestClient.agent(ponte.url, admin);

    const live = await visitorQueued(siteA, a);
    agent.send({ type: 'conversation.accept', conversationId: live.conversationId });
    await live.client.next(statusTo('live'));
    const queued = await visitorQueued(siteA, a);
    const bot = await visitorInBot(siteA, a, 'just looking');
    const other = await visitorQueued(siteB, b);
    await agent.barrier();
    const openOfA = [live.conversationId, queued.conversationId, bot.conversationId];

    expect((await call('PATCH', `/api/sites/${siteA}`, { disabled: true })).status).toBe(200);

    // The agent's list is told at once, through the usual summaries.
    for (const id of openOfA) {
      const update = await agent.waitFor('conversation.updated', (f) => f.conversation.id === id && f.conversation.status === 'closed');
      expect(update.conversation.siteKey).toBe(siteA);
    }
    await ponte.siteClosing.idle();
    const rows = await ponte.db.selectFrom('conversations').select(['id', 'status', 'assigned_agent_id']).where('site_key', 'in', [siteA, siteB]).execute();
    const status = new Map(rows.map((r) => [r.id, r]));
    for (const id of openOfA) expect(status.get(id)?.status).toBe('closed');
    // The agent who had the live chat still finds it among theirs.
    expect(status.get(live.conversationId)?.assigned_agent_id).not.toBeNull();
    expect(status.get(other.conversationId)?.status).toBe('queued');

    // The transcript says why, as its last line, for each of the three.
    for (const id of openOfA) {
      agent.send({ type: 'conversation.open', conversationId: id });
      const detail = await agent.waitFor('conversation.detail', (f) => f.conversation.id === id);
      expect(detail.messages.at(-1)?.event).toMatchObject({
        kind: 'status',
        to: 'closed',
        code: 'site_disabled',
        reason: 'The chat was turned off for this site',
      });
    }

    // Nothing more reaches (or pretends to reach) the visitor who cannot see it.
    agent.send({ type: 'message.send', conversationId: live.conversationId, clientMsgId: 'after-off', text: 'Are you still there?' });
    expect((await agent.next(errorFor('after-off'))).code).toBe('site_disabled');
    agent.send({ type: 'conversation.accept', conversationId: queued.conversationId });
    expect((await agent.next(errorFor('conversation.accept'))).code).toBe('site_disabled');
    const sent = await ponte.db.selectFrom('messages').select('id').where('text', '=', 'Are you still there?').execute();
    expect(sent).toHaveLength(0);
    // A note is the team's own record: still allowed.
    agent.send({ type: 'note.add', conversationId: live.conversationId, clientMsgId: 'note-1', text: 'Call them tomorrow' });
    expect((await agent.waitFor('note.new')).note.text).toBe('Call them tomorrow');

    // The other site's chat is untouched and can be taken as usual.
    agent.send({ type: 'conversation.accept', conversationId: other.conversationId });
    expect((await other.client.next(statusTo('live'))).message.event?.code).not.toBe('site_disabled');
    agent.send({ type: 'message.send', conversationId: other.conversationId, clientMsgId: 'b-1', text: 'Hi from B' });
    expect((await agent.next(isType('message.ack'))).clientMsgId).toBe('b-1');

    // A visitor cannot reopen while the site is off.
    const refused = await TestClient.visitorHello(ponte.url, { siteKey: siteA, hostOrigin: a, token: live.token });
    expect(refused.welcome).toMatchObject({ type: 'error', code: 'site_disabled' });
    await refused.client.waitClose();

    await call('PATCH', `/api/sites/${siteA}`, { disabled: false });
    const back = await TestClient.visitor(ponte.url, { siteKey: siteA, hostOrigin: a, token: live.token });
    expect(back.welcome.conversation?.status).toBe('closed');
    back.client.send({ type: 'message.send', clientMsgId: 'again-1', text: 'hello again' });
    expect((await back.client.next(statusTo('bot'))).message.event?.from).toBe('closed');
    await back.client.next(messageFrom('bot'));

    for (const client of [agent, live.client, queued.client, bot.client, other.client, back.client]) await client.close();
  });

  it('closes every open chat of a large site in pages, and leaves booked calls booked', async () => {
    const origin = 'http://big.test';
    const site = await newSite(origin);
    const count = 230;
    const now = new Date().toISOString();
    const contacts = Array.from({ length: count + 1 }, (_, i) => ({ id: `big-contact-${i}`, site_key: site, created_at: now }));
    await ponte.db.insertInto('contacts').values(contacts).execute();
    const conversations = contacts.map((contact, i) => ({
      id: `big-${String(i).padStart(4, '0')}`,
      site_key: site,
      contact_id: contact.id,
      status: i === count ? 'callback' : (['bot', 'queued', 'live'] as const)[i % 3] ?? 'bot',
      locale: 'en',
      last_seq: 0,
      created_at: now,
      updated_at: now,
      queued_at: i % 3 === 1 ? now : null,
    }));
    await ponte.db.insertInto('conversations').values(conversations).execute();

    await call('PATCH', `/api/sites/${site}`, { disabled: true });
    await ponte.siteClosing.idle();
    const rows = await ponte.db
      .selectFrom('conversations')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('site_key', '=', site)
      .groupBy('status')
      .execute();
    expect(Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]))).toEqual({ closed: count, callback: 1 });
  });
});
