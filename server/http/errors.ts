import type { ErrorRequestHandler } from 'express';
import { AppError } from '../errors';

/** The one place HTTP errors become responses: `{ error: { code, message } }`. */
export const errorHandler: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
  if (error instanceof AppError) {
    res.status(error.status).json({ error: { code: error.code, message: error.message } });
    return;
  }
  // body-parser's errors carry a status and a type; they are the client's fault.
  const status = typeof error === 'object' && error !== null && 'status' in error ? Number(error.status) : 500;
  if (status === 413) {
    res.status(413).json({ error: { code: 'too_large', message: 'The request body is too large.' } });
    return;
  }
  if (status === 400) {
    res.status(400).json({ error: { code: 'invalid_json', message: 'The request body is not valid JSON.' } });
    return;
  }
  console.error('[http] unexpected error', error);
  res.status(500).json({ error: { code: 'internal', message: 'Something went wrong on our side.' } });
};
