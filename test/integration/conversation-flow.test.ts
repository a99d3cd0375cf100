import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient, isType, messageFrom, statusTo } from '../support/client';
import { hashPassword } from '../../server/security/password';
import { createAgent } from '../../server/store/agents';
import { DEMO_KB, demoAnswer } from '../support/demo-kb';
import { signIn, startTestPonte, type TestPonte } from '../support/ponte';

let ponte: TestPonte;
beforeAll(async () => {
  ponte = await startTestPonte();
});
afterAll(async () => {
  await ponte.stop();
});

describe('visitor ⇄ bot ⇄ agent over real WebSockets', () => {
  it('issues a token on the first hello and greets in the visitor locale', async () => {
    const { client, welcome } = await TestClient.visitor(ponte.url, { locale: 'pt-BR' });
    expect(welcome.type).toBe('welcome');
    expect(typeof welcome.token).toBe('string');
    expect(welcome.site).toEqual({ key: 'demo', name: 'Lumen & Co.', greeting: DEMO_KB.greeting['pt-BR'], locale: 'pt-BR' });
    expect(welcome.conversation).toBeNull();
    await client.close();
  });

  it('acknowledges a visitor message with its seq and the bot answers from the knowledge base', async () => {
    const { client } = await TestClient.visitor(ponte.url);
    client.send({ type: 'message.send', clientMsgId: 'm-1', text: 'what are your opening hours?' });
    const ack = await client.next(isType('message.ack'));
    expect(ack.clientMsgId).toBe('m-1');
    expect(ack.seq).toBe(2); // 1 is the "conversation started" event
    const reply = await client.next(messageFrom('bot'));
    const message = reply.message;
    expect(message.seq).toBe(3);
    expect(message).toMatchObject({ author: 'bot', text: demoAnswer('opening-hours', 'en'), askFeedback: true });
    await client.close();
  });

  it('walks the whole path: bot, queue, agent accepts and replies, visitor answers, agent closes', async () => {
    const { client: visitor, welcome } = await TestClient.visitor(ponte.url);
    const cookie = await signIn(ponte.url);
    const { client: agent, welcome: agentWelcome } = await TestClient.agent(ponte.url, cookie);
    expect(agentWelcome.type).toBe('welcome');

    visitor.send({ type: 'message.send', clientMsgId: 'v-1', text: 'what are your opening hours?' });
    await visitor.next(messageFrom('bot'));
    visitor.send({ type: 'message.send', clientMsgId: 'v-2', text: 'I want to talk to a human' });
    await visitor.next(statusTo('queued'));

    const queued = await agent.waitFor('conversation.updated', (f) => f.conversation.status === 'queued');
    const conversationId = queued.conversation.id;
    expect(queued.conversation.contactId).toBe(welcome.contactId);

    agent.send({ type: 'conversation.open', conversationId });
    const detail = await agent.next(isType('conversation.detail'));
    const transcript = detail.messages;
    expect(transcript.map((m) => m.author)).toEqual(['system', 'visitor', 'bot', 'visitor', 'bot', 'system']);
    expect(transcript.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(transcript[5]?.event?.reason).toMatch(/asked for a person/);

    agent.send({ type: 'conversation.accept', conversationId });
    const joined = await visitor.next(statusTo('live'));
    expect(joined.message.event?.reason).toMatch(/Admin accepted/);
    expect(joined.message.authorName).toBe('Admin');

    agent.send({ type: 'message.send', conversationId, clientMsgId: 'a-1', text: 'Hi, I am Admin. How can I help?' });
    expect((await agent.next(isType('message.ack'))).seq).toBe(8);
    const fromAgent = await visitor.next(messageFrom('agent'));
    expect(fromAgent.message.text).toBe('Hi, I am Admin. How can I help?');

    visitor.send({ type: 'message.send', clientMsgId: 'v-3', text: 'Where is my order 1234?' });
    const atAgent = await agent.waitFor('message.new', (f) => messageFrom('visitor')(f) && f.message.seq === 9);
    expect(atAgent.message.text).toBe('Where is my order 1234?');
    // No bot reply while a person owns the chat (the barrier waits until v-3 was fully handled).
    await visitor.barrier();
    expect(visitor.frames.some((f) => messageFrom('bot')(f) && f.message.seq > 8)).toBe(false);

    agent.send({ type: 'conversation.close', conversationId });
    const closed = await visitor.next(statusTo('closed'));
    expect(closed.message.event?.reason).toMatch(/Closed by Admin/);

    // The visitor comes back (reload): same contact, whole conversation.
    await visitor.close();
    const again = await TestClient.visitor(ponte.url, { token: welcome.token });
    expect(again.welcome.contactId).toBe(welcome.contactId);
    expect(again.welcome.messages.length).toBe(10);
    expect(again.welcome.conversation?.status).toBe('closed');

    // Writing again reopens the same conversation with the bot.
    again.client.send({ type: 'message.send', clientMsgId: 'v-4', text: 'thanks!' });
    await again.client.next(statusTo('bot'));
    await again.client.next(messageFrom('bot'));
    await again.client.close();
    await agent.close();
  });

  it('lets exactly one of two agents win a simultaneous accept', async () => {
    const { client: visitor } = await TestClient.visitor(ponte.url);
    visitor.send({ type: 'handoff.request' });
    const queuedLine = await visitor.next(statusTo('queued'));
    await createAgent(
      ponte.db,
      { email: 'bea@example.com', name: 'Bea', passwordHash: await hashPassword('bea-password', 1024), role: 'agent' },
      new Date(),
    );
    const cookieA = await signIn(ponte.url);
    const cookieB = await signIn(ponte.url, 'bea@example.com', 'bea-password');
    const a = await TestClient.agent(ponte.url, cookieA);
    const b = await TestClient.agent(ponte.url, cookieB);
    const conversationId = a.welcome.conversations.find((c) => c.status === 'queued')?.id;
    expect(conversationId).toBe(queuedLine.message.conversationId);
    a.client.send({ type: 'conversation.accept', conversationId });
    b.client.send({ type: 'conversation.accept', conversationId });
    const outcome = await Promise.race([
      a.client.next(isType('error')).then(() => 'a lost'),
      b.client.next(isType('error')).then(() => 'b lost'),
    ]);
    expect(['a lost', 'b lost']).toContain(outcome);
    await a.client.barrier();
    await b.client.barrier();
    await visitor.next(statusTo('live'));
    await visitor.barrier();
    expect(visitor.frames.filter(statusTo('live'))).toHaveLength(0);
    expect([...a.client.frames, ...b.client.frames].filter(isType('error'))).toHaveLength(0);
    await Promise.all([visitor.close(), a.client.close(), b.client.close()]);
  });
});
