import { parseCookie, stringifySetCookie } from 'cookie';

export const SESSION_COOKIE = 'ponte_session';

/**
 * Reads one cookie from a Cookie header. NOTE: `cookie` (the parser Express itself uses) never
 * throws on malformed input — a bad percent-escape comes back as written — which a hand-written
 * `decodeURIComponent` did, inside the WebSocket upgrade handler, taking the process down.
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined || header === '') return undefined;
  return parseCookie(header)[name];
}

export function sessionCookie(token: string, maxAgeMs: number, secure: boolean): string {
  return stringifySetCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    maxAge: Math.floor(maxAgeMs / 1000),
    secure,
  });
}

export function clearedSessionCookie(secure: boolean): string {
  return stringifySetCookie(SESSION_COOKIE, '', { path: '/', httpOnly: true, sameSite: 'strict', maxAge: 0, secure });
}
