import type * as z from 'zod/mini';
import { AgentFrame, ReqId, VisitorFrame } from '../../protocol/frames';
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

export type Parsed<F> = { ok: true; frame: F } | { ok: false; error: AppError; ref: string | undefined; reqId: string | undefined };

type RoleUnion = typeof VisitorFrame | typeof AgentFrame;
const types = (union: RoleUnion): ReadonlySet<unknown> => new Set(union.def.options.flatMap((option) => [...option.shape.type.def.values]));
const ROLES = {
  visitor: { union: VisitorFrame, types: types(VisitorFrame), otherTypes: types(AgentFrame), other: 'Only agents can do that.' },
  agent: { union: AgentFrame, types: types(AgentFrame), otherTypes: types(VisitorFrame), other: 'Only visitors can do that.' },
} as const;

/**
 * Validates a frame after the hello against the union of the connection's role. A type of the
 * other role only is `forbidden`; a type nobody knows is `unknown_type`; a known type with a bad
 * field is `invalid_frame`, referring to its clientMsgId when it has one, so the client's outbox
 * can tell which message was refused.
 */
export function parseFrame<R extends keyof typeof ROLES>(
  role: R,
  value: unknown,
  type: unknown,
): Parsed<R extends 'visitor' ? VisitorFrame : AgentFrame> {
  const { union, types: own, otherTypes, other } = ROLES[role];
  const parsed = union.safeParse(value);
  if (parsed.success) return { ok: true, frame: parsed.data as R extends 'visitor' ? VisitorFrame : AgentFrame };
  const ref = typeof type === 'string' ? type.slice(0, QUOTE_CHARS) : undefined;
  const reqId = reqIdOf(value);
  if (own.has(type)) return { ok: false, error: new AppError('invalid_frame', 400, describeIssue(parsed.error)), ref: clientMsgIdOf(value) ?? ref, reqId };
  if (otherTypes.has(type)) return { ok: false, error: new AppError('forbidden', 403, other), ref: clientMsgIdOf(value) ?? ref, reqId };
  // Only a string is quoted back: a `type` that is a deeply nested object would overflow the stack of JSON.stringify.
  const named = typeof type === 'string' ? JSON.stringify(type.slice(0, QUOTE_CHARS)) : `of kind ${type === null ? 'null' : typeof type}`;
  return { ok: false, error: new AppError('unknown_type', 400, `Unknown frame type ${named}.`), ref, reqId };
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

/** A refused frame's reqId is echoed only when it is one (a string of the allowed length). */
function reqIdOf(value: unknown): string | undefined {
  const id = typeof value === 'object' && value !== null ? (value as { reqId?: unknown }).reqId : undefined;
  return typeof id === 'string' && ReqId.safeParse(id).success ? id : undefined;
}

function clientMsgIdOf(value: unknown): string | undefined {
  const id = typeof value === 'object' && value !== null ? (value as { clientMsgId?: unknown }).clientMsgId : undefined;
  return typeof id === 'string' ? id.slice(0, QUOTE_CHARS) : undefined;
}

/** The end of an exhaustive `switch` over a parsed frame: a new frame type fails to compile until each router handles it. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled frame ${JSON.stringify(value)}`);
}
