import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../protocol/codes';
import { TestClient, isType, messageFrom, statusTo, isVisitorWelcome } from '../support/client';
import { signIn, startTestPonte, type TestPonte } from '../support/ponte';
import { SseClient } from '../support/sse-client';

let ponte: TestPonte;
beforeAll(async () => {
  ponte = await startTestPonte();
});
afterAll(async () => {
  await ponte.stop();
});

const seqs = (frame: { messages: ReadonlyArray<{ seq: number }> }) => frame.messages.map((m) => m.seq);

const hello = (extra: Record<string, unknown> = {}) => ({
  type: 'hello',
  v: PROTOCOL_VERSION,
  role: 'visitor',
  siteKey: 'demo',
  hostOrigin: 'http://shop.test',
  locale: 'en',
  ...extra,
});

describe('resume from the last seq', () => {
  it('replays exactly what a visitor missed, then goes live', async () => {
    const first = await TestClient.visitor(ponte.url);
    const token = first.welcome.token;
    first.client.send({ type: 'message.send', clientMsgId: 'r-1', text: 'what are your opening hours?' });
    const ack = await first.client.next(isType('message.ack'));
    await first.client.next(messageFrom('bot'));
    const conversationId = ack.conversationId;
    await first.client.close();

    // While the visitor is away, a second tab of theirs writes and the bot answers.
    const other = await TestClient.visitor(ponte.url, { token });
    other.client.send({ type: 'message.send', clientMsgId: 'r-2', text: 'thanks' });
    await other.client.next(messageFrom('bot'));

    const back = await TestClient.connect(ponte.url);
    back.send(hello({ token, conversationId, lastSeq: 3 }));
    const welcome = await back.next(isVisitorWelcome);
    expect(welcome.resumed).toBe(true);
    expect(seqs(welcome)).toEqual([4, 5]);

    // Both tabs see what happens next, once.
    back.send({ type: 'message.send', clientMsgId: 'r-3', text: 'bye' });
    const inOther = await other.client.waitFor('message.new', (f) => messageFrom('visitor')(f) && f.message.text === 'bye');
    const inBack = await back.waitFor('message.new', (f) => messageFrom('visitor')(f) && f.message.text === 'bye');
    expect(inOther.message.seq).toBe(6);
    expect(inBack.message.id).toBe(inOther.message.id);
    await Promise.all([back.close(), other.client.close()]);
  });

  it('answers a seq from the future with invalid_seq and the whole transcript, changing nothing', async () => {
    const first = await TestClient.visitor(ponte.url);
    first.client.send({ type: 'message.send', clientMsgId: 'f-1', text: 'hello' });
    const ack = await first.client.next(isType('message.ack'));
    await first.client.next(messageFrom('bot'));
    await first.client.close();
    const client = await TestClient.connect(ponte.url);
    client.send(hello({ token: first.welcome.token, conversationId: ack.conversationId, lastSeq: 999 }));
    expect((await client.next(isType('error'))).code).toBe('invalid_seq');
    const welcome = await client.next(isVisitorWelcome);
    expect(welcome.resumed).toBe(false);
    expect(seqs(welcome)).toEqual([1, 2, 3]);
    await client.close();
  });

  it('resumes an agent on several conversations with afterSeq', async () => {
    const a = await TestClient.visitor(ponte.url);
    const b = await TestClient.visitor(ponte.url);
    a.client.send({ type: 'message.send', clientMsgId: 'a', text: 'hi' });
    b.client.send({ type: 'message.send', clientMsgId: 'b', text: 'hi' });
    const idA = (await a.client.next(isType('message.ack'))).conversationId;
    const idB = (await b.client.next(isType('message.ack'))).conversationId;
    await a.client.next(messageFrom('bot'));
    await b.client.next(messageFrom('bot'));
    const agent = await TestClient.agent(ponte.url, await signIn(ponte.url));
    agent.client.send({ type: 'conversation.open', conversationId: idA, afterSeq: 2 });
    agent.client.send({ type: 'conversation.open', conversationId: idB, afterSeq: 0 });
    const detailA = await agent.client.waitFor('conversation.detail', (f) => f.conversation.id === idA);
    const detailB = await agent.client.waitFor('conversation.detail', (f) => f.conversation.id === idB);
    expect(detailA.resumed).toBe(true);
    expect(seqs(detailA)).toEqual([3]);
    expect(seqs(detailB)).toEqual([1, 2, 3]);
    agent.client.send({ type: 'conversation.open', conversationId: idA, afterSeq: 50 });
    expect((await agent.client.next(isType('error'))).code).toBe('invalid_seq');
    await Promise.all([a.client.close(), b.client.close(), agent.client.close()]);
  });
});

describe('SSE + POST fallback transport', () => {
  it('carries the same frames: welcome, ack, bot reply, errors', async () => {
    const sse = await SseClient.open(ponte.url, hello());
    const welcome = await sse.next(isVisitorWelcome);
    expect(typeof welcome.token).toBe('string');

    expect((await sse.post({ type: 'message.send', clientMsgId: 's-1', text: 'what are your opening hours?' })).status).toBe(202);
    const ack = await sse.next(isType('message.ack'));
    expect(ack.seq).toBe(2);
    await sse.next(messageFrom('bot'));

    await sse.post('{oops');
    expect((await sse.next(isType('error'))).code).toBe('invalid_json');
    sse.close();
  });

  it('hands off and reaches an agent on WebSocket, and resumes a WebSocket conversation', async () => {
    const sse = await SseClient.open(ponte.url, hello());
    const welcome = await sse.next(isVisitorWelcome);
    await sse.post({ type: 'handoff.request' });
    await sse.next(statusTo('queued'));
    const agent = await TestClient.agent(ponte.url, await signIn(ponte.url));
    const queued = agent.welcome.conversations.find(
      (c) => c.contactId === welcome.contactId,
    );
    expect(queued).toMatchObject({ contactId: welcome.contactId, status: 'queued' });
    agent.client.send({ type: 'conversation.accept', conversationId: queued?.id });
    await sse.next(statusTo('live'));
    agent.client.send({ type: 'message.send', conversationId: queued?.id, clientMsgId: 'x', text: 'hello from a person' });
    const got = await sse.next(messageFrom('agent'));
    expect(got.message.text).toBe('hello from a person');
    sse.close();

    // Back on WebSocket with the resume cursor from the SSE session.
    const ws = await TestClient.connect(ponte.url);
    ws.send(hello({ token: welcome.token, conversationId: queued?.id, lastSeq: got.message.seq }));
    const resumed = await ws.next(isVisitorWelcome);
    expect(resumed.resumed).toBe(true);
    expect(resumed.messages).toEqual([]);
    await Promise.all([ws.close(), agent.client.close()]);
  });

  it('refuses unknown streams, foreign origins and bad tokens clearly', async () => {
    const gone = await fetch(`${ponte.url}/api/stream/nope`, { method: 'POST', body: '{"type":"ping"}' });
    expect(gone.status).toBe(404);
    expect(((await gone.json()) as { error: { code: string } }).error.code).toBe('not_found');

    const foreign = await fetch(`${ponte.url}/api/stream`, { method: 'POST', headers: { origin: 'https://evil.example' }, body: JSON.stringify(hello()) });
    expect(foreign.status).toBe(403);

    const bad = await SseClient.open(ponte.url, hello({ token: 'forged' }));
    await bad.until(() => bad.closeEvent !== undefined);
    expect(bad.closeEvent?.code).toBe(4401);
    expect((await bad.next(isType('error'))).code).toBe('unauthorized');
    await bad.until(() => bad.ended);
  });
});
