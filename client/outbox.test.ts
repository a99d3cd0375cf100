import { describe, expect, it } from 'vitest';
import { enqueue, remove, settle, union, update } from './outbox';

const item = (id: string, status = 'sending') => ({ clientMsgId: id, text: 'text ' + id, status });
const ids = (list: readonly { clientMsgId: string }[]) => list.map((i) => i.clientMsgId);

describe('client outbox', () => {
  it('keeps typing order, even for ids that would sort differently as object keys, and dedupes', () => {
    // As Record keys, '10' and '2' would be enumerated before 'b' and in numeric order.
    const box = ['b', '10', '2', 'b'].reduce((acc, id) => enqueue(acc, item(id)), [] as readonly ReturnType<typeof item>[]);
    expect(ids(box)).toEqual(['b', '10', '2']);
    expect(enqueue(box, item('10'))).toBe(box);
  });

  it('removes an acknowledged item and leaves the rest in order', () => {
    const box = [item('a'), item('b'), item('c')];
    expect(ids(remove(box, 'b'))).toEqual(['a', 'c']);
    expect(remove(box, 'zz')).toBe(box);
  });

  it('changes an entry where it stands', () => {
    const box = [item('k1'), item('k2'), item('k3')];
    const changed = update(box, 'k2', (p) => ({ ...p, status: 'failed' }));
    expect(changed.map((p) => p.clientMsgId + ':' + p.status)).toEqual(['k1:sending', 'k2:failed', 'k3:sending']);
    expect(update(box, 'zz', (p) => p)).toBe(box);
  });

  it('settles entries whose message the server has stored, and is a no-op otherwise', () => {
    const box = [item('k1'), item('k2')];
    expect(ids(settle(box, ['k1', null]))).toEqual(['k2']);
    expect(settle(box, [null, 'other'])).toBe(box);
  });

  it("merges two copies keeping the first one's order, within a cap", () => {
    expect(ids(union([item('b'), item('a')], [item('a'), item('c')]))).toEqual(['b', 'a', 'c']);
    expect(ids(union([item('b'), item('a')], [item('c')], 2))).toEqual(['b', 'a']);
  });
});
