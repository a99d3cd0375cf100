import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../server/security/password';
import { createAgent } from '../../server/store/agents';
import { TestClient, statusTo } from '../support/client';
import { signIn, startTestPonte, type TestPonte } from '../support/ponte';

/**
 * An agent who lets go of a chat without a transfer (their console gone past the grace period, or
 * deactivated by an admin): the visitor's transcript gets a status line that says so, with a code
 * and the agent's name, and the next agent reads why in the same transcript.
 */

let ponte: TestPonte;
let admin: string;
beforeAll(async () => {
  ponte = await startTestPonte({ presenceGraceMs: 200 });
  const at = new Date();
  for (const [email, name] of [['ana@example.com', 'Ana'], ['bea@example.com', 'Bea']] as const) {
    await createAgent(ponte.db, { email, name, passwordHash: await hashPassword(`${name}-password`, 1024), role: 'agent' }, at);
  }
  admin = await signIn(ponte.url);
});
afterAll(async () => {
  await ponte.stop();
});

/** A visitor in a live chat with Ana; Bea is signed in too, away so nothing is offered to her. */
async function liveWithAna() {
  const ana = await TestClient.agent(ponte.url, await signIn(ponte.url, 'ana@example.com', 'Ana-password'));
  const bea = await TestClient.agent(ponte.url, await signIn(ponte.url, 'bea@example.com', 'Bea-password'));
  bea.client.send({ type: 'agent.status', status: 'away' });
  await bea.client.barrier();
  const { client: visitor } = await TestClient.visitor(ponte.url);
  visitor.send({ type: 'handoff.request' });
  const conversationId = (await visitor.next(statusTo('queued'))).message.conversationId;
  ana.client.send({ type: 'conversation.accept', conversationId });
  await visitor.next(statusTo('live'));
  return { ana, bea, visitor, conversationId };
}

describe('an agent who leaves without a word', () => {
  it('tells the visitor who stepped away, and the next agent why the chat is back', async () => {
    const { ana, bea, visitor, conversationId } = await liveWithAna();
    await ana.client.close();

    const back = await visitor.next(statusTo('queued'), 3000);
    expect(back.message.event).toEqual({
      kind: 'status',
      from: 'live',
      to: 'queued',
      reason: 'Ana went offline; back in the queue, at the front',
      code: 'agent_offline',
    });
    expect(back.message.authorName).toBe('Ana');

    bea.client.send({ type: 'conversation.open', conversationId });
    const detail = await bea.client.waitFor('conversation.detail', (f) => f.conversation.id === conversationId);
    const line = detail.messages.find((m) => m.event?.code === 'agent_offline');
    expect(line?.event?.reason).toBe('Ana went offline; back in the queue, at the front');
    expect(line?.seq).toBe(back.message.seq);

    bea.client.send({ type: 'conversation.accept', conversationId });
    const live = await visitor.next(statusTo('live'));
    expect(live.message.authorName).toBe('Bea');
    for (const c of [visitor, bea.client]) await c.close();
  });

  it('says the same when an admin deactivates the agent mid-chat', async () => {
    const { ana, bea, visitor, conversationId } = await liveWithAna();
    const res = await fetch(`${ponte.url}/api/agents/${ana.welcome.agent.id}`, {
      method: 'PATCH',
      headers: { cookie: admin, 'content-type': 'application/json' },
      body: JSON.stringify({ active: false }),
    });
    expect(res.status).toBe(200);
    await ana.client.waitClose();

    const back = await visitor.next(statusTo('queued'), 3000);
    expect(back.message.conversationId).toBe(conversationId);
    expect(back.message.event?.code).toBe('agent_offline');
    expect(back.message.event?.reason).toBe('Ana went offline; back in the queue, at the front');
    expect(back.message.authorName).toBe('Ana');
    for (const c of [visitor, bea.client]) await c.close();
  });
});
