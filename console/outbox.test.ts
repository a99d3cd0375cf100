import { describe, expect, it } from 'vitest';
import { enqueue, settle, toResend, updatePending, type PendingSend } from './outbox';
import { message } from './testing';

function pending(clientMsgId: string, conversationId = 'c1'): PendingSend {
  return { clientMsgId, conversationId, text: `text ${clientMsgId}`, createdAt: '2025-01-01T10:00:00.000Z', status: 'sending', error: null };
}

describe('outbox', () => {
  it('keeps typing order, even for ids that would sort differently as object keys', () => {
    // As Record keys, '10' and '2' would be enumerated before 'b' and in numeric order.
    const outbox = ['b', '10', '2'].reduce((acc, id) => enqueue(acc, pending(id)), [] as readonly PendingSend[]);
    expect(toResend(outbox).map((p) => p.clientMsgId)).toEqual(['b', '10', '2']);
  });

  it('does not queue the same clientMsgId twice', () => {
    const once = enqueue([], pending('k1'));
    expect(enqueue(once, pending('k1'))).toBe(once);
  });

  it('keeps a failed reply in its place and leaves it out of the automatic resend', () => {
    let outbox = ['k1', 'k2', 'k3'].reduce((acc, id) => enqueue(acc, pending(id)), [] as readonly PendingSend[]);
    outbox = updatePending(outbox, 'k2', (p) => ({ ...p, status: 'failed', error: 'no' }));
    expect(outbox.map((p) => p.clientMsgId)).toEqual(['k1', 'k2', 'k3']);
    expect(toResend(outbox).map((p) => p.clientMsgId)).toEqual(['k1', 'k3']);
    outbox = updatePending(outbox, 'k2', (p) => ({ ...p, status: 'sending', error: null }));
    expect(toResend(outbox).map((p) => p.clientMsgId)).toEqual(['k1', 'k2', 'k3']);
  });

  it('settles entries whose message the server has stored, and is a no-op otherwise', () => {
    const outbox = [pending('k1'), pending('k2')];
    expect(settle(outbox, [message({ id: 'm1', seq: 1, clientMsgId: 'k1' })]).map((p) => p.clientMsgId)).toEqual(['k2']);
    expect(settle(outbox, [message({ id: 'm1', seq: 1 })])).toBe(outbox);
  });
});
