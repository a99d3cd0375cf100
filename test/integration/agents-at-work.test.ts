import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/security/password';
import { createAgent } from '../../server/store/agents';
import { TestClient, type Frame, isType, messageFrom, statusTo, isVisitorWelcome } from '../support/client';
import { signIn, startTestPonte, type TestPonte } from '../support/ponte';

let ponte: TestPonte;
let beaId: string;
beforeAll(async () => {
  ponte = await startTestPonte();
  beaId = (await createAgent(ponte.db, { email: 'bea@example.com', name: 'Bea <b>', passwordHash: await hashPassword('bea-password', 1024), role: 'agent' }, new Date())).id;
});
afterAll(async () => {
  await ponte.stop();
});

/** A visitor with a live chat owned by the admin. */
async function liveChat() {
  const admin = await TestClient.agent(ponte.url, await signIn(ponte.url));
  const { client: visitor } = await TestClient.visitor(ponte.url);
  visitor.send({ type: 'message.send', clientMsgId: 'v1', text: 'hello, I need help with order 77' });
  await visitor.next(messageFrom('bot'));
  visitor.send({ type: 'handoff.request' });
  const queued = await visitor.next(statusTo('queued'));
  const conversationId = queued.message.conversationId;
  admin.client.send({ type: 'conversation.accept', conversationId });
  await visitor.next(statusTo('live'));
  admin.client.send({ type: 'conversation.open', conversationId });
  const detail = await admin.client.next(isType('conversation.detail'));
  return { admin, visitor, conversationId, detail };
}

describe('agents at work', () => {
  it('keeps internal notes from the visitor, idempotently', async () => {
    const { admin, visitor, conversationId } = await liveChat();
    const note = { type: 'note.add', conversationId, clientMsgId: 'n1', text: 'VIP <script>alert(1)</script> customer' };
    admin.client.send(note);
    admin.client.send(note);
    const first = await admin.client.next(isType('note.new'));
    const second = await admin.client.next(isType('note.new'));
    expect(first.note.id).toBe(second.note.id);
    expect(first.note.text).toBe('VIP <script>alert(1)</script> customer');
    await visitor.barrier();
    expect(visitor.frames.some((f) => JSON.stringify(f).includes('VIP'))).toBe(false);
    admin.client.send({ type: 'conversation.open', conversationId });
    const detail = await admin.client.next(isType('conversation.detail'));
    expect(detail.notes).toHaveLength(1);
    visitor.send({ type: 'note.add', conversationId, clientMsgId: 'n2', text: 'sneaky' });
    expect((await visitor.next(isType('error'))).code).toBe('forbidden');
    await Promise.all([admin.client.close(), visitor.close()]);
  });

  it('transfers a live chat to another agent, with the note kept internal', async () => {
    const { admin, visitor, conversationId } = await liveChat();
    const bea = await TestClient.agent(ponte.url, await signIn(ponte.url, 'bea@example.com', 'bea-password'));
    const adminId = admin.welcome.agent.id;
    bea.client.send({ type: 'conversation.transfer', conversationId, toAgentId: adminId });
    expect((await bea.client.next(isType('error'))).code).toBe('forbidden');
    admin.client.send({ type: 'conversation.transfer', conversationId, toAgentId: adminId });
    expect((await admin.client.next(isType('error'))).code).toBe('invalid_frame');
    admin.client.send({ type: 'conversation.transfer', conversationId, toAgentId: 'nobody' });
    expect((await admin.client.next(isType('error'))).code).toBe('not_found');

    admin.client.send({ type: 'conversation.transfer', conversationId, toAgentId: beaId, note: 'wants a refund, be gentle' });
    const event = await visitor.waitFor('message.new', (f) => statusTo('live')(f) && f.message.event?.code === 'transfer');
    expect(event.message.authorName).toBe('Bea <b>');
    expect(JSON.stringify(event)).not.toContain('refund');
    const updated = await bea.client.waitFor('conversation.updated', (f) => f.conversation.assignedAgentId === beaId);
    expect(updated.conversation.status).toBe('live');

    bea.client.send({ type: 'message.send', conversationId, clientMsgId: 'b1', text: 'Hi, Bea here' });
    expect((await visitor.next(messageFrom('agent'))).message.text).toBe('Hi, Bea here');
    admin.client.send({ type: 'message.send', conversationId, clientMsgId: 'a1', text: 'still me?' });
    expect((await admin.client.next(isType('error'))).code).toBe('forbidden');
    bea.client.send({ type: 'conversation.open', conversationId });
    const detail = await bea.client.next(isType('conversation.detail'));
    expect(detail.notes.map((n) => n.text)).toEqual(['Transfer note for Bea <b>: wants a refund, be gentle']);
    await visitor.barrier();
    expect(visitor.frames.some((f) => JSON.stringify(f).includes('refund'))).toBe(false);
    await Promise.all([admin.client.close(), bea.client.close(), visitor.close()]);
  });

  it('carries typing and read receipts both ways, only for the owner', async () => {
    const { admin, visitor, conversationId } = await liveChat();
    visitor.send({ type: 'typing', typing: true });
    const typing = await admin.client.next(isType('typing'));
    expect(typing).toMatchObject({ conversationId, from: 'visitor', typing: true });
    admin.client.send({ type: 'typing', conversationId, typing: true });
    expect(await visitor.next(isType('typing'))).toMatchObject({ from: 'agent', name: 'Admin', typing: true });
    admin.client.send({ type: 'conversation.read', conversationId, seq: 5 });
    expect(await visitor.next(isType('conversation.read'))).toMatchObject({ by: 'agent', seq: 5 });
    visitor.send({ type: 'conversation.read', seq: 6 });
    expect(await admin.client.next(isType('conversation.read'))).toMatchObject({ by: 'visitor', seq: 6 });

    const bea = await TestClient.agent(ponte.url, await signIn(ponte.url, 'bea@example.com', 'bea-password'));
    bea.client.send({ type: 'typing', conversationId, typing: true });
    expect((await bea.client.next(isType('error'))).code).toBe('forbidden');
    await Promise.all([admin.client.close(), bea.client.close(), visitor.close()]);
  });

  it('gives the agent the visitor context: page, language, time zone, device, past conversations', async () => {
    const { client } = await TestClient.connect(ponte.url, { 'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1' }).then(async (c) => {
      c.send({
        type: 'hello',
        v: 1,
        role: 'visitor',
        siteKey: 'demo',
        hostOrigin: 'http://shop.test',
        locale: 'pt-BR',
        timeZone: 'America/Sao_Paulo',
        page: { url: 'http://shop.test/shipping.html', title: 'Shipping' },
      });
      await c.next(isVisitorWelcome);
      return { client: c };
    });
    client.send({ type: 'handoff.request' });
    const queued = await client.next(statusTo('queued'));
    const conversationId = queued.message.conversationId;
    const admin = await TestClient.agent(ponte.url, await signIn(ponte.url));
    admin.client.send({ type: 'conversation.open', conversationId });
    const detail: Frame = await admin.client.next(isType('conversation.detail'));
    expect(detail.context).toMatchObject({
      locale: 'pt-BR',
      timeZone: 'America/Sao_Paulo',
      page: { url: 'http://shop.test/shipping.html', title: 'Shipping' },
    });
    expect(detail.context.userAgent).toContain('iPhone');
    expect(Array.isArray(detail.context.past)).toBe(true);
    await Promise.all([client.close(), admin.client.close()]);
  });
});

describe('sessions end everywhere at once', () => {
  it('closes a deactivated agent’s open console on their next action', async () => {
    const cookie = await signIn(ponte.url, 'bea@example.com', 'bea-password');
    const bea = await TestClient.agent(ponte.url, cookie);
    const adminCookie = await signIn(ponte.url);
    const res = await fetch(`${ponte.url}/api/agents/${beaId}`, {
      method: 'PATCH',
      headers: { cookie: adminCookie, 'content-type': 'application/json' },
      body: JSON.stringify({ active: false }),
    });
    expect(res.status).toBe(200);
    bea.client.send({ type: 'agent.status', status: 'away' });
    expect((await bea.client.next(isType('error'))).code).toBe('unauthorized');
    expect(await bea.client.waitClose()).toBe(4401);
    const row = await ponte.db.selectFrom('agents').select('status').where('id', '=', beaId).executeTakeFirstOrThrow();
    expect(row.status).toBe('online');
  });
});
