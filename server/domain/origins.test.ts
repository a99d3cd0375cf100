import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { MAX_ORIGINS, parseOrigin, parseOrigins } from './origins';

describe('parseOrigin', () => {
  it('accepts scheme, host and port, normalised', () => {
    expect(parseOrigin('https://Shop.Example')).toEqual({ origin: 'https://shop.example' });
    expect(parseOrigin(' http://localhost:8080/ ')).toEqual({ origin: 'http://localhost:8080' });
    expect(parseOrigin('https://shop.example:443')).toEqual({ origin: 'https://shop.example' });
    expect(parseOrigin('http://[::1]:3000')).toEqual({ origin: 'http://[::1]:3000' });
  });

  it.each([
    ['https://shop.example/checkout', 'path'],
    ['https://shop.example?x=1', 'path'],
    ['https://shop.example/#top', 'path'],
    ['https://*.shop.example', 'wildcard'],
    ['*', 'wildcard'],
    ['javascript:alert(1)', 'https://'],
    ['ftp://shop.example', 'https://'],
    ['data:text/html,hi', 'https://'],
    ['https://user:pw@shop.example', 'user info'],
    ['https://user@shop.example', 'user info'],
    ['shop.example', 'not a URL'],
    ['', 'empty'],
  ])('refuses %s', (input, problem) => {
    const parsed = parseOrigin(input);
    expect(parsed).toHaveProperty('problem');
    expect('problem' in parsed && parsed.problem).toContain(problem);
  });
});

describe('parseOrigins', () => {
  it('refuses duplicates after normalisation, naming the origin', () => {
    expect(() => parseOrigins(['https://a.example', 'https://A.example/'])).toThrow(/https:\/\/a\.example is listed twice/);
  });

  it('names the bad entry with the invalid_origins code', () => {
    try {
      parseOrigins(['https://ok.example', 'https://bad.example/path']);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('invalid_origins');
      expect((error as AppError).message).toContain('"https://bad.example/path"');
    }
  });

  it(`keeps at most ${MAX_ORIGINS}`, () => {
    const many = Array.from({ length: MAX_ORIGINS + 1 }, (_, i) => `https://s${i}.example`);
    expect(() => parseOrigins(many)).toThrow(/at most 20/);
    expect(parseOrigins(many.slice(0, MAX_ORIGINS))).toHaveLength(MAX_ORIGINS);
  });
});
