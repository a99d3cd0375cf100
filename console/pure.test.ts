import { describe, expect, it } from 'vitest';
import { cannedQuery, matchCanned, shortcutProblem } from './canned';
import { visitorLocalTime } from './format';
import { isTextField, Shortcut, shortcutFor, type KeyInput } from './keymap';
import { neighbour } from './selectors';
import { summarizeUserAgent } from './useragent';

describe('summarizeUserAgent', () => {
  it.each([
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36', 'Chrome 120 on Windows'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91', 'Edge 120 on Windows'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15', 'Safari 17 on macOS'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1', 'Safari 17 on iOS 17'],
    ['Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36', 'Chrome 120 on Android 14'],
    ['Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0', 'Firefox 121 on Linux'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 OPR/106.0.0.0', 'Opera 106 on Windows'],
    ['curl/8.4.0', 'Unknown device'],
  ])('%s → %s', (ua, expected) => {
    expect(summarizeUserAgent(ua)).toBe(expected);
  });

  it('says unknown without a user agent', () => {
    expect(summarizeUserAgent(null)).toBe('Unknown device');
    expect(summarizeUserAgent('  ')).toBe('Unknown device');
  });
});

describe('canned replies', () => {
  const replies = [
    { id: '1', shortcut: 'refund', text: 'Refunds take 5 days.' },
    { id: '2', shortcut: 'hello', text: 'Hi! How can I help?' },
    { id: '3', shortcut: 'shipping-refund', text: 'Ship it back.' },
    { id: '4', shortcut: 'bye', text: 'Thanks, and refund questions are welcome.' },
  ];

  it('reads a query only while the whole box is a slash command', () => {
    expect(cannedQuery('/ref')).toBe('ref');
    expect(cannedQuery('/')).toBe('');
    expect(cannedQuery('hello /ref')).toBeNull();
    expect(cannedQuery('/ref and more')).toBeNull();
  });

  it('ranks prefix matches, then shortcuts containing, then text containing', () => {
    expect(matchCanned(replies, 'ref').map((r) => r.id)).toEqual(['1', '3', '4']);
    expect(matchCanned(replies, '').map((r) => r.shortcut)).toEqual(['bye', 'hello', 'refund', 'shipping-refund']);
    expect(matchCanned(replies, 'zzz')).toEqual([]);
  });

  it('checks shortcuts like the server does', () => {
    expect(shortcutProblem('refund-2')).toBeNull();
    expect(shortcutProblem('Refund')).not.toBeNull();
    expect(shortcutProblem('')).not.toBeNull();
    expect(shortcutProblem('a'.repeat(33))).not.toBeNull();
  });
});

describe('shortcutFor', () => {
  const key = (over: Partial<KeyInput>): KeyInput => ({ key: '', code: '', altKey: false, ctrlKey: false, metaKey: false, shiftKey: false, ...over });

  it('maps Alt shortcuts even while typing, by physical key', () => {
    expect(shortcutFor(key({ altKey: true, key: 'ArrowUp' }), true)).toBe(Shortcut.Previous);
    expect(shortcutFor(key({ altKey: true, key: 'ArrowDown' }), false)).toBe(Shortcut.Next);
    expect(shortcutFor(key({ altKey: true, key: 'å', code: 'KeyA' }), true)).toBe(Shortcut.Accept);
    expect(shortcutFor(key({ altKey: true, key: 'n', code: 'KeyN' }), true)).toBe(Shortcut.ToggleNote);
    expect(shortcutFor(key({ altKey: true, key: 't', code: 'KeyT' }), false)).toBe(Shortcut.Transfer);
    expect(shortcutFor(key({ altKey: true, key: 'c', code: 'KeyC' }), false)).toBe(Shortcut.Close);
  });

  it('ignores other modifiers and plain letters', () => {
    expect(shortcutFor(key({ altKey: true, ctrlKey: true, code: 'KeyC' }), false)).toBeNull();
    expect(shortcutFor(key({ metaKey: true, key: 'ArrowUp' }), false)).toBeNull();
    expect(shortcutFor(key({ key: 'a', code: 'KeyA' }), false)).toBeNull();
  });

  it('opens help with ? only outside text fields', () => {
    expect(shortcutFor(key({ key: '?', shiftKey: true }), false)).toBe(Shortcut.Help);
    expect(shortcutFor(key({ key: '?', shiftKey: true }), true)).toBeNull();
  });

  it('knows what a text field is', () => {
    expect(isTextField({ tagName: 'TEXTAREA' })).toBe(true);
    expect(isTextField({ tagName: 'INPUT', type: 'email' })).toBe(true);
    expect(isTextField({ tagName: 'INPUT', type: 'checkbox' })).toBe(false);
    expect(isTextField({ tagName: 'BUTTON' })).toBe(false);
    expect(isTextField(null)).toBe(false);
  });
});

describe('neighbour', () => {
  it('steps through the list and stops at the ends', () => {
    expect(neighbour(['a', 'b', 'c'], 'b', 1)).toBe('c');
    expect(neighbour(['a', 'b', 'c'], 'c', 1)).toBe('c');
    expect(neighbour(['a', 'b', 'c'], 'a', -1)).toBe('a');
    expect(neighbour(['a', 'b', 'c'], null, -1)).toBe('c');
    expect(neighbour([], null, 1)).toBeNull();
  });
});

describe('visitorLocalTime', () => {
  it('shows the time in the visitor zone, or unknown', () => {
    const now = new Date('2025-01-01T12:00:00Z');
    expect(visitorLocalTime('Asia/Tokyo', now, 'en-GB')).toBe('Wed 21:00');
    expect(visitorLocalTime(null, now)).toBe('unknown');
    expect(visitorLocalTime('Not/AZone', now)).toBe('unknown');
  });
});
