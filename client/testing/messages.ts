import type { Message } from '../../protocol/frames';

/** A valid stored message with only the interesting fields given (unit tests). */
export function message(overrides: Partial<Message> & { id: string; seq: number }): Message {
  return {
    conversationId: 'c1',
    author: 'visitor',
    authorName: null,
    text: `text ${overrides.seq}`,
    createdAt: '2025-01-01T10:00:00.000Z',
    clientMsgId: null,
    ...overrides,
  };
}
