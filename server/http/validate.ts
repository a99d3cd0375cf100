import type * as z from 'zod';
import { AppError } from '../errors';

/** Parses an HTTP body at the trust boundary; the first problem becomes a readable 400. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  return parseOr('invalid_body', 'Invalid request body.', schema, body ?? {});
}

/** Parses a query string (`req.query`) the same way; the 400 says `invalid_query`. */
export function parseQuery<T extends z.ZodType>(schema: T, query: unknown): z.infer<T> {
  return parseOr('invalid_query', 'Invalid query string.', schema, query ?? {});
}

function parseOr<T extends z.ZodType>(code: 'invalid_body' | 'invalid_query', fallback: string, schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? '' : `${issue.path.join('.')}: `;
  throw new AppError(code, 400, `${where}${issue?.message ?? fallback}`);
}
