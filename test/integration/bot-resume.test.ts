import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createContactWithToken } from '../../server/store/contacts';
import { createConversation } from '../../server/store/conversations';
import { appendMessage, listMessages } from '../../server/store/messages';
import { startTestPonte } from '../support/ponte';

const dataDir = mkdtempSync(join(tmpdir(), 'ponte-resume-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('a bot turn lost with the previous process', () => {
  it('is answered when the server starts again', async () => {
    // The state a SIGKILL mid-turn leaves: the visitor's message stored and acked, no answer.
    const first = await startTestPonte({ dataDir });
    const { contactId } = await createContactWithToken(first.db, 'demo', new Date());
    const conversationId = await createConversation(
      first.db,
      { siteKey: 'demo', contactId, locale: 'en', page: null, timeZone: null, userAgent: null },
      new Date(),
    );
    await appendMessage(first.db, conversationId, { author: 'visitor', authorName: null, text: 'what are your opening hours?', clientMsgId: 'lost-1' }, new Date());
    await first.stop();

    const second = await startTestPonte({ dataDir });
    await second.conversations.botIdle();
    const messages = await listMessages(second.db, conversationId);
    expect(messages.map((m) => m.author)).toEqual(['system', 'visitor', 'bot']);
    expect(messages[2]?.text).toMatch(/Mon|Sat|9/);
    await second.stop();

    // Started again, nothing is answered twice.
    const third = await startTestPonte({ dataDir });
    await third.conversations.botIdle();
    expect(await listMessages(third.db, conversationId)).toHaveLength(3);
    await third.stop();
  });
});
