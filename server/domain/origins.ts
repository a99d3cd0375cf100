import { AppError } from '../errors';

export const MAX_ORIGINS = 20;

/**
 * One allowed origin as an admin typed it, normalised (`new URL(x).origin`), or the reason it is
 * not an origin. An origin is exactly scheme (http/https), host and optional port: no path, query,
 * fragment, wildcard or user info, because the browser compares it whole (CSP frame-ancestors, the
 * hello's hostOrigin) and anything more would silently never match.
 */
export function parseOrigin(input: string): { origin: string } | { problem: string } {
  const text = input.trim();
  if (text === '') return { problem: 'is empty' };
  if (text.includes('*')) return { problem: 'has a wildcard; list each origin, e.g. https://shop.example' };
  if (!URL.canParse(text)) return { problem: 'is not a URL; write it like https://shop.example' };
  const url = new URL(text);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { problem: 'must start with https:// or http://' };
  if (url.username !== '' || url.password !== '' || /^[a-z]+:\/\/[^/]*@/i.test(text)) {
    return { problem: 'has user info (name@); leave it out' };
  }
  // `new URL` adds "/" for an empty path: a bare origin has no path beyond it, no ? and no #.
  const afterHost = text.replace(/^[a-z]+:\/\/[^/?#]*/i, '');
  if (afterHost !== '' && afterHost !== '/') return { problem: 'has a path, query or fragment; keep only scheme, host and port' };
  if (url.hostname === '') return { problem: 'has no host' };
  return { origin: url.origin };
}

/** Validates and normalises a list of allowed origins; the first bad one is named in a 400. */
export function parseOrigins(inputs: readonly string[]): string[] {
  if (inputs.length > MAX_ORIGINS) {
    throw new AppError('invalid_origins', 400, `allowedOrigins: at most ${MAX_ORIGINS} origins per site.`);
  }
  const seen = new Set<string>();
  for (const input of inputs) {
    const parsed = parseOrigin(input);
    const shown = JSON.stringify(input.slice(0, 100));
    if ('problem' in parsed) throw new AppError('invalid_origins', 400, `allowedOrigins: ${shown} ${parsed.problem}.`);
    if (seen.has(parsed.origin)) {
      throw new AppError('invalid_origins', 400, `allowedOrigins: ${parsed.origin} is listed twice.`);
    }
    seen.add(parsed.origin);
  }
  return [...seen];
}
