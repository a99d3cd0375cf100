import type { ErrorCode } from '../protocol/codes';

/**
 * The one error type the server throws on purpose. Each transport maps it to the wire in one
 * place: the Express error middleware (`http/errors.ts`) and `sendError` for sockets.
 */
export class AppError extends Error {
  readonly code: ErrorCode | 'invalid_body';
  readonly status: number;

  constructor(code: ErrorCode | 'invalid_body', status: number, message: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.status = status;
  }
}
