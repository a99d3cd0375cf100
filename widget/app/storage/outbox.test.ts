import { describe, expect, it } from 'vitest';
import { remove } from '../../../client/outbox';
import { enqueue, parse, serialize, union, type Outbox } from './outbox';

const item = (id: string, text = 'text ' + id) => ({ clientMsgId: id, text, createdAt: 't' });

describe('outbox', () => {
  it('keeps items in the order queued and dedupes by clientMsgId', () => {
    let box: Outbox = [];
    for (const id of ['a', 'b', 'a', 'c']) box = enqueue(box, item(id)) ?? box;
    expect(box.map((i) => i.clientMsgId)).toEqual(['a', 'b', 'c']);
  });

  it('refuses past its cap instead of dropping queued messages', () => {
    const full = [item('a'), item('b')];
    expect(enqueue(full, item('c'), 2)).toBeNull();
    expect(enqueue(full, item('a'), 2)).toBe(full);
  });

  it('removes an acknowledged item and leaves the rest in order', () => {
    const box = [item('a'), item('b'), item('c')];
    expect(remove(box, 'b').map((i) => i.clientMsgId)).toEqual(['a', 'c']);
    expect(remove(box, 'zz')).toBe(box);
  });

  it('survives a round trip through storage', () => {
    const box = [item('a', 'olá'), item('b', 'line\nbreak')];
    expect(parse(serialize(box))).toEqual(box);
  });

  it('drops malformed stored data without failing', () => {
    expect(parse(null)).toEqual([]);
    expect(parse('not json')).toEqual([]);
    expect(parse('{"a":1}')).toEqual([]);
    expect(parse(JSON.stringify([item('a'), { clientMsgId: 5 }, item('a'), { ...item('b'), extra: 1 }]))).toEqual([item('a'), item('b')]);
    expect(parse(serialize([item('a'), item('b'), item('c')]), 2)).toHaveLength(2);
  });

  it('merges two copies keeping the first one\'s order', () => {
    expect(union([item('b'), item('a')], [item('a'), item('c')]).map((i) => i.clientMsgId)).toEqual(['b', 'a', 'c']);
  });
});
