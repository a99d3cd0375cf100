import type WebSocket from 'ws';
import type { ServerFrame } from '../../protocol/frames';
import { CloseCode, type ErrorCode } from '../../protocol/codes';
import { AppError } from '../errors';

/**
 * A client that stops reading (background tab, dead link) cannot grow our memory without bound:
 * past this many buffered bytes it is dropped, and it resumes when it reconnects.
 */
const MAX_BUFFERED_BYTES = 1024 * 1024;

export function send(ws: WebSocket, frame: ServerFrame): void {
  if (ws.readyState !== ws.OPEN) return;
  if (ws.bufferedAmount > MAX_BUFFERED_BYTES) {
    console.warn('[ws] dropping a slow client: send buffer over 1 MiB');
    ws.close(CloseCode.Abuse, 'too slow');
    return;
  }
  ws.send(JSON.stringify(frame));
}

/** The one place socket errors become frames. Unknown errors are logged and reported as internal. */
export function sendError(ws: WebSocket, error: unknown, ref?: string): void {
  let code: ErrorCode | 'invalid_body';
  let message: string;
  if (error instanceof AppError) {
    code = error.code;
    message = error.message;
  } else {
    console.error('[ws] unexpected error', error);
    code = 'internal';
    message = 'Something went wrong on our side. Try again.';
  }
  send(ws, { type: 'error', code, message, ...(ref === undefined ? {} : { ref }) });
}
