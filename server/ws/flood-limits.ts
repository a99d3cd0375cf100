import { CloseCode } from '../../protocol/codes';
import { AppError } from '../errors';
import type { Limits } from '../security/limits';
import type { Connection } from './connection';
import { sendError } from './send';

/**
 * A flooding client is closed (4429) rather than slowed: it costs memory while its frames wait
 * and CPU while they are parsed. Closing loses nothing, since everything acknowledged is already
 * on disk and the client resumes from its last seq.
 */
export function closeForAbuse(connection: Connection, reason: string): void {
  if (connection.disposed()) return;
  sendError(connection.peer, new AppError('rate_limited', 429, `Too many frames (${reason}); reconnect in a while.`));
  connection.peer.close(CloseCode.Abuse, reason);
  connection.dispose();
}

/** Takes one frame from the connection's budget; past it the connection is closed and this is false. */
export async function takeFrame(connection: Connection, limits: Limits, connectionKey: string): Promise<boolean> {
  try {
    await limits.frames.take(connectionKey, 'Too many frames.');
    return true;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    closeForAbuse(connection, 'frame rate');
    return false;
  }
}

export type InboundQueue = {
  /** Queues `task` after every earlier one; false (nothing queued) when `capacity` tasks already wait. */
  push(task: () => Promise<void>): boolean;
};

/**
 * Frames are handled strictly in arrival order, one at a time (a promise chain), and only
 * `capacity` of them may wait: a client that sends faster than the store writes cannot grow
 * memory without end. A task that throws goes to `onError` and the chain goes on.
 */
export function createInboundQueue(capacity: number, onError: (error: unknown) => void): InboundQueue {
  let tail: Promise<void> = Promise.resolve();
  let pending = 0;
  return {
    push(task) {
      if (pending >= capacity) return false;
      pending += 1;
      tail = tail
        .then(task)
        .catch(onError)
        .finally(() => {
          pending -= 1;
        });
      return true;
    },
  };
}
