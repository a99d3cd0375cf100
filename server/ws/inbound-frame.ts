import type * as z from 'zod/mini';
import { ClientFrame } from '../../protocol/frames';
import { AppError } from '../errors';

/** Longest piece of client input quoted back in an error's `ref` or message. */
const QUOTE_CHARS = 64;

export type Decoded = { ok: true; value: unknown; type: unknown } | { ok: false; error: AppError };

/** Raw transport data to a JSON value and its claimed `type`, not yet validated. */
export function decode(data: string | Buffer, isBinary: boolean): Decoded {
  if (isBinary) return { ok: false, error: new AppError('invalid_frame', 400, 'Frames are JSON text, not binary.') };
  let value: unknown;
  try {
    value = JSON.parse(data.toString(), wellFormed);
  } catch {
    // The parse failure is the client's fault and fully reported back to it.
    return { ok: false, error: new AppError('invalid_json', 400, 'The frame is not valid JSON.') };
  }
  const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  return { ok: true, value, type };
}

export type Parsed = { ok: true; frame: ClientFrame } | { ok: false; error: AppError; ref: string | undefined };

/**
 * Validates a frame after the hello. A type nobody knows is `unknown_type`; a known type with a
 * bad field is `invalid_frame`, referring to its clientMsgId when it has one, so the client's
 * outbox can tell which message was refused.
 */
export function parseClientFrame(value: unknown, type: unknown): Parsed {
  const parsed = ClientFrame.safeParse(value);
  if (parsed.success) return { ok: true, frame: parsed.data };
  const known = ClientFrame.def.options.some((option) => option.shape.type.def.values.includes(type as never));
  const ref = typeof type === 'string' ? type.slice(0, QUOTE_CHARS) : undefined;
  if (!known) {
    // Only a string is quoted back: a `type` that is a deeply nested object would overflow the stack of JSON.stringify.
    const named = typeof type === 'string' ? JSON.stringify(type.slice(0, QUOTE_CHARS)) : `of kind ${type === null ? 'null' : typeof type}`;
    return { ok: false, error: new AppError('unknown_type', 400, `Unknown frame type ${named}.`), ref };
  }
  return { ok: false, error: new AppError('invalid_frame', 400, describeIssue(parsed.error)), ref: clientMsgIdOf(value) ?? ref };
}

/** The first issue of a schema failure, as one line a developer can act on. */
export function describeIssue(error: z.core.$ZodError): string {
  const issue = error.issues[0];
  if (issue === undefined) return 'Invalid frame.';
  const where = issue.path.length === 0 ? '' : `${issue.path.join('.')}: `;
  return `${where}${issue.message}`;
}

/**
 * NOTE: JSON may carry lone surrogates ("\ud800") that no UTF-8 store can keep: SQLite would store
 * U+FFFD instead, so the stored text would differ from what was acknowledged and a resend would
 * conflict. They become U+FFFD here, at the boundary, before anything is acked, stored or relayed.
 */
function wellFormed(_key: string, value: unknown): unknown {
  if (typeof value !== 'string' || (value as string & { isWellFormed(): boolean }).isWellFormed()) return value;
  return (value as string & { toWellFormed(): string }).toWellFormed();
}

function clientMsgIdOf(value: unknown): string | undefined {
  const id = typeof value === 'object' && value !== null ? (value as { clientMsgId?: unknown }).clientMsgId : undefined;
  return typeof id === 'string' ? id.slice(0, QUOTE_CHARS) : undefined;
}

/** The end of an exhaustive `switch` over a parsed frame: a new frame type fails to compile until each router handles it. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled frame ${JSON.stringify(value)}`);
}
