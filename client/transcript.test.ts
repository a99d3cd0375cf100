import { describe, expect, it } from 'vitest';
import { message } from './testing/messages';
import { contiguousSeq } from './cursor';
import { mergeMessages, replaceMessages } from './transcript';

const seqs = (list: readonly { seq: number }[]) => list.map((m) => m.seq);
const held = [1, 2, 3].map((seq) => message({ id: `m${seq}`, seq }));

describe('contiguousSeq', () => {
  it('is 0 for nothing held and the last seq for a gap-free list', () => {
    expect(contiguousSeq([])).toBe(0);
    expect(contiguousSeq(held)).toBe(3);
  });

  it('stops before the first hole, so what is missing gets asked for again', () => {
    const withHole = [...held, message({ id: 'm5', seq: 5 }), message({ id: 'm6', seq: 6 })];
    expect(contiguousSeq(withHole)).toBe(3);
    expect(contiguousSeq([message({ id: 'm2', seq: 2 })])).toBe(0);
  });
});

describe('mergeMessages', () => {
  it('appends what a resumed detail carries and drops what is already held', () => {
    const incoming = [message({ id: 'm3', seq: 3 }), message({ id: 'm4', seq: 4 })];
    expect(seqs(mergeMessages(held, incoming))).toEqual([1, 2, 3, 4]);
  });

  it('dedupes by clientMsgId when an ack-built copy has the same reply', () => {
    const acked = message({ id: 'm4', seq: 4, author: 'agent', clientMsgId: 'k1', text: 'hi' });
    const echoed = { ...acked, authorName: 'Ana' };
    const merged = mergeMessages([...held, acked], [echoed]);
    expect(merged).toHaveLength(4);
    expect(merged[3]?.authorName).toBe('Ana');
  });
});

describe('replaceMessages', () => {
  it('replaces a loaded transcript with the snapshot, dropping what the server no longer has', () => {
    const stale = [...held, message({ id: 'old4', seq: 4 }), message({ id: 'old5', seq: 5 })];
    const snapshot = [message({ id: 'n1', seq: 1 }), message({ id: 'n2', seq: 2 })];
    expect(replaceMessages(stale, snapshot, false).map((m) => m.id)).toEqual(['n1', 'n2']);
  });

  it('keeps live messages newer than the snapshot when asked to (first load)', () => {
    const tail = [message({ id: 'm4', seq: 4 })];
    expect(replaceMessages(tail, held, true).map((m) => m.id)).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect(replaceMessages([message({ id: 'x2', seq: 2 })], held, true).map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
  });
});
