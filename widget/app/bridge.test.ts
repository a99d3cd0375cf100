import { describe, expect, it } from 'vitest';
import { parseHostMessage } from './bridge';
import { readParams } from './params';

describe('parseHostMessage', () => {
  it('accepts the host messages', () => {
    expect(parseHostMessage({ ponte: 1, type: 'open', focus: true })).toEqual({ type: 'open', focus: true });
    expect(parseHostMessage({ ponte: 1, type: 'open' })).toEqual({ type: 'open', focus: false });
    expect(parseHostMessage({ ponte: 1, type: 'close' })).toEqual({ type: 'close' });
    expect(parseHostMessage({ ponte: 1, type: 'setLocale', locale: 'es' })).toEqual({ type: 'setLocale', locale: 'es' });
    expect(parseHostMessage({ ponte: 1, type: 'token', token: 'tok' })).toEqual({ type: 'token', token: 'tok' });
    expect(parseHostMessage({ ponte: 1, type: 'identify', identity: { userId: 'u1', name: 7, evil: 'x' } })).toEqual({
      type: 'identify',
      identity: { userId: 'u1' },
    });
  });

  it('rejects foreign or malformed data', () => {
    expect(parseHostMessage({ type: 'open' })).toBeNull();
    expect(parseHostMessage('open')).toBeNull();
    expect(parseHostMessage({ ponte: 1, type: 'eval' })).toBeNull();
    expect(parseHostMessage({ ponte: 1, type: 'setLocale', locale: 'fr' })).toBeNull();
    expect(parseHostMessage({ ponte: 1, type: 'token', token: '' })).toBeNull();
  });
});

describe('readParams', () => {
  it('reads what the loader writes', () => {
    const query = new URLSearchParams({ site: 'demo', host: 'http://localhost:8080', locale: 'pt-BR', url: 'http://localhost:8080/p', title: 'Shop' });
    expect(readParams('?' + query)).toEqual({
      siteKey: 'demo',
      hostOrigin: 'http://localhost:8080',
      locale: 'pt-BR',
      page: { url: 'http://localhost:8080/p', title: 'Shop' },
    });
  });

  it('refuses a host that is not an origin, and defaults the locale', () => {
    expect(readParams('?site=demo&host=http://a.example/path')).toBeNull();
    expect(readParams('?site=demo&host=nope')).toBeNull();
    expect(readParams('?host=http://a.example')).toBeNull();
    expect(readParams('?site=demo&host=http://a.example&locale=fr')).toMatchObject({ locale: 'en' });
  });
});
