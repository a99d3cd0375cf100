import { connect } from 'node:net';

/** What came back for bytes written on a bare TCP connection. */
export type Exchange = {
  /** Final response statuses in order (1xx other than 101 left out). */
  statuses: number[];
  /** The start of what the server wrote, for reports. */
  head: string;
  /** `ECONNREFUSED` when nothing listens (the server is down), or another socket error code. */
  error: string | undefined;
  /** No response at all within the time allowed. */
  timedOut: boolean;
  /** What the server wrote after a `101 Switching Protocols` (its WebSocket frames). */
  afterUpgrade: Buffer;
};

const MAX_KEPT = 256 * 1024;

/**
 * Writes `parts` (a few ms apart, so the server's parser meets split input) and reads responses
 * until the connection closes, `timeoutMs` passes, or `graceMs` after the last response. After a
 * 101 it writes `afterUpgrade` and keeps reading for `graceMs * 5`.
 */
export function exchange(
  port: number,
  parts: Buffer[],
  options: { timeoutMs?: number; graceMs?: number; afterUpgrade?: Buffer } = {},
): Promise<Exchange> {
  const timeoutMs = options.timeoutMs ?? 2000;
  const graceMs = options.graceMs ?? 40;
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    const statuses: number[] = [];
    let received = Buffer.alloc(0);
    let parsedUpTo = 0;
    let upgraded: Buffer | undefined;
    let error: string | undefined;
    let settled = false;
    let grace: NodeJS.Timeout | undefined;

    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(grace);
      socket.destroy();
      resolve({
        statuses,
        head: received.subarray(0, 300).toString('latin1'),
        error,
        timedOut: expired && statuses.length === 0 && upgraded === undefined,
        afterUpgrade: upgraded ?? Buffer.alloc(0),
      });
    };
    let expired = false;
    const timer = setTimeout(() => {
      expired = true;
      finish();
    }, timeoutMs);
    const finishSoon = (ms: number) => {
      clearTimeout(grace);
      grace = setTimeout(finish, ms);
    };

    /** Walks complete response heads; bodies are skipped by Content-Length where there is one. */
    const parse = () => {
      for (;;) {
        const end = received.indexOf('\r\n\r\n', parsedUpTo);
        if (end === -1) return;
        const head = received.subarray(parsedUpTo, end).toString('latin1');
        const status = Number(/^HTTP\/\d(?:\.\d)? (\d{3})/.exec(head)?.[1] ?? NaN);
        parsedUpTo = end + 4;
        if (Number.isNaN(status)) return;
        if (status === 101) {
          upgraded = received.subarray(parsedUpTo);
          if (options.afterUpgrade !== undefined && options.afterUpgrade.length > 0) socket.write(options.afterUpgrade);
          finishSoon(graceMs * 5);
          return;
        }
        if (status < 200) continue;
        statuses.push(status);
        finishSoon(graceMs);
        const length = /\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1];
        if (length === undefined) return;
        parsedUpTo += Number(length);
      }
    };

    socket.on('connect', () => {
      void (async () => {
        for (const [i, part] of parts.entries()) {
          if (socket.destroyed) return;
          if (i > 0) await new Promise((r) => setTimeout(r, 3));
          socket.write(part);
        }
      })();
    });
    socket.on('data', (chunk: Buffer) => {
      if (upgraded !== undefined) {
        if (upgraded.length < MAX_KEPT) upgraded = Buffer.concat([upgraded, chunk]);
        return;
      }
      if (received.length < MAX_KEPT) received = Buffer.concat([received, chunk]);
      parse();
    });
    // The server ending or resetting the connection is an outcome under test, not an error of ours.
    socket.on('error', (e: NodeJS.ErrnoException) => {
      error = e.code ?? e.message;
      finish();
    });
    socket.on('end', () => finishSoon(5));
    socket.on('close', finish);
  });
}

/** One WebSocket frame, well-formed or not (RFC 6455 §5.2), as a client would put it on the wire. */
export function wsFrame(frame: {
  opcode: number;
  payload: Buffer;
  fin?: boolean;
  rsv?: number;
  mask?: boolean;
  /** Announce a length other than the payload's (a lie the parser must survive). */
  declaredLength?: bigint;
}): Buffer {
  const mask = frame.mask ?? true;
  const length = frame.declaredLength ?? BigInt(frame.payload.length);
  const first = ((frame.fin ?? true) ? 0x80 : 0) | (((frame.rsv ?? 0) & 7) << 4) | (frame.opcode & 0x0f);
  let header: Buffer;
  if (length < 126n) {
    header = Buffer.from([first, (mask ? 0x80 : 0) | Number(length)]);
  } else if (length < 65536n) {
    header = Buffer.alloc(4);
    header[0] = first;
    header[1] = (mask ? 0x80 : 0) | 126;
    header.writeUInt16BE(Number(length), 2);
  } else {
    header = Buffer.alloc(10);
    header[0] = first;
    header[1] = (mask ? 0x80 : 0) | 127;
    header.writeBigUInt64BE(length & 0xffffffffffffffffn, 2);
  }
  if (!mask) return Buffer.concat([header, frame.payload]);
  const key = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  const body = Buffer.from(frame.payload);
  for (let i = 0; i < body.length; i++) body[i] = (body[i] as number) ^ (key[i % 4] as number);
  return Buffer.concat([header, key, body]);
}
