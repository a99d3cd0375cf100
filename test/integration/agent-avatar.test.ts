import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../protocol/frames';
import { hashPassword } from '../../server/security/password';
import { createAgent } from '../../server/store/agents';
import { TestClient, isType, statusTo } from '../support/client';
import { signIn, startTestPonte, type TestPonte } from '../support/ponte';

/** A 1×1 PNG; `variant` appends bytes after its end, so the same picture gets another file (hash). */
const png = (variant = 0) =>
  Buffer.concat([
    Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64'),
    Buffer.alloc(variant),
  ]);

let ponte: TestPonte;
beforeAll(async () => {
  ponte = await startTestPonte();
  await createAgent(ponte.db, { email: 'bea@example.com', name: 'Bea', passwordHash: await hashPassword('bea-password', 1024), role: 'agent' }, new Date());
});
afterAll(async () => {
  await ponte.stop();
});

async function putAvatar(cookie: string, body: Buffer): Promise<string> {
  const res = await fetch(`${ponte.url}/api/me/avatar`, { method: 'PUT', headers: { cookie, 'content-type': 'image/png' }, body: new Blob([new Uint8Array(body)]) });
  expect(res.status).toBe(200);
  const { avatar } = (await res.json()) as { avatar: string };
  expect(avatar).toMatch(/^\/avatars\/[0-9a-f]{64}\.png$/);
  return avatar;
}

/** A visitor asks for a person and this agent takes the chat; both sockets, and the visitor's token. */
async function liveChat(cookie: string) {
  const visitor = await TestClient.visitor(ponte.url);
  visitor.client.send({ type: 'handoff.request' });
  const queued = await visitor.client.next(statusTo('queued'));
  const conversationId = queued.message.conversationId;
  const agent = await TestClient.agent(ponte.url, cookie);
  agent.client.send({ type: 'conversation.accept', conversationId });
  const joined = await visitor.client.next(statusTo('live'));
  return { visitor: visitor.client, token: visitor.welcome.token, agent: agent.client, conversationId, joined: joined.message };
}

async function say(agent: TestClient, visitor: TestClient, conversationId: string, clientMsgId: string): Promise<Message> {
  agent.send({ type: 'message.send', conversationId, clientMsgId, text: `reply ${clientMsgId}` });
  await agent.next(isType('message.ack'));
  return (await visitor.waitFor('message.new', (f) => f.message.author === 'agent' && f.message.clientMsgId === clientMsgId)).message;
}

describe("the agent's avatar beside their messages", () => {
  it('goes with each agent message as it was when written: live, in the history on reconnect, and not rewritten by a later change', async () => {
    const cookie = await signIn(ponte.url);
    const first = await putAvatar(cookie, png());
    const chat = await liveChat(cookie);
    // The "Admin joined the chat" line carries it too.
    expect(chat.joined.authorAvatar).toBe(first);

    const before = await say(chat.agent, chat.visitor, chat.conversationId, 'a-1');
    expect(before).toMatchObject({ author: 'agent', authorName: 'Admin', authorAvatar: first });
    const image = await fetch(`${ponte.url}${first}`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');

    // A new picture: the console's sockets are told to reconnect (close 4100), and do, with it.
    const second = await putAvatar(cookie, png(1));
    expect(second).not.toBe(first);
    expect(await chat.agent.waitClose()).toBe(4100);
    const agent = (await TestClient.agent(ponte.url, cookie)).client;
    expect((await say(agent, chat.visitor, chat.conversationId, 'a-2')).authorAvatar).toBe(second);

    // Removed: the next message has none.
    const removed = await fetch(`${ponte.url}/api/me/avatar`, { method: 'DELETE', headers: { cookie } });
    expect(removed.status).toBe(200);
    expect(await agent.waitClose()).toBe(4100);
    const again = (await TestClient.agent(ponte.url, cookie)).client;
    expect('authorAvatar' in (await say(again, chat.visitor, chat.conversationId, 'a-3'))).toBe(false);

    // The visitor comes back: each message still shows the picture it was written with.
    await chat.visitor.close();
    const back = await TestClient.visitor(ponte.url, { token: chat.token });
    const avatars = Object.fromEntries(
      back.welcome.messages.filter((m) => m.author === 'agent').map((m) => [m.clientMsgId, m.authorAvatar ?? null]),
    );
    expect(avatars).toEqual({ 'a-1': first, 'a-2': second, 'a-3': null });
    await Promise.all([back.client.close(), again.close()]);
  });

  it('is absent for an agent who never set one, and never on visitor or bot messages', async () => {
    const cookie = await signIn(ponte.url, 'bea@example.com', 'bea-password');
    const chat = await liveChat(cookie);
    expect('authorAvatar' in chat.joined).toBe(false);
    const message = await say(chat.agent, chat.visitor, chat.conversationId, 'b-1');
    expect(message.authorName).toBe('Bea');
    expect('authorAvatar' in message).toBe(false);
    await chat.visitor.close();
    const back = await TestClient.visitor(ponte.url, { token: chat.token });
    expect(back.welcome.messages.length).toBeGreaterThan(2);
    expect(back.welcome.messages.filter((m) => 'authorAvatar' in m)).toEqual([]);
    await Promise.all([back.client.close(), chat.agent.close()]);
  });
});
