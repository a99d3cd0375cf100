import { describe, expect, it } from 'vitest';
import { contactLabel, describeEvent, formatWait, handoffFacts, handoffText, safeHttpUrl } from './format';

describe('format', () => {
  it('names a contact, or shows "Visitor" with a short id', () => {
    expect(contactLabel({ contactName: 'Maria', contactId: 'abc' })).toBe('Maria');
    expect(contactLabel({ contactName: null, contactId: 'ct_9f8e7d6c5b' })).toBe('Visitor #7D6C5B');
  });

  it('describes a status event with its reason', () => {
    expect(describeEvent({ kind: 'status', from: 'bot', to: 'queued', reason: 'visitor asked for a person' }, null)).toBe(
      'Moved to the queue — visitor asked for a person',
    );
    expect(describeEvent({ kind: 'status', from: 'queued', to: 'live', reason: 'accepted' }, 'Ana')).toBe('Ana joined — accepted');
    expect(describeEvent({ kind: 'status', from: 'live', to: 'closed', reason: 'agent_closed' }, null)).toBe(
      'Conversation closed — agent closed',
    );
  });

  it('says why a chat came back to the queue without a transfer, in the line’s own words', () => {
    const reason = 'Ana went offline; back in the queue, at the front';
    expect(describeEvent({ kind: 'status', from: 'live', to: 'queued', reason, code: 'agent_offline' }, 'Ana')).toBe(reason);
    expect(describeEvent({ kind: 'status', from: 'live', to: 'queued', reason: 'Ana no longer works on this site; back in the queue', code: 'agent_unassigned' }, 'Ana')).toBe(
      'Ana no longer works on this site; back in the queue',
    );
  });

  it('formats waiting times compactly', () => {
    expect(formatWait(20_000)).toBe('just now');
    expect(formatWait(4 * 60_000)).toBe('4 min');
    expect(formatWait(72 * 60_000)).toBe('1 h 12 min');
    expect(formatWait(-5)).toBe('just now');
  });

  it('links only http(s) pages', () => {
    expect(safeHttpUrl('https://shop.example/cart')).toBe('https://shop.example/cart');
    expect(safeHttpUrl('javascript:alert(1)')).toBeNull();
    expect(safeHttpUrl('not a url')).toBeNull();
  });

  it('lists only the handoff facts that are present, in a fixed order', () => {
    expect(handoffFacts({ orderNumber: 'A-1042', email: 'ana@example.com', phone: '  ' })).toEqual([
      { label: 'Email', value: 'ana@example.com' },
      { label: 'Order number', value: 'A-1042' },
    ]);
    expect(handoffFacts({})).toEqual([]);
  });

  it('writes a handoff as copyable plain text', () => {
    const text = handoffText({
      reason: 'visitor asked for a person',
      summary: 'Wants a refund for order A-1042.',
      facts: { name: 'Ana', orderNumber: 'A-1042' },
      createdAt: '2025-01-01T10:00:00.000Z',
    });
    expect(text).toBe('Handed over by the bot — visitor asked for a person\nWants a refund for order A-1042.\nName: Ana\nOrder number: A-1042');
  });
});
