import { describe, expect, it } from 'vitest';
import { requestOrigin } from './site-loads';

describe('requestOrigin', () => {
  it('takes the Origin header, else the Referer, as an origin', () => {
    expect(requestOrigin({ origin: 'https://shop.example', referer: 'https://other.example/x' })).toBe('https://shop.example');
    expect(requestOrigin({ referer: 'https://Shop.Example:8443/a/b?c#d' })).toBe('https://shop.example:8443');
  });

  it.each([
    [{ origin: 'null' }],
    [{ referer: 'javascript:alert(1)' }],
    [{ referer: 'file:///etc/passwd' }],
    [{ referer: 'not a url' }],
    [{ referer: `https://${'a'.repeat(5000)}.example/` }],
    [{ referer: '' }],
    [{}],
  ])('gives no origin for %j', (headers) => {
    expect(requestOrigin(headers)).toBeNull();
  });
});
