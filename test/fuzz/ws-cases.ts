import WebSocket from 'ws';
import { type FuzzCase, type Lane, emptyOutcome, type Outcome } from './fuzz-case';
import { type FuzzContext, FRAME_TYPES, agentHello, fuzzFrameBytes, validFrame, visitorHello } from './frames';
import { badCookie, badForwardedFor, badHost, badOrigin } from './headers';
import { exchange, wsFrame } from './raw-socket';
import { type Rng, Obj, clip, mutateObj, printable, show, writeJson } from './random';
import { readServerFrame } from './server-frames';

type Step = { data: Buffer; binary: boolean; hello?: boolean };

const helloBytes = (rng: Rng, hello: Record<string, unknown>): Buffer =>
  Buffer.from(writeJson(rng.chance(0.25) ? mutateObj(rng, Obj.from(hello), FRAME_TYPES) : Obj.from(hello)));

function steps(rng: Rng, ctx: FuzzContext, role: 'visitor' | 'agent'): Step[] {
  const out: Step[] = [];
  const text = (data: Buffer): Step => ({ data, binary: false });
  // Frames before hello: each must get `hello_required` (or `invalid_json`), never a crash.
  for (let i = rng.int(3); i > 0; i--) out.push(text(fuzzFrameBytes(rng, validFrame(rng, ctx, role))));
  if (rng.chance(0.9)) out.push({ ...text(helloBytes(rng, role === 'agent' ? agentHello() : visitorHello(rng, ctx))), hello: true });
  for (let i = rng.range(1, 25); i > 0; i--) {
    const roll = rng.next();
    if (roll < 0.75) out.push(text(fuzzFrameBytes(rng, validFrame(rng, ctx, role))));
    else if (roll < 0.85) out.push(text(helloBytes(rng, rng.chance(0.5) ? agentHello() : visitorHello(rng, ctx))));
    else if (roll < 0.95) out.push({ data: rng.bytes(rng.int(300)), binary: true });
    else if (roll < 0.98) out.push(text(Buffer.from(JSON.stringify({ type: 'ping', pad: 'x'.repeat(70_000) }))));
    // A burst past the inbound queue (64 frames): the socket must close 4429, the process live on.
    else for (let j = 0; j < 80; j++) out.push(text(Buffer.from('{"type":"ping"}')));
  }
  return out;
}

function wsHeaders(rng: Rng, ctx: FuzzContext, role: 'visitor' | 'agent'): Record<string, string> {
  const headers: Record<string, string> = {};
  if (role === 'agent') headers.cookie = rng.chance(0.85) ? ctx.agentCookie : badCookie(rng, ctx);
  else if (rng.chance(0.3)) headers.cookie = badCookie(rng, ctx);
  if (rng.chance(0.3)) headers.origin = badOrigin(rng, ctx);
  if (rng.chance(0.15)) headers['x-forwarded-for'] = badForwardedFor(rng);
  if (rng.chance(0.1)) headers['user-agent'] = rng.pick(['x'.repeat(5000), '', 'Mozilla/5.0 (\u00e9)']);
  return headers;
}

/** Waits until the socket closes, or the server has been quiet for a moment. */
async function settle(ws: WebSocket, frames: unknown[], maxMs: number): Promise<void> {
  const started = Date.now();
  let seen = frames.length;
  let quietSince = Date.now();
  while (ws.readyState !== WebSocket.CLOSED && Date.now() - started < maxMs) {
    await new Promise((r) => setTimeout(r, 20));
    if (frames.length !== seen) {
      seen = frames.length;
      quietSince = Date.now();
    } else if (Date.now() - quietSince > 150) return;
  }
}

async function runScript(ctx: FuzzContext, headers: Record<string, string>, script: Step[], end: 'close' | 'terminate'): Promise<Outcome> {
  const out = emptyOutcome();
  let ws: WebSocket;
  try {
    ws = new WebSocket(`ws://127.0.0.1:${ctx.port}/ws`, { headers, handshakeTimeout: 5000 });
  } catch (error) {
    // The client library refused a header value; nothing reached the server.
    out.notes.push(`client refused: ${error instanceof Error ? error.message.slice(0, 60) : String(error)}`);
    return out;
  }
  const frames: string[] = [];
  let closeCode: number | undefined;
  const closed = new Promise<void>((resolve) =>
    ws.on('close', (code) => {
      closeCode = code;
      resolve();
    }),
  );
  ws.on('message', (data, isBinary) => frames.push(isBinary ? '\u0000binary' : data.toString()));
  // Errors are outcomes here (a refused upgrade, a reset); the 'close' that follows is recorded.
  ws.on('error', (error: NodeJS.ErrnoException) => out.notes.push(`ws error ${error.code ?? 'unknown'}`));
  const opened = await new Promise<'open' | number | string>((resolve) => {
    ws.once('open', () => resolve('open'));
    ws.once('unexpected-response', (req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      req.destroy();
    });
    ws.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
  if (opened !== 'open') {
    if (typeof opened === 'number') out.statuses.push(opened);
    out.refused = opened === 'ECONNREFUSED';
    ws.terminate();
    return out;
  }
  out.statuses.push(101);
  for (const step of script) {
    if (ws.readyState !== WebSocket.OPEN) break;
    ws.send(step.data, { binary: step.binary });
    await new Promise((r) => setImmediate(r));
  }
  await settle(ws, frames, 2000);
  if (end === 'close' && ws.readyState === WebSocket.OPEN) ws.close(1000);
  else ws.terminate();
  await Promise.race([closed, new Promise((r) => setTimeout(r, 1000))]);
  ws.terminate();
  for (const text of frames) {
    const { problem } = text === '\u0000binary' ? { problem: 'server sent a binary frame' } : readServerFrame(text);
    if (problem !== undefined) out.problems.push(problem);
  }
  if (closeCode !== undefined) out.notes.push(`close ${closeCode}`);
  if (closeCode === 1011) out.problems.push('server closed the socket with 1011 (internal error)');
  return out;
}

function scriptCase(ctx: FuzzContext, role: string, headers: Record<string, string>, script: Step[], end: 'close' | 'terminate'): FuzzCase {
  return {
    summary: `${role} socket, ${script.length} frames, headers ${clip(JSON.stringify(headers), 200)}`,
    detail: JSON.stringify({ headers, frames: script.map((s) => (s.binary ? { binary: s.data.toString('base64') } : printable(s.data, 400))), end }),
    run: () => runScript(ctx, headers, script, end),
    smaller: () => {
      const hello = script.find((s) => s.hello === true);
      return script.filter((s) => s !== hello).map((s) => scriptCase(ctx, role, headers, hello === undefined ? [s] : [hello, s], 'close'));
    },
  };
}

/** Whole connections through the `ws` client: odd upgrade headers, frames before and after hello. */
export const wsLane: Lane = {
  name: 'ws',
  workers: 3,
  make(rng, ctx) {
    const role = rng.chance(0.3) ? 'agent' : 'visitor';
    const headers = wsHeaders(rng, ctx, role);
    const script = steps(rng, ctx, role);
    return scriptCase(ctx, role, headers, script, rng.chance(0.7) ? 'close' : 'terminate');
  },
};

function upgradeRequest(rng: Rng, ctx: FuzzContext): string {
  const key = rng.chance(0.9) ? rng.bytes(16).toString('base64') : rng.pick(['', 'x', '!!!!', 'a'.repeat(500), rng.bytes(15).toString('base64')]);
  const path = rng.chance(0.7) ? '/ws' : rng.pick(['/ws?x=%', '/ws/', '/WS', '/ws%00', '/../ws', '/wsx', '//ws', '/ws#', `http://x/ws`, '/ws?token=%E0%A4%A', `/ws?${'a'.repeat(9000)}`]);
  const method = rng.chance(0.9) ? 'GET' : rng.pick(['POST', 'get', 'CONNECT']);
  const host = rng.chance(0.85) ? `127.0.0.1:${ctx.port}` : badHost(rng, ctx);
  const lines = [`${method} ${path} HTTP/1.1`];
  if (host !== undefined) lines.push(`Host: ${host}`);
  const maybe = (header: string, normal: string, odd: string[]) => {
    if (rng.chance(0.85)) lines.push(`${header}: ${normal}`);
    else if (rng.chance(0.7)) lines.push(`${header}: ${rng.pick(odd)}`);
  };
  maybe('Upgrade', 'websocket', ['WebSocket', 'h2c', 'websocket, h2c', '']);
  maybe('Connection', 'Upgrade', ['keep-alive, Upgrade', 'close', 'upgrade, upgrade', '']);
  lines.push(`Sec-WebSocket-Key: ${key}`);
  maybe('Sec-WebSocket-Version', '13', ['8', '99', 'x', '13, 8', '']);
  if (rng.chance(0.1)) lines.push(`Sec-WebSocket-Protocol: ${rng.pick(['chat', ',,,', 'a b', 'x'.repeat(300)])}`);
  if (rng.chance(0.1)) lines.push(`Sec-WebSocket-Extensions: ${rng.pick(['permessage-deflate; client_max_window_bits=99', 'permessage-deflate; x', ';;'])}`);
  if (rng.chance(0.5)) lines.push(`Cookie: ${rng.chance(0.3) ? ctx.agentCookie : badCookie(rng, ctx)}`);
  if (rng.chance(0.05)) lines.push(`Cookie: ponte_session=${rng.unicode(10)}`);
  if (rng.chance(0.3)) lines.push(`Origin: ${badOrigin(rng, ctx)}`);
  if (rng.chance(0.15)) lines.push(`X-Forwarded-For: ${badForwardedFor(rng)}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** WebSocket frames a real client library would never write: bad opcodes, lengths, masks, UTF-8. */
function rawFrames(rng: Rng, ctx: FuzzContext): Buffer {
  const frames: Buffer[] = [];
  if (rng.chance(0.6)) frames.push(wsFrame({ opcode: 1, payload: Buffer.from(JSON.stringify(visitorHello(rng, ctx))) }));
  for (let i = rng.range(1, 5); i > 0; i--) {
    const payload = fuzzFrameBytes(rng, validFrame(rng, ctx, 'visitor'));
    switch (rng.int(9)) {
      case 0:
        frames.push(wsFrame({ opcode: rng.int(16), payload }));
        break;
      case 1:
        frames.push(wsFrame({ opcode: 1, payload, rsv: rng.range(1, 7) }));
        break;
      case 2:
        frames.push(wsFrame({ opcode: 1, payload, mask: false }));
        break;
      case 3:
        frames.push(wsFrame({ opcode: 9, payload: rng.bytes(rng.pick([0, 125, 126, 300])), fin: rng.chance(0.5) }));
        break;
      case 4:
        frames.push(wsFrame({ opcode: 8, payload: rng.pick([Buffer.from([3]), Buffer.from([0x03, 0xe7]), Buffer.from([0x03, 0xed]), Buffer.from([0x13, 0x88]), Buffer.from([0x03, 0xe8, 0xff, 0xfe])]) }));
        break;
      case 5:
        frames.push(wsFrame({ opcode: 1, payload: payload.subarray(0, 3), fin: false }), wsFrame({ opcode: rng.pick([0, 1, 2, 9]), payload: payload.subarray(3) }));
        break;
      case 6:
        frames.push(wsFrame({ opcode: 0, payload }));
        break;
      case 7:
        frames.push(wsFrame({ opcode: 1, payload, declaredLength: rng.pick([2n ** 63n - 1n, 2n ** 64n - 1n, 65_537n, BigInt(payload.length + 10)]) }));
        break;
      default:
        frames.push(wsFrame({ opcode: 1, payload: Buffer.from([0xed, 0xa0, 0x80, 0xff]) }));
    }
  }
  return Buffer.concat(frames);
}

/** Bytes that are not HTTP, or HTTP that stops halfway: the server's first line of defence. */
function garbage(rng: Rng, ctx: FuzzContext): Buffer {
  switch (rng.int(9)) {
    case 0:
      return rng.bytes(rng.range(1, 4000));
    case 1:
      return Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');
    case 2:
      return Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03, ...rng.bytes(40)]);
    case 3:
      return Buffer.from(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${ctx.port}\r\nX: ${'a'.repeat(rng.pick([9000, 20_000, 70_000]))}\r\n\r\n`);
    case 4:
      return Buffer.from(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${ctx.port}\r\n${Array.from({ length: 3000 }, (_, i) => `X-${i}: y`).join('\r\n')}\r\n\r\n`);
    case 5:
      return Buffer.from(`GET /he\u0000althz HTTP/1.1\r\nHost: 127.0.0.1:${ctx.port}\r\nX: a\u0000b\r\nY:\r\n z\r\n\r\n`);
    case 6:
      return Buffer.from(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${ctx.port}\r\n`);
    case 7:
      return Buffer.from(Array.from({ length: 30 }, () => `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:${ctx.port}\r\n\r\n`).join(''));
    default:
      return Buffer.from(`${rng.unicode(200)}\r\n\r\n`, 'utf8');
  }
}

/** Raw TCP: garbage, malformed WebSocket upgrades, and raw frames after a good one. */
export const rawLane: Lane = {
  name: 'raw',
  workers: 1,
  make(rng, ctx) {
    if (rng.chance(0.35)) {
      const bytes = garbage(rng, ctx);
      return {
        summary: `raw TCP, ${bytes.length} bytes`,
        detail: show(bytes, 2000),
        async run() {
          const result = await exchange(ctx.port, [bytes], { timeoutMs: 800 });
          return { ...emptyOutcome(), statuses: result.statuses, refused: result.error === 'ECONNREFUSED', notes: result.error === undefined ? [] : [`socket ${result.error}`] };
        },
      };
    }
    const request = upgradeRequest(rng, ctx);
    const frames = rawFrames(rng, ctx);
    return {
      summary: `raw upgrade ${show(request.split('\r\n')[0] ?? '', 80)} + ${frames.length} B of frames`,
      detail: JSON.stringify({ request: clip(request, 3000), frames: `base64:${frames.toString('base64')}` }),
      async run() {
        const result = await exchange(ctx.port, [Buffer.from(request, 'utf8')], { timeoutMs: 1500, afterUpgrade: frames, graceMs: 60 });
        const out = emptyOutcome();
        out.statuses.push(...result.statuses);
        if (result.head.startsWith('HTTP/1.1 101')) out.statuses.push(101);
        out.refused = result.error === 'ECONNREFUSED';
        if (result.error !== undefined) out.notes.push(`socket ${result.error}`);
        return out;
      },
    };
  },
};
