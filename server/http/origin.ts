import type { IncomingMessage } from 'node:http';

/**
 * True when a browser request comes from the relay's own pages (console, widget frame), or from
 * a non-browser client that sends no Origin. Blocks cross-site WebSocket hijacking and CSRF.
 */
export function isSameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const host = req.headers.host;
  if (host === undefined) return false;
  try {
    return new URL(origin).host === host;
  } catch {
    // An Origin header that is not a URL ("null" from sandboxed frames) is never ours.
    return false;
  }
}
