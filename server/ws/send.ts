import type { Message, ServerFrame } from '../../protocol/frames';
import { CloseCode } from '../../protocol/codes';
import { AppError, type AppErrorCode } from '../errors';
import type { Peer } from './peer';

/**
 * A client that stops reading (background tab, dead link) cannot grow our memory without bound:
 * past this many buffered bytes it is dropped, and it resumes from its last seq when it returns.
 */
export const MAX_BUFFERED_BYTES = 1024 * 1024;

/**
 * Each frame's JSON, made once: the bus hands the same frame object to every subscriber (a chat
 * message goes to the visitor's tabs and every agent watching), so serialising per peer was the
 * relay's largest cost (bench/README.md). Frames are never changed after they are published.
 */
const serialized = new WeakMap<object, string>();

export function send(peer: Peer, frame: ServerFrame): void {
  if (!peer.isOpen()) return;
  if (peer.bufferedBytes() > MAX_BUFFERED_BYTES) {
    console.warn('[ws] dropping a slow client: send buffer over 1 MiB');
    peer.close(CloseCode.Abuse, 'too slow');
    return;
  }
  let text = serialized.get(frame);
  if (text === undefined) {
    text = JSON.stringify(frame);
    serialized.set(frame, text);
  }
  peer.send(text);
}

/** The one place socket errors become frames. Unknown errors are logged and reported as internal. */
export function sendError(peer: Peer, error: unknown, ref?: string, reqId?: string): void {
  let code: AppErrorCode;
  let message: string;
  if (error instanceof AppError) {
    code = error.code;
    message = error.message;
  } else {
    console.error('[ws] unexpected error', error);
    code = 'internal';
    message = 'Something went wrong on our side. Try again.';
  }
  send(peer, { type: 'error', code, message, ...(ref === undefined ? {} : { ref }), ...(reqId === undefined ? {} : { reqId }) });
}

/** The ack of a stored message: its place in the transcript, echoing the sender's ids. */
export function ackFrame(frame: { clientMsgId: string; reqId?: string | undefined }, message: Message): ServerFrame {
  return {
    type: 'message.ack',
    clientMsgId: frame.clientMsgId,
    ...(frame.reqId === undefined ? {} : { reqId: frame.reqId }),
    conversationId: message.conversationId,
    id: message.id,
    seq: message.seq,
    createdAt: message.createdAt,
  };
}

type FreeSlots = Omit<Extract<ServerFrame, { type: 'callback.slots' }>, 'type'>;

/**
 * A booking or a reschedule that may lose the race for the last place at a time: on
 * `slot_full` the error goes back, then what is still free, so the picker never shows a full
 * time. Any other error is the caller's.
 */
export async function orFreeSlots(peer: Peer, frame: { type: string; reqId?: string | undefined }, work: () => Promise<unknown>, freeSlots: () => Promise<FreeSlots>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'slot_full') throw error;
    sendError(peer, error, frame.type, frame.reqId);
    send(peer, { type: 'callback.slots', ...(await freeSlots()) });
  }
}
