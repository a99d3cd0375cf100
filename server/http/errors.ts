import type { ErrorRequestHandler } from 'express';
import { AppError } from '../errors';

/**
 * The one place HTTP errors become responses: `{ error: { code, message } }`. Middleware errors
 * (body-parser, express.static, http-errors) carry a 4xx `status`: the client's fault, answered
 * as such and not logged as ours. Anything else is a 500 with no detail, logged here.
 */
export const errorHandler: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
  if (res.headersSent) {
    // A stream already started (SSE): all that is left is to end it.
    res.end();
    return;
  }
  if (error instanceof AppError) {
    res.status(error.status).json({ error: { code: error.code, message: error.message } });
    return;
  }
  const status = clientStatus(error);
  if (status !== undefined && typeof error === 'object' && error !== null) {
    res.status(status).json({ error: clientError(status, error) });
    return;
  }
  console.error('[http] unexpected error', error);
  res.status(500).json({ error: { code: 'internal', message: 'Something went wrong on our side.' } });
};

function clientStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = 'status' in error ? Number(error.status) : 'statusCode' in error ? Number(error.statusCode) : NaN;
  return Number.isInteger(status) && status >= 400 && status < 500 ? status : undefined;
}

function clientError(status: number, error: object): { code: string; message: string } {
  const type = 'type' in error ? String(error.type) : '';
  switch (status) {
    case 400:
      return type === 'entity.parse.failed'
        ? { code: 'invalid_json', message: 'The request body is not valid JSON.' }
        : { code: 'invalid_body', message: 'The request could not be read.' };
    case 404:
      return { code: 'not_found', message: 'Not found.' };
    case 413:
      return { code: 'too_large', message: 'The request body is too large.' };
    case 415:
      return { code: 'invalid_body', message: 'This content type is not accepted here.' };
    default:
      return { code: 'invalid_body', message: 'The request was refused.' };
  }
}
