import { describe, expect, it } from 'vitest';
import { enqueue, update } from '../client/outbox';
import { toResend, type PendingSend } from './outbox';

function pending(clientMsgId: string, conversationId = 'c1'): PendingSend {
  return { clientMsgId, conversationId, text: `text ${clientMsgId}`, createdAt: '2025-01-01T10:00:00.000Z', status: 'sending', error: null };
}

describe('outbox', () => {
  it('keeps typing order, even for ids that would sort differently as object keys', () => {
    // As Record keys, '10' and '2' would be enumerated before 'b' and in numeric order.
    const outbox = ['b', '10', '2'].reduce((acc, id) => enqueue(acc, pending(id)), [] as readonly PendingSend[]);
    expect(toResend(outbox).map((p) => p.clientMsgId)).toEqual(['b', '10', '2']);
  });

  it('keeps a failed reply in its place and leaves it out of the automatic resend', () => {
    let outbox = ['k1', 'k2', 'k3'].reduce((acc, id) => enqueue(acc, pending(id)), [] as readonly PendingSend[]);
    outbox = update(outbox, 'k2', (p) => ({ ...p, status: 'failed', error: 'no' }));
    expect(outbox.map((p) => p.clientMsgId)).toEqual(['k1', 'k2', 'k3']);
    expect(toResend(outbox).map((p) => p.clientMsgId)).toEqual(['k1', 'k3']);
    outbox = update(outbox, 'k2', (p) => ({ ...p, status: 'sending', error: null }));
    expect(toResend(outbox).map((p) => p.clientMsgId)).toEqual(['k1', 'k2', 'k3']);
  });
});
