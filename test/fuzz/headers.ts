import type { FuzzContext } from './frames';
import { type Rng, percentEncode } from './random';

/**
 * Header values that have broken parsers somewhere: bad percent-escapes (decodeURIComponent
 * throws on them), quotes, empty names, prototype keys, sizes near and over the limits.
 */
export function badCookie(rng: Rng, ctx: FuzzContext, withRealSession = true): string {
  // Requests that end sessions (logout) must not carry the fuzz's own, or the agent lanes lose theirs.
  const real = withRealSession ? ctx.agentCookie : 'ponte_session=not-a-session';
  return rng.pick([
    'ponte_session=%',
    'ponte_session=%E0%A4%A',
    'ponte_session=%zz',
    'ponte_session=%ED%A0%80',
    'ponte_session=%00',
    `ponte_session=${'a'.repeat(rng.pick([129, 4096, 12_000]))}`,
    `${'a=1; '.repeat(rng.pick([10, 500, 3000]))}ponte_session=x`,
    'ponte_session="unterminated',
    'ponte_session=""',
    '=;=;;=',
    ';',
    'ponte_session',
    'ponte_session=a=b=c',
    '__proto__=1; constructor=2; hasOwnProperty=3',
    `ponte_session=${real.split('=')[1] ?? ''}%`,
    `ponte_session=%; ${real}`,
    `${real}; ponte_session=%E0%A4%A`,
    `ponte_session=${percentEncode(rng.unicode(12))}`,
    'ponte_session=ab\tcd',
  ]);
}

export function badOrigin(rng: Rng, ctx: FuzzContext): string {
  return rng.pick([
    ctx.origin,
    `http://localhost:${ctx.port}`,
    'null',
    'https://evil.example',
    'http://shop.test',
    'http://[',
    `http://user:pw@127.0.0.1:${ctx.port}`,
    `${ctx.origin}/path?q`,
    `https://127.0.0.1:${ctx.port}`,
    'file://',
    `http://${'a'.repeat(5000)}.example`,
    '%',
    `${ctx.origin}, https://evil.example`,
    'http://127.0.0.1:99999',
  ]);
}

/** Host values; undefined means the header is left out. */
export function badHost(rng: Rng, ctx: FuzzContext): string | undefined {
  return rng.pick([
    undefined,
    '',
    '[::1',
    `127.0.0.1:${ctx.port}:1`,
    '127.0.0.1:99999',
    'a b',
    'h'.repeat(5000),
    `127.0.0.1:${ctx.port}, evil.example`,
    'évil.example',
    `localhost:${ctx.port}`,
    '%',
    '[::1]:80',
    `127.0.0.1:${ctx.port}/x`,
  ]);
}

export function badForwardedFor(rng: Rng): string {
  return rng.pick([
    '1.2.3.4',
    'garbage',
    '::ffff:1.2.3.4',
    '999.999.999.999',
    ', , ,',
    Array.from({ length: 1000 }, (_, i) => `10.0.${i >> 8}.${i & 255}`).join(', '),
    'unknown',
    '[::1]:1234',
    '%',
    '127.0.0.1',
  ]);
}

export function contentType(rng: Rng): string | undefined {
  return rng.chance(0.7)
    ? 'application/json'
    : rng.pick([
        undefined,
        'application/json; charset=utf-8',
        'application/json; charset=utf-16',
        'application/json; charset=bogus',
        'application/json; charset=',
        'application/json; charset="utf-8',
        'text/plain',
        'text/yaml',
        'multipart/form-data; boundary=',
        'application/x-www-form-urlencoded',
        ';;;',
        '',
        'application/json, text/plain',
        '*/*',
        'application/problem+json',
        'application/json; =',
      ]);
}
