import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../protocol/codes';
import { TestClient, isType, messageFrom } from '../support/client';
import { signIn, startTestPonte, type TestPonte } from '../support/ponte';

let ponte: TestPonte;
beforeAll(async () => {
  ponte = await startTestPonte();
});
afterAll(async () => {
  await ponte.stop();
});

async function messageCount(): Promise<number> {
  const row = await ponte.db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A visitor that is mid-conversation, to prove bad input elsewhere never disturbs them. */
async function bystander() {
  const { client } = await TestClient.visitor(ponte.url);
  return {
    client,
    async stillServed(id: string) {
      client.send({ type: 'message.send', clientMsgId: id, text: 'hello' });
      const ack = await client.waitFor('message.ack', (f) => f.clientMsgId === id);
      expect(typeof ack.seq).toBe('number');
    },
  };
}

describe('bad input over the socket gets a clear error and changes nothing', () => {
  it('answers malformed JSON, unknown types and invalid frames with error codes and keeps the connection', async () => {
    const other = await bystander();
    const { client } = await TestClient.visitor(ponte.url);
    const before = await messageCount();

    client.send('{not json');
    expect((await client.next(isType('error'))).code).toBe('invalid_json');
    client.send({ type: 'message.delete', id: 'x' });
    const unknown = await client.next(isType('error'));
    expect(unknown.code).toBe('unknown_type');
    client.send({ type: 'message.send', clientMsgId: 'c-1' });
    const invalid = await client.next(isType('error'));
    expect(invalid.code).toBe('invalid_frame');
    expect(invalid.ref).toBe('c-1');
    expect(invalid.message).toMatch(/text/);
    client.send({ type: 'message.send', clientMsgId: 'c-2', text: 'x'.repeat(4001) });
    expect((await client.next(isType('error'))).code).toBe('invalid_frame');
    client.send({ type: 'message.send', clientMsgId: 'c-3', text: '   ' });
    expect((await client.next(isType('error'))).code).toBe('invalid_frame');
    client.send({ type: 'hello', v: PROTOCOL_VERSION, role: 'agent' });
    expect((await client.next(isType('error'))).code).toBe('already_greeted');
    client.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect((await client.next(isType('error'))).code).toBe('invalid_frame');

    expect(client.ws.readyState).toBe(WebSocket.OPEN);
    expect(await messageCount()).toBe(before);
    await other.stillServed('b-1');
    await Promise.all([client.close(), other.client.close()]);
  });

  it('closes an oversized frame with 1009 while other visitors keep chatting', async () => {
    const other = await bystander();
    const { client } = await TestClient.visitor(ponte.url);
    client.send({ type: 'message.send', clientMsgId: 'big', text: 'x'.repeat(200_000) });
    expect(await client.waitClose()).toBe(1009);
    await other.stillServed('b-2');
    await other.client.close();
  });

  it('requires hello first', async () => {
    const client = await TestClient.connect(ponte.url);
    client.send({ type: 'message.send', clientMsgId: 'x', text: 'hi' });
    expect((await client.next(isType('error'))).code).toBe('hello_required');
    await client.close();
  });

  it('refuses a wrong visitor token with 4401 and a protocol from the future with 4426', async () => {
    const wrong = await TestClient.visitorHello(ponte.url, { token: 'not-a-real-token' });
    expect(wrong.welcome).toMatchObject({ type: 'error', code: 'unauthorized' });
    expect(await wrong.client.waitClose()).toBe(4401);

    const client = await TestClient.connect(ponte.url);
    client.send({ type: 'hello', v: 99, role: 'visitor', siteKey: 'demo', hostOrigin: 'http://shop.test', locale: 'en' });
    expect((await client.next(isType('error'))).code).toBe('unsupported_version');
    expect(await client.waitClose()).toBe(4426);
  });

  it('refuses a page origin the site does not allow, and an unknown site', async () => {
    const evil = await TestClient.visitorHello(ponte.url, { hostOrigin: 'https://evil.example' });
    expect(evil.welcome).toMatchObject({ type: 'error', code: 'origin_not_allowed' });
    expect(await evil.client.waitClose()).toBe(4403);
    const unknown = await TestClient.visitorHello(ponte.url, { siteKey: 'nope' });
    expect(unknown.welcome).toMatchObject({ type: 'error', code: 'unknown_site' });
  });

  it('refuses a WebSocket upgrade from a foreign browser origin', async () => {
    const ws = new WebSocket(`${ponte.url.replace('http', 'ws')}/ws`, { headers: { origin: 'https://evil.example' } });
    const status = await new Promise<number | undefined>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode));
      ws.on('open', () => resolve(undefined));
      ws.on('error', () => undefined);
    });
    expect(status).toBe(403);
  });

  it('does not let a visitor write into, or act on, a conversation that is not theirs', async () => {
    const owner = await TestClient.visitor(ponte.url);
    owner.client.send({ type: 'message.send', clientMsgId: 'o-1', text: 'my private question' });
    const ack = await owner.client.next(isType('message.ack'));
    const intruder = await TestClient.visitor(ponte.url);
    const before = await messageCount();

    intruder.client.send({ type: 'message.send', conversationId: ack.conversationId, clientMsgId: 'i-1', text: 'hi' });
    expect((await intruder.client.next(isType('error'))).code).toBe('forbidden');
    intruder.client.send({ type: 'conversation.open', conversationId: ack.conversationId });
    expect((await intruder.client.next(isType('error'))).code).toBe('forbidden');
    intruder.client.send({ type: 'conversation.accept', conversationId: ack.conversationId });
    expect((await intruder.client.next(isType('error'))).code).toBe('forbidden');

    expect(await messageCount()).toBe(before);
    expect(intruder.client.frames.some((f) => f.type === 'message.new')).toBe(false);
    await Promise.all([owner.client.close(), intruder.client.close()]);
  });

  it('stores a resent clientMsgId once, and refuses it with different text', async () => {
    const { client } = await TestClient.visitor(ponte.url);
    client.send({ type: 'message.send', clientMsgId: 'dup', text: 'hours?' });
    const first = await client.next(isType('message.ack'));
    await client.next(messageFrom('bot'));
    client.send({ type: 'message.send', clientMsgId: 'dup', text: 'hours?' });
    const second = await client.next(isType('message.ack'));
    expect(second.id).toBe(first.id);
    expect(second.seq).toBe(first.seq);
    client.send({ type: 'message.send', clientMsgId: 'dup', text: 'something else' });
    expect((await client.next(isType('error'))).code).toBe('conflict');
    const rows = await ponte.db.selectFrom('messages').select('id').where('client_msg_id', '=', 'dup').execute();
    expect(rows).toHaveLength(1);
    await client.close();
  });

  it('keeps agent actions behind sign-in and assignment', async () => {
    const anonymous = await TestClient.agentHello(ponte.url, '');
    expect(anonymous.welcome).toMatchObject({ type: 'error', code: 'unauthorized' });
    expect(await anonymous.client.waitClose()).toBe(4401);

    const { client: visitor } = await TestClient.visitor(ponte.url);
    visitor.send({ type: 'message.send', clientMsgId: 'q', text: 'hello there' });
    const ack = await visitor.next(isType('message.ack'));
    const agent = await TestClient.agent(ponte.url, await signIn(ponte.url));
    agent.client.send({ type: 'message.send', conversationId: ack.conversationId, clientMsgId: 'a', text: 'sneaky' });
    expect((await agent.client.next(isType('error'))).code).toBe('forbidden');
    agent.client.send({ type: 'message.send', clientMsgId: 'a2', text: 'no conversation' });
    expect((await agent.client.next(isType('error'))).code).toBe('invalid_frame');
    agent.client.send({ type: 'conversation.close', conversationId: ack.conversationId });
    expect((await agent.client.next(isType('error'))).code).toBe('invalid_state');
    agent.client.send({ type: 'conversation.open', conversationId: 'does-not-exist' });
    expect((await agent.client.next(isType('error'))).code).toBe('not_found');
    await Promise.all([visitor.close(), agent.client.close()]);
  });
});

describe('HTTP boundary', () => {
  const login = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${ponte.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('answers sign-in mistakes with clear codes and no cookie', async () => {
    const wrong = await login(JSON.stringify({ email: 'admin@example.com', password: 'nope' }));
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
    expect(wrong.headers.get('set-cookie')).toBeNull();

    const empty = await login(JSON.stringify({ email: '', password: 'x' }));
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: { message: string } }).error.message).toMatch(/email/i);

    const broken = await login('{"email":');
    expect(broken.status).toBe(400);
    expect(((await broken.json()) as { error: { code: string } }).error.code).toBe('invalid_json');

    const crossSite = await login(JSON.stringify({ email: 'admin@example.com', password: 'x' }), { origin: 'https://evil.example' });
    expect(crossSite.status).toBe(403);
  });

  it('signs in with an httpOnly SameSite cookie, and signs out', async () => {
    const ok = await fetch(`${ponte.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ADMIN@example.com', password: 'test-admin-password' }),
    });
    expect(ok.status).toBe(200);
    const setCookie = ok.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const cookie = setCookie.split(';')[0] ?? '';
    expect((await fetch(`${ponte.url}/api/auth/me`, { headers: { cookie } })).status).toBe(200);
    expect((await fetch(`${ponte.url}/api/auth/logout`, { method: 'POST', headers: { cookie } })).status).toBe(204);
    expect((await fetch(`${ponte.url}/api/auth/me`, { headers: { cookie } })).status).toBe(401);
  });

  it('serves health, and refuses a visitor token as an agent session', async () => {
    expect(await (await fetch(`${ponte.url}/healthz`)).json()).toEqual({ ok: true });
    const { client, welcome } = await TestClient.visitor(ponte.url);
    const res = await fetch(`${ponte.url}/api/auth/me`, { headers: { cookie: `ponte_session=${String(welcome.token)}` } });
    expect(res.status).toBe(401);
    await client.close();
  });
});
