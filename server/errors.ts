import type { ErrorCode } from '../protocol/codes';

/** The wire's codes, and HTTP's own: a body or a query string that does not validate. */
export type AppErrorCode =
  | ErrorCode
  | 'invalid_body'
  | 'invalid_query'
  // Sites (issue 14): settings saved by someone else since, bad origins, unreadable colours, avatars.
  | 'stale_site'
  | 'invalid_origins'
  | 'low_contrast'
  | 'unsupported_image';

/**
 * The one error type the server throws on purpose. Each transport maps it to the wire in one
 * place: the Express error middleware (`http/errors.ts`) and `sendError` for sockets.
 */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly status: number;

  constructor(code: AppErrorCode, status: number, message: string) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.status = status;
  }
}
