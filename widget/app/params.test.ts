import { afterEach, describe, expect, it, vi } from 'vitest';
import { visitorTimeZone } from './params';

describe('visitorTimeZone', () => {
  afterEach(() => vi.restoreAllMocks());

  it('passes an IANA name through', () => {
    expect(visitorTimeZone(() => 'America/Sao_Paulo')).toBe('America/Sao_Paulo');
  });

  it('omits what the hello would refuse or the browser cannot say', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(visitorTimeZone(() => undefined)).toBeUndefined();
    expect(visitorTimeZone(() => '')).toBeUndefined();
    expect(visitorTimeZone(() => 'X'.repeat(65))).toBeUndefined();
    expect(
      visitorTimeZone(() => {
        throw new RangeError('no Intl');
      }),
    ).toBeUndefined();
    expect(warn).toHaveBeenCalledOnce();
  });
});
