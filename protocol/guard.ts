import type { ServerFrame } from './frames';

/**
 * The tiny runtime guard browser code uses instead of zod: the server is trusted to send
 * well-formed frames, so the client only checks that a parsed value is a frame at all.
 */
export function parseServerFrame(data: unknown): ServerFrame | null {
  if (typeof data !== 'string') return null;
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch (error) {
    // NOTE: a non-JSON frame from our own server is a bug; report it, keep the connection.
    console.warn('[ponte] dropped a non-JSON frame', error);
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const type = (value as { type?: unknown }).type;
  return typeof type === 'string' ? (value as ServerFrame) : null;
}
