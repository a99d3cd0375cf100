import { describe, expect, it } from 'vitest';
import { type Candidate, estimateWaitSeconds, pickAgent } from './routing';

const agent = (id: string, over: Partial<Candidate> = {}): Candidate => ({
  id,
  status: 'online',
  load: 0,
  capacity: 3,
  lastOfferedAt: 0,
  ...over,
});

describe('pickAgent', () => {
  it('picks the least busy online agent with room', () => {
    expect(pickAgent([agent('a', { load: 2 }), agent('b', { load: 1 }), agent('c', { load: 1, status: 'away' })], new Set())).toBe('b');
  });

  it('skips agents at capacity, offline or away, and excluded ones', () => {
    const team = [agent('a', { load: 3 }), agent('b', { status: 'offline' }), agent('c', { status: 'away' }), agent('d', { load: 1 })];
    expect(pickAgent(team, new Set())).toBe('d');
    expect(pickAgent(team, new Set(['d']))).toBeUndefined();
  });

  it('is fair between equally busy agents: the one who waited longest for an offer', () => {
    expect(pickAgent([agent('a', { lastOfferedAt: 200 }), agent('b', { lastOfferedAt: 100 })], new Set())).toBe('b');
    expect(pickAgent([agent('b'), agent('a')], new Set())).toBe('a');
  });
});

describe('estimateWaitSeconds', () => {
  it('says nothing without enough history or without anyone online', () => {
    expect(estimateWaitSeconds([1000, 2000], 1, 1)).toBeNull();
    expect(estimateWaitSeconds([1000, 2000, 3000], 1, 0)).toBeNull();
  });

  it('is the median recent wait per round ahead of the visitor', () => {
    expect(estimateWaitSeconds([60_000, 30_000, 90_000], 1, 1)).toBe(60);
    expect(estimateWaitSeconds([60_000, 30_000, 90_000, 120_000], 3, 2)).toBe(150);
  });
});
