import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/security/password';
import { createAgent } from '../../server/store/agents';
import { TestClient, type FrameOf, isType, statusTo } from '../support/client';
import { signIn, startTestPonte, type TestPonte } from '../support/ponte';

const summaryOf = (f: FrameOf<'conversation.updated'>) => f.conversation;

let ponte: TestPonte;
beforeAll(async () => {
  ponte = await startTestPonte({ presenceGraceMs: 300, offerTimeoutMs: 600 });
  await createAgent(ponte.db, { email: 'bea@example.com', name: 'Bea', passwordHash: await hashPassword('bea-password', 1024), role: 'agent' }, new Date());
});
afterAll(async () => {
  await ponte.stop();
});

async function agents() {
  const a = await TestClient.agent(ponte.url, await signIn(ponte.url));
  const b = await TestClient.agent(ponte.url, await signIn(ponte.url, 'bea@example.com', 'bea-password'));
  return { a, b, idA: a.welcome.agent.id, idB: b.welcome.agent.id };
}

/** A visitor who asks for a person and is queued; returns the conversation id. */
async function queuedVisitor() {
  const { client } = await TestClient.visitor(ponte.url);
  client.send({ type: 'handoff.request' });
  const queued = await client.next(statusTo('queued'));
  return { client, conversationId: queued.message.conversationId };
}

const offeredTo = (client: TestClient, conversationId: string, agentId: string | null, timeoutMs = 5000) =>
  client.waitFor('conversation.updated', (f) => summaryOf(f).id === conversationId && summaryOf(f).offeredToAgentId === agentId, timeoutMs);

describe('routing and presence', () => {
  it('offers to the least-busy online agent, moves a lapsed offer to the next, and respects capacity', async () => {
    const { a, b, idA, idB } = await agents();
    const first = await queuedVisitor();
    const offer1 = summaryOf(await a.client.waitFor('conversation.updated', (f) => summaryOf(f).id === first.conversationId && summaryOf(f).offeredToAgentId !== null));
    const firstOwner = offer1.offeredToAgentId;
    const owner = firstOwner === idA ? a : b;
    owner.client.send({ type: 'conversation.accept', conversationId: first.conversationId });
    await first.client.next(statusTo('live'));

    // The other agent is now less busy: the next chat goes to them.
    const other = firstOwner === idA ? idB : idA;
    const second = await queuedVisitor();
    await offeredTo(a.client, second.conversationId, other);

    // Nobody accepts: after the offer time it goes to the next agent.
    await offeredTo(a.client, second.conversationId, firstOwner);

    // Capacity 1 each and both busy: no offer, and the visitor hears their place.
    await ponte.db.updateTable('agents').set({ capacity: 1 }).execute();
    const otherClient = firstOwner === idA ? b : a;
    otherClient.client.send({ type: 'conversation.accept', conversationId: second.conversationId });
    await second.client.next(statusTo('live'));
    const third = await queuedVisitor();
    const position = await third.client.next(isType('queue.position'));
    expect(position.position).toBe(1);
    const row = await ponte.db.selectFrom('conversations').select('offered_to').where('id', '=', third.conversationId).executeTakeFirstOrThrow();
    expect(row.offered_to).toBeNull();
    await ponte.db.updateTable('agents').set({ capacity: 3 }).execute();

    for (const c of [first.client, second.client, third.client, a.client, b.client]) await c.close();
  });

  it('updates queue positions as chats are taken', async () => {
    const { a, b } = await agents();
    a.client.send({ type: 'agent.status', status: 'away' });
    b.client.send({ type: 'agent.status', status: 'away' });
    await a.client.waitFor('team.presence', (f) => f.agents.every((x) => x.status !== 'online'));
    const one = await queuedVisitor();
    const two = await queuedVisitor();
    // Earlier tests may have left chats waiting: positions are relative to them.
    const before = (await two.client.waitFor('queue.position', (f) => f.conversationId === two.conversationId)).position;
    expect(before).toBeGreaterThanOrEqual(2);
    a.client.send({ type: 'conversation.accept', conversationId: one.conversationId });
    await two.client.waitFor('queue.position', (f) => f.position === before - 1);
    a.client.send({ type: 'conversation.accept', conversationId: two.conversationId });
    await two.client.next(statusTo('live'));
    for (const c of [one.client, two.client, a.client, b.client]) await c.close();
  });

  it('tells visitors when nobody is available, and puts an offline agent’s chats back at the front', async () => {
    const { a, b, idA } = await agents();
    // Everyone else away; A online and takes a chat.
    b.client.send({ type: 'agent.status', status: 'away' });
    a.client.send({ type: 'agent.status', status: 'online' });
    const waiting = await queuedVisitor();
    const mine = await queuedVisitor();
    a.client.send({ type: 'conversation.accept', conversationId: mine.conversationId });
    await mine.client.next(statusTo('live'));

    // A's console goes away for longer than the grace period.
    await a.client.close();
    const back = await mine.client.next(statusTo('queued'));
    expect(back.message.event?.reason).toMatch(/went offline/);
    const rows = await ponte.db
      .selectFrom('conversations')
      .select(['id', 'queued_at'])
      .where('status', '=', 'queued')
      .orderBy('queued_at')
      .execute();
    const order = rows.map((r) => r.id);
    // A's chats (this one and any left from earlier tests) jump ahead of those already waiting.
    expect(order.indexOf(mine.conversationId)).toBeGreaterThanOrEqual(0);
    expect(order.indexOf(mine.conversationId)).toBeLessThan(order.indexOf(waiting.conversationId));
    const mineAt = (await mine.client.waitFor('queue.position')).position;
    const waitingAt = (await waiting.client.waitFor('queue.position', (f) => f.position > mineAt)).position;
    expect(waitingAt).toBeGreaterThan(mineAt);

    // With A offline and B away, visitors hear that nobody is available.
    const { welcome } = await TestClient.visitor(ponte.url);
    expect(welcome.agentsAvailable).toBe(false);
    const team = await b.client.waitFor('team.presence', (f) => f.agents.some((x) => x.id === idA && x.status === 'offline'));
    expect(team.type).toBe('team.presence');
    for (const c of [waiting.client, mine.client, b.client]) await c.close();
  });
});

describe('manual routing per site', () => {
  it('stops auto-offers when an admin sets the site to manual, and refuses bad settings', async () => {
    const cookie = await signIn(ponte.url);
    const patch = (body: string, extra: Record<string, string> = {}) =>
      fetch(`${ponte.url}/api/sites/demo`, { method: 'PATCH', headers: { cookie, 'content-type': 'application/json', ...extra }, body });
    expect((await patch('{"routing":"sometimes"}')).status).toBe(400);
    expect((await patch('{"routing":"manual"}', { origin: 'https://evil.example' })).status).toBe(403);
    expect((await patch('{"routing":"manual"}')).status).toBe(200);

    const { a, b } = await agents();
    a.client.send({ type: 'agent.status', status: 'online' });
    b.client.send({ type: 'agent.status', status: 'online' });
    const visitor = await queuedVisitor();
    await visitor.client.waitFor('queue.position', (f) => f.conversationId === visitor.conversationId);
    await a.client.barrier();
    const row = await ponte.db.selectFrom('conversations').select('offered_to').where('id', '=', visitor.conversationId).executeTakeFirstOrThrow();
    expect(row.offered_to).toBeNull();
    b.client.send({ type: 'conversation.accept', conversationId: visitor.conversationId });
    await visitor.client.next(statusTo('live'));
    expect((await patch('{"routing":"auto"}')).status).toBe(200);
    for (const c of [visitor.client, a.client, b.client]) await c.close();
  });
});
