import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConversation } from '../../server/store/conversations';
import { appendMessage, listMessages } from '../../server/store/messages';
import { createContactWithToken } from '../../server/store/contacts';
import { startTestPonte, type TestPonte } from '../support/ponte';

let ponte: TestPonte;
beforeAll(async () => {
  ponte = await startTestPonte();
});
afterAll(async () => {
  await ponte.stop();
});

async function conversation(): Promise<string> {
  const { contactId } = await createContactWithToken(ponte.db, 'demo', new Date());
  return createConversation(ponte.db, { siteKey: 'demo', contactId, locale: 'en', page: null, timeZone: null, userAgent: null }, new Date());
}

const visitorLine = (clientMsgId: string, text = clientMsgId) => ({ author: 'visitor' as const, authorName: null, text, clientMsgId });

describe('group commit of message appends', () => {
  it('commits appends made in the same tick together, each with its own seq, answer and duplicate check', async () => {
    const a = await conversation();
    const b = await conversation();
    await appendMessage(ponte.db, a, visitorLine('taken', 'first words'), new Date());
    const results = await Promise.allSettled([
      ...Array.from({ length: 10 }, (_, i) => appendMessage(ponte.db, a, visitorLine(`a${i}`), new Date())),
      appendMessage(ponte.db, a, visitorLine('taken', 'other words'), new Date()),
      appendMessage(ponte.db, a, visitorLine('taken', 'first words'), new Date()),
      appendMessage(ponte.db, 'no-such-conversation', visitorLine('x'), new Date()),
      ...Array.from({ length: 5 }, (_, i) => appendMessage(ponte.db, b, visitorLine(`b${i}`), new Date())),
    ]);
    const values = results.map((r) => (r.status === 'fulfilled' ? r.value : r.reason.code));
    // The refused ones (conflict, unknown conversation) do not hold back the others.
    expect(values[10]).toBe('conflict');
    expect(values[11]).toMatchObject({ duplicate: true, message: { text: 'first words' } });
    expect(values[12]).toBe('not_found');
    const storedA = await listMessages(ponte.db, a);
    expect(storedA.filter((m) => m.author === 'visitor').map((m) => m.clientMsgId)).toEqual(['taken', ...Array.from({ length: 10 }, (_, i) => `a${i}`)]);
    // Gap-free seqs, and every answer is the stored row.
    expect(storedA.map((m) => m.seq)).toEqual(storedA.map((_, i) => i + 1));
    for (let i = 0; i < 10; i++) {
      const answer = values[i] as { message: { id: string; seq: number }; duplicate: boolean };
      expect(answer.duplicate).toBe(false);
      expect(storedA.find((m) => m.id === answer.message.id)?.seq).toBe(answer.message.seq);
    }
    expect((await listMessages(ponte.db, b)).filter((m) => m.author === 'visitor')).toHaveLength(5);
  });
});
