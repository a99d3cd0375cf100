import type * as z from 'zod';
import { AppError } from '../errors';

/** Parses an HTTP body at the trust boundary; the first problem becomes a readable 400. */
export function parseBody<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue === undefined || issue.path.length === 0 ? '' : `${issue.path.join('.')}: `;
  throw new AppError('invalid_body', 400, `${where}${issue?.message ?? 'Invalid request body.'}`);
}
