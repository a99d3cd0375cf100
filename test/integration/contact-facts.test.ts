import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { LLM_DEFAULTS } from '../../bot/llm/config';
import { type FakeOpenAI, startFakeOpenAI } from '../../bot/llm/fake-openai';
import type { ConversationSummary } from '../../protocol/frames';
import { DEFAULT_LIMITS } from '../../server/security/limits';
import { type Frame, type FrameOf, TestClient, isType, messageFrom, statusTo } from '../support/client';
import { signIn, startTestPonte, type TestPonte } from '../support/ponte';

type Facts = Pick<ConversationSummary, 'contactName' | 'contactEmail' | 'contactPhone' | 'contactOrderNumber'>;

const factsOf = (conversation: ConversationSummary): Facts => ({
  contactName: conversation.contactName,
  contactEmail: conversation.contactEmail,
  contactPhone: conversation.contactPhone,
  contactOrderNumber: conversation.contactOrderNumber,
});

/** The agent's next list update of this conversation that shows `facts`. */
const updateShowing = (agent: TestClient, conversationId: string, facts: Partial<Facts>) =>
  agent.waitFor('conversation.updated', (f) => f.conversation.id === conversationId && Object.entries(facts).every(([key, value]) => f.conversation[key as keyof Facts] === value));

/** Sends a visitor message and waits for its ack. */
async function say(visitor: TestClient, clientMsgId: string, text: string): Promise<FrameOf<'message.ack'>> {
  visitor.send({ type: 'message.send', clientMsgId, text });
  return visitor.waitFor('message.ack', (f) => f.clientMsgId === clientMsgId);
}

const mentions = (frames: readonly Frame[], words: readonly string[]) => frames.filter((f) => words.some((word) => JSON.stringify(f).includes(word)));

describe('what visitors tell about themselves goes on their contact, before and after the handoff', () => {
  let ponte: TestPonte;
  let cookie: string;
  const errors = vi.spyOn(console, 'error');
  beforeAll(async () => {
    ponte = await startTestPonte({ limits: { ...DEFAULT_LIMITS, newVisitorsPerIp: 10_000 } });
    cookie = await signIn(ponte.url);
  });
  afterAll(async () => {
    await ponte.stop();
  });
  afterEach(() => errors.mockClear());

  it('shows agents the name and e-mail given to the bot, then the phone and order given in the live chat; never to another visitor', async () => {
    const agent = await TestClient.agent(ponte.url, cookie);
    const { client: visitor, welcome } = await TestClient.visitor(ponte.url);
    const { client: other } = await TestClient.visitor(ponte.url);
    await say(other, 'o-1', 'what are your opening hours?');

    // With the bot.
    const first = await say(visitor, 'v-1', "Hi, I'm Mark Evans. What are your opening hours?");
    const conversationId = first.conversationId;
    await visitor.next(messageFrom('bot'));
    await updateShowing(agent.client, conversationId, { contactName: 'Mark Evans', contactEmail: null });
    await say(visitor, 'v-2', 'you can write to mark@example.con');
    await updateShowing(agent.client, conversationId, { contactName: 'Mark Evans', contactEmail: 'mark@example.con' });

    // Queued: a correction wins.
    visitor.send({ type: 'handoff.request' });
    await visitor.next(statusTo('queued'));
    await say(visitor, 'v-3', 'sorry, it is mark@example.com');
    await updateShowing(agent.client, conversationId, { contactEmail: 'mark@example.com' });

    // Live, with the agent.
    agent.client.send({ type: 'conversation.accept', conversationId });
    await visitor.next(statusTo('live'));
    agent.client.send({ type: 'conversation.open', conversationId });
    await agent.client.next(isType('conversation.detail'));
    await say(visitor, 'v-4', 'my phone is +351 912 345 678');
    await updateShowing(agent.client, conversationId, { contactPhone: '+351 912 345 678' });
    await say(visitor, 'v-5', 'and the order is LC-55123, it never came');
    const live = await updateShowing(agent.client, conversationId, { contactOrderNumber: 'LC-55123' });
    const all: Facts = { contactName: 'Mark Evans', contactEmail: 'mark@example.com', contactPhone: '+351 912 345 678', contactOrderNumber: 'LC-55123' };
    expect(factsOf(live.conversation)).toEqual(all);
    expect(live.conversation.status).toBe('live');

    // The side panel's context and a console loaded afresh carry all four too.
    agent.client.send({ type: 'conversation.open', conversationId });
    const detail = await agent.client.next(isType('conversation.detail'));
    expect(detail.context.contact).toEqual({ id: welcome.contactId, name: 'Mark Evans', email: 'mark@example.com', phone: '+351 912 345 678', orderNumber: 'LC-55123' });
    expect(factsOf(detail.conversation)).toEqual(all);
    const fresh = await TestClient.agent(ponte.url, cookie);
    const listed = fresh.welcome.conversations.find((c) => c.id === conversationId);
    expect(listed === undefined ? undefined : factsOf(listed)).toEqual(all);
    // The transcript keeps every message as written.
    const stored = await ponte.db.selectFrom('messages').select('client_msg_id').where('conversation_id', '=', conversationId).where('author', '=', 'visitor').execute();
    expect(stored.map((m) => m.client_msg_id)).toEqual(['v-1', 'v-2', 'v-3', 'v-4', 'v-5']);

    // The visitor's own tabs may see their own facts; another visitor sees none of them, ever.
    await Promise.all([visitor.barrier(), other.barrier()]);
    expect(mentions(other.frames, ['Mark', 'mark@', '912 345 678', 'LC-55123'])).toEqual([]);
    const ownSummaries = visitor.frames.filter(isType('conversation.updated'));
    expect(ownSummaries.every((f) => f.conversation.contactId === welcome.contactId)).toBe(true);
    expect(errors).not.toHaveBeenCalled();
    await Promise.all([visitor.close(), other.close(), agent.client.close(), fresh.client.close()]);
  });

  it('takes facts after the conversation was closed too (it reopens), and ignores dates, prices and quantities', async () => {
    const agent = await TestClient.agent(ponte.url, cookie);
    const { client: visitor, welcome } = await TestClient.visitor(ponte.url);
    const { conversationId } = await say(visitor, 'c-1', 'meu nome é Ana Souza');
    await visitor.next(messageFrom('bot'));
    visitor.send({ type: 'handoff.request' });
    await visitor.next(statusTo('queued'));
    agent.client.send({ type: 'conversation.accept', conversationId });
    await visitor.next(statusTo('live'));
    agent.client.send({ type: 'conversation.close', conversationId });
    await visitor.next(statusTo('closed'));

    await say(visitor, 'c-2', 'comprei 2 luminárias em 12/05/2024 por R$ 1.299,90, pedido 88123');
    await say(visitor, 'c-3', 'aliás, me chamo Ana Paula Souza');
    const updated = await updateShowing(agent.client, conversationId, { contactName: 'Ana Paula Souza' });
    expect(factsOf(updated.conversation)).toEqual({ contactName: 'Ana Paula Souza', contactEmail: null, contactPhone: null, contactOrderNumber: '88123' });
    const row = await ponte.db.selectFrom('contacts').selectAll().where('id', '=', welcome.contactId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: 'Ana Paula Souza', email: null, phone: null, order_number: '88123' });
    expect(errors).not.toHaveBeenCalled();
    await Promise.all([visitor.close(), agent.client.close()]);
  });

  it('puts a name given while waiting for a call on the callback agents work from', async () => {
    const hours = { timeZone: 'UTC', weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ open: '00:00', close: '24:00' }]])), holidays: [] };
    const put = await fetch(`${ponte.url}/api/sites/demo/hours`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ ...hours, callback: { enabled: true, slotMinutes: 30, bufferMinutes: 0, minNoticeMinutes: 0, daysAhead: 3, capacity: 2, longWaitSeconds: 300, countries: [] } }),
    });
    expect(put.status).toBe(200);
    const agent = await TestClient.agent(ponte.url, cookie);
    const { client: visitor } = await TestClient.visitor(ponte.url);
    visitor.send({ type: 'callback.slots' });
    const [slot] = (await visitor.next(isType('callback.slots'))).slots;
    visitor.send({ type: 'callback.book', slotStart: slot?.start, phone: '912 345 678', country: 'PT' });
    const booked = (await agent.client.waitFor('callback.updated')).callback;
    expect(booked.contactName).toBeNull();

    await say(visitor, 'k-1', 'me llamo Carmen López, gracias');
    const renamed = await agent.client.waitFor('callback.updated', (f) => f.callback.id === booked.id && f.callback.contactName === 'Carmen López');
    expect(renamed.callback.state).toBe('booked');
    await updateShowing(agent.client, booked.conversationId, { contactName: 'Carmen López' });
    // The visitor's own booking frames carry the calendar file; a name change is not one of them.
    await visitor.barrier();
    expect(visitor.frames.filter(isType('callback.updated')).filter((f) => f.callback.contactName !== null)).toEqual([]);
    await Promise.all([visitor.close(), agent.client.close()]);
  });

  it('keeps and acknowledges the message when the contact cannot be written, and logs why', async () => {
    await sql`CREATE TRIGGER contacts_refuse BEFORE UPDATE ON contacts BEGIN SELECT RAISE(ABORT, 'contacts are read-only today'); END`.execute(ponte.db);
    try {
      const { client: visitor } = await TestClient.visitor(ponte.url);
      const ack = await say(visitor, 'f-1', "Hi, I'm Rita Lopes, what are your opening hours?");
      const answer = await visitor.next(messageFrom('bot'));
      expect(answer.message.conversationId).toBe(ack.conversationId);
      const stored = await ponte.db.selectFrom('messages').select('text').where('id', '=', ack.id).executeTakeFirstOrThrow();
      expect(stored.text).toBe("Hi, I'm Rita Lopes, what are your opening hours?");
      expect(errors).toHaveBeenCalledWith(expect.stringMatching(/could not record the visitor's facts/), expect.anything());
      await visitor.close();
    } finally {
      await sql`DROP TRIGGER contacts_refuse`.execute(ponte.db);
    }
  });
});

describe('facts from the bot’s handoff summary (LLM mode)', () => {
  let ponte: TestPonte;
  let llm: FakeOpenAI;
  beforeAll(async () => {
    // The model reads a name the patterns do not ("Marta aqui") and checks it against the visitor's words.
    llm = await startFakeOpenAI((body) =>
      body.stream === true
        ? { kind: 'text', pieces: ['We ship to every country of the European Union.'] }
        : { kind: 'text', pieces: [JSON.stringify({ summary: 'Asks about shipping.', facts: { name: 'Marta', email: null, phone: null, orderNumber: null } })] },
    );
    ponte = await startTestPonte({
      llm: { ...LLM_DEFAULTS, apiKey: 'test-key', baseURL: llm.url, timeoutMs: 5000, totalTimeoutMs: 10_000, summaryTimeoutMs: 5000 },
    });
  });
  afterAll(async () => {
    await ponte?.stop();
    await llm?.close();
  });

  it('puts them on the contact with the move to the queue', async () => {
    const agent = await TestClient.agent(ponte.url, await signIn(ponte.url));
    const { client: visitor } = await TestClient.visitor(ponte.url);
    const { conversationId } = await say(visitor, 'm-1', 'Marta aqui. Do you ship to Italy?');
    await visitor.next(messageFrom('bot'), 8000);
    const before = await ponte.db.selectFrom('contacts').select('name').innerJoin('conversations', 'conversations.contact_id', 'contacts.id').where('conversations.id', '=', conversationId).executeTakeFirstOrThrow();
    expect(before.name).toBeNull();
    visitor.send({ type: 'handoff.request' });
    await visitor.next(statusTo('queued'), 8000);
    const updated = await updateShowing(agent.client, conversationId, { contactName: 'Marta' });
    expect(updated.conversation.status).toBe('queued');
    await Promise.all([visitor.close(), agent.client.close()]);
  });
});
