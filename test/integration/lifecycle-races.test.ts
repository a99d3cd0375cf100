import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { LLM_DEFAULTS } from '../../bot/llm/config';
import { type FakeOpenAI, startFakeOpenAI } from '../../bot/llm/fake-openai';
import type { Message } from '../../protocol/frames';
import { createConversation } from '../../server/store/conversations';
import { appendMessage, listMessages } from '../../server/store/messages';
import { type FrameOf, TestClient, isType, messageFrom, statusTo } from '../support/client';
import { signIn, startTestPonte, type TestPonte } from '../support/ponte';

// A slow streamed answer: about 4 s from first word to last, long past every step below.
const SLOW = Array.from({ length: 20 }, (_, i) => `We ship to every country of the European Union, part ${i + 1}. `);
const GAP_MS = 200;
const SUMMARY_MS = 1500;

/** The transcript as stored, and every bot line written after the conversation left the bot. */
async function botLinesAfterLeaving(ponte: TestPonte, conversationId: string): Promise<{ lines: Message[]; late: Message[] }> {
  const lines = await listMessages(ponte.db, conversationId);
  const left = lines.find((m) => m.event?.from === 'bot' && m.event.to !== 'bot');
  return { lines, late: left === undefined ? [] : lines.filter((m) => m.seq > left.seq && m.author === 'bot') };
}

const conversationOf = (frame: FrameOf<'message.new'>) => frame.message.conversationId;

describe('the life cycle under races: nothing from the bot after the conversation left it', () => {
  let llm: FakeOpenAI;
  let ponte: TestPonte;
  const errors = vi.spyOn(console, 'error');

  beforeAll(async () => {
    llm = await startFakeOpenAI((body) =>
      body.stream === true
        ? { kind: 'text', pieces: SLOW, gapMs: GAP_MS }
        : // The handoff summary takes a while, as a real model's does.
          { kind: 'text', pieces: [JSON.stringify({ summary: 'Asked about shipping, then for a person.', facts: {} })], gapMs: SUMMARY_MS },
    );
    ponte = await startTestPonte({
      llm: { ...LLM_DEFAULTS, apiKey: 'test-key', baseURL: llm.url, timeoutMs: 10_000, totalTimeoutMs: 20_000, summaryTimeoutMs: 5000 },
    });
  });
  afterAll(async () => {
    await ponte.stop();
    await llm.close();
  });
  afterEach(() => errors.mockClear());

  it('"Talk to a person" during a streamed answer stops the stream at once; the answer never lands', async () => {
    const agent = await TestClient.agent(ponte.url, await signIn(ponte.url));
    const { client: visitor } = await TestClient.visitor(ponte.url);
    visitor.send({ type: 'message.send', clientMsgId: 'r1-1', text: 'Do you ship to Italy?' });
    await visitor.next(isType('message.delta'), 8000);
    visitor.send({ type: 'handoff.request' });
    const queued = await visitor.next(statusTo('queued'), 8000);
    const conversationId = conversationOf(queued);
    const deltasAtHandoff = visitor.frames.filter(isType('message.delta')).length;

    // Longer than the rest of the stream would have taken.
    await new Promise((done) => setTimeout(done, SLOW.length * GAP_MS));
    await ponte.conversations.botIdle();
    await visitor.barrier();
    const { lines, late } = await botLinesAfterLeaving(ponte, conversationId);
    expect(late).toEqual([]);
    expect(lines.filter((m) => m.author === 'bot')).toEqual([]);
    expect(lines.filter((m) => m.event?.to === 'queued')).toHaveLength(1);
    // Nothing more of the stream reached the visitor after the handoff (at most what was in flight).
    expect(visitor.frames.filter(isType('message.delta')).length - deltasAtHandoff).toBeLessThanOrEqual(1);
    expect(visitor.frames.filter(messageFrom('bot'))).toEqual([]);
    expect(errors).not.toHaveBeenCalled();
    await Promise.all([visitor.close(), agent.client.close()]);
  });

  it('"Talk to a person" also drops the questions still waiting for the bot, and never holds back the next ack', async () => {
    const agent = await TestClient.agent(ponte.url, await signIn(ponte.url));
    const { client: visitor } = await TestClient.visitor(ponte.url);
    visitor.send({ type: 'message.send', clientMsgId: 'r4-1', text: 'Do you ship to Italy?' });
    visitor.send({ type: 'message.send', clientMsgId: 'r4-2', text: 'And to Spain?' });
    await visitor.next(isType('message.delta'), 8000);
    visitor.send({ type: 'handoff.request' });
    visitor.send({ type: 'message.send', clientMsgId: 'r4-3', text: 'hello?' });
    await visitor.next((f) => f.type === 'message.ack' && f.clientMsgId === 'r4-3');
    // Acknowledged while the handoff's summary is still being written: the bot's work never holds the visitor's frames.
    expect(visitor.frames.filter(statusTo('queued'))).toHaveLength(0);
    const conversationId = conversationOf(await visitor.next(statusTo('queued'), 8000));
    await new Promise((done) => setTimeout(done, SLOW.length * GAP_MS));
    await ponte.conversations.botIdle();
    const lines = await listMessages(ponte.db, conversationId);
    // Both questions and the later message are there for the agent; the bot said nothing more.
    expect(lines.map((m) => m.event?.to ?? `${m.author}: ${m.text}`)).toEqual([
      'bot',
      'visitor: Do you ship to Italy?',
      'visitor: And to Spain?',
      'visitor: hello?',
      'queued',
    ]);
    expect(errors).not.toHaveBeenCalled();
    await Promise.all([visitor.close(), agent.client.close()]);
  });

  it('accept, transfer and close while a bot answer is still being written: no bot line after the move', async () => {
    const cookie = await signIn(ponte.url);
    const admin = await TestClient.agent(ponte.url, cookie);
    const { client: visitor } = await TestClient.visitor(ponte.url);
    visitor.send({ type: 'message.send', clientMsgId: 'r2-1', text: 'Do you ship to Spain?' });
    await visitor.next(isType('message.delta'), 8000);
    visitor.send({ type: 'handoff.request' });
    const conversationId = conversationOf(await visitor.next(statusTo('queued'), 8000));
    admin.client.send({ type: 'conversation.accept', conversationId });
    await visitor.next(statusTo('live'));
    admin.client.send({ type: 'conversation.close', conversationId });
    await visitor.next(statusTo('closed'));

    await new Promise((done) => setTimeout(done, SLOW.length * GAP_MS));
    await ponte.conversations.botIdle();
    const { lines, late } = await botLinesAfterLeaving(ponte, conversationId);
    expect(late).toEqual([]);
    expect(lines.map((m) => m.event?.to ?? m.author)).toEqual(['bot', 'visitor', 'queued', 'live', 'closed']);
    expect(errors).not.toHaveBeenCalled();
    await Promise.all([visitor.close(), admin.client.close()]);
  });
});

describe('the life cycle under races (scripted bot)', () => {
  let ponte: TestPonte;
  const errors = vi.spyOn(console, 'error');
  beforeAll(async () => {
    ponte = await startTestPonte();
  });
  afterAll(async () => {
    await ponte.stop();
  });
  afterEach(() => errors.mockClear());

  it('"talk to a person" typed and the button pressed at once hand over once, with one summary', async () => {
    // Nobody online: both paths would say "Nobody from our team…" and hand over; only one may.
    const { client: visitor } = await TestClient.visitor(ponte.url);
    visitor.send({ type: 'message.send', clientMsgId: 'r3-1', text: 'Hi, I am Rita. I want to talk to a person' });
    visitor.send({ type: 'handoff.request' });
    const conversationId = conversationOf(await visitor.next(statusTo('queued')));
    await ponte.conversations.botIdle();
    await visitor.barrier();

    const lines = await listMessages(ponte.db, conversationId);
    expect(lines.filter((m) => m.event?.to === 'queued')).toHaveLength(1);
    expect(lines.filter((m) => m.author === 'bot')).toHaveLength(1);
    // `next` took the first one; no second move was announced.
    expect(visitor.frames.filter(statusTo('queued'))).toHaveLength(0);
    expect(errors).not.toHaveBeenCalled();
    const row = await ponte.db.selectFrom('conversations').select(['status', 'handoff']).where('id', '=', conversationId).executeTakeFirstOrThrow();
    expect(row.status).toBe('queued');
    expect(JSON.parse(row.handoff ?? 'null')).toMatchObject({ reason: expect.stringMatching(/asked for a person/) });
    await visitor.close();
  });

  it('two agents accepting the same chat at once: one wins, the other gets invalid_state, one status line', async () => {
    const [a, b] = await Promise.all([TestClient.agent(ponte.url, await signIn(ponte.url)), TestClient.agent(ponte.url, await signIn(ponte.url))]);
    const { client: visitor } = await TestClient.visitor(ponte.url);
    visitor.send({ type: 'handoff.request' });
    const conversationId = conversationOf(await visitor.next(statusTo('queued')));
    a.client.send({ type: 'conversation.accept', conversationId });
    b.client.send({ type: 'conversation.accept', conversationId });
    await visitor.next(statusTo('live'));
    await Promise.all([a.client.barrier(), b.client.barrier()]);
    const refusals = [...a.client.frames, ...b.client.frames].filter(isType('error'));
    expect(refusals.map((f) => f.code)).toEqual(['invalid_state']);
    const lines = await listMessages(ponte.db, conversationId);
    expect(lines.filter((m) => m.event?.to === 'live')).toHaveLength(1);
    await Promise.all([visitor.close(), a.client.close(), b.client.close()]);
  });

  it('the store refuses a bot line in a conversation that is not with the bot', async () => {
    const id = await createConversation(
      ponte.db,
      { siteKey: 'demo', contactId: (await ponte.db.selectFrom('contacts').select('id').executeTakeFirstOrThrow()).id, locale: 'en', page: null, timeZone: null, userAgent: null },
      new Date(),
    );
    const bot = { author: 'bot' as const, authorName: null, text: 'a late answer', clientMsgId: null };
    await expect(appendMessage(ponte.db, id, bot, new Date())).resolves.toMatchObject({ duplicate: false });
    await ponte.db.updateTable('conversations').set({ status: 'queued' }).where('id', '=', id).execute();
    await expect(appendMessage(ponte.db, id, bot, new Date())).rejects.toMatchObject({ code: 'invalid_state' });
    expect((await listMessages(ponte.db, id)).filter((m) => m.author === 'bot')).toHaveLength(1);
  });
});
