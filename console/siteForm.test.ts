import { describe, expect, it } from 'vitest';
import { fieldOfFailure, messageForField, originsText, OwnSaves, parseOrigins, relativeTime, snippetFor, unlistedOrigins } from './siteForm';

describe('the origins textarea', () => {
  it('takes one origin a line, trimmed, without blank lines, in the order typed', () => {
    expect(parseOrigins('  https://www.acme.test \n\n\r\nhttp://localhost:8080\r\n   \n')).toEqual(['https://www.acme.test', 'http://localhost:8080']);
    expect(parseOrigins('')).toEqual([]);
  });

  it('keeps whatever is typed on a line for the server to judge (paths, wildcards, duplicates)', () => {
    expect(parseOrigins('https://a.test/shop\nhttps://*.a.test\nhttps://a.test\nhttps://a.test')).toEqual([
      'https://a.test/shop',
      'https://*.a.test',
      'https://a.test',
      'https://a.test',
    ]);
  });

  it('writes the stored list back one a line', () => {
    expect(originsText(['https://a.test', 'http://b.test:8080'])).toBe('https://a.test\nhttp://b.test:8080');
    expect(parseOrigins(originsText(['https://a.test', 'http://b.test:8080']))).toEqual(['https://a.test', 'http://b.test:8080']);
  });
});

describe('the snippet', () => {
  it('is the script tag of the contract, with the relay origin and the site key', () => {
    expect(snippetFor('https://chat.example.com', 'k3y_9')).toBe('<script async src="https://chat.example.com/widget.js" data-site="k3y_9"></script>');
    expect(snippetFor('http://localhost:3000/', 'demo')).toBe('<script async src="http://localhost:3000/widget.js" data-site="demo"></script>');
  });
});

describe('which field a refused save belongs to', () => {
  const failure = (code: string, message: string) => ({ code, status: 400, message });

  it('puts origin and contrast refusals beside their fields by code', () => {
    expect(fieldOfFailure(failure('invalid_origins', 'https://a.test/shop is not an origin'))).toBe('allowedOrigins');
    expect(fieldOfFailure(failure('low_contrast', 'Text on #ffff00 is 1.1:1'))).toBe('textColour');
  });

  it('reads the path of a body validation error, appearance fields included', () => {
    expect(fieldOfFailure(failure('invalid_body', 'name: Too small: expected string to have >=1 characters'))).toBe('name');
    expect(fieldOfFailure(failure('invalid_body', 'allowedOrigins: Too big'))).toBe('allowedOrigins');
    expect(fieldOfFailure(failure('invalid_body', 'appearance.brandColour: Invalid string'))).toBe('brandColour');
    expect(fieldOfFailure(failure('invalid_body', 'appearance.greeting.en: Too big'))).toBe('greeting');
    expect(messageForField(failure('invalid_body', 'appearance.brandColour: Invalid string'))).toBe('Invalid string');
  });

  it('leaves the rest to the form as a whole (stale, forbidden, network, unknown paths)', () => {
    expect(fieldOfFailure(failure('stale_site', 'Someone else saved'))).toBeNull();
    expect(fieldOfFailure({ code: 'forbidden', status: 403, message: 'Only admins can do that.' })).toBeNull();
    expect(fieldOfFailure({ code: 'network', status: 0, message: 'Could not reach the server.' })).toBeNull();
    expect(fieldOfFailure(failure('invalid_body', 'routing: Invalid option'))).toBeNull();
    expect(fieldOfFailure(failure('invalid_body', 'Invalid request body.'))).toBeNull();
  });
});

describe('the installation check', () => {
  const load = (origin: string, allowed: boolean) => ({ origin, allowed, loads: 1, firstLoadedAt: '', lastLoadedAt: '' });

  it('names each refused origin once, newest first, unless it has been allowed since', () => {
    const loads = [load('https://evil.test', false), load('https://acme.test', true), load('https://staging.acme.test', false), load('https://evil.test', false)];
    expect(unlistedOrigins(loads, ['https://acme.test'])).toEqual(['https://evil.test', 'https://staging.acme.test']);
    expect(unlistedOrigins(loads, ['https://acme.test', 'https://evil.test'])).toEqual(['https://staging.acme.test']);
  });

  it('says how long ago in words', () => {
    const now = new Date('2025-06-01T12:00:00.000Z');
    expect(relativeTime('2025-06-01T11:59:40.000Z', now)).toBe('just now');
    expect(relativeTime('2025-06-01T11:55:00.000Z', now)).toBe('5 minutes ago');
    expect(relativeTime('2025-06-01T09:00:00.000Z', now)).toBe('3 hours ago');
    expect(relativeTime('2025-05-31T12:00:00.000Z', now)).toBe('yesterday');
    expect(relativeTime('not a date', now)).toBe('unknown');
  });
});

describe('saves made on the same site page', () => {
  it('follows this page\'s own saves forward, but stops at a revision someone else made', () => {
    const own = new OwnSaves();
    expect(own.follow(3)).toBe(3);
    own.record(3, 4);
    own.record(4, 5);
    expect(own.follow(3)).toBe(5);
    // Revision 6 was another admin's: a form opened at 3 or 5 is stale from there on.
    own.record(6, 7);
    expect(own.follow(3)).toBe(5);
    expect(own.follow(6)).toBe(7);
    own.record(8, 8);
    expect(own.follow(8)).toBe(8);
  });
});
