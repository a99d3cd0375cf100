import { SseClient } from '../support/sse-client';
import { type FuzzCase, type Lane, emptyOutcome, isRefused } from './fuzz-case';
import { type FuzzContext, FRAME_TYPES, fuzzFrameBytes, validFrame, visitorHello } from './frames';
import { badCookie, badForwardedFor, badHost, badOrigin, contentType } from './headers';
import { exchange } from './raw-socket';
import { readServerFrame } from './server-frames';
import { type Rng, Obj, deepNest, mutateObj, mutateText, percentEncode, printable, randomVal, show, writeJson } from './random';

/** How the body is delimited. Only `length` and `chunked` (and no body at all) are well-formed. */
type Framing = 'length' | 'none' | 'short' | 'long' | 'negative' | 'twice' | 'chunked' | 'bad-chunked' | 'both';

type Request = {
  method: string;
  target: string;
  version: string;
  headers: Array<[string, string]>;
  body: Buffer;
  framing: Framing;
  /** Written in a few pieces, so the parser meets a request split anywhere. */
  split: number;
};

type Route = { method: string; path: string; body?: Buffer; contentType?: string | undefined; realCookie: 'never' | 'allowed' };

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'];
const ODD_METHODS = ['get', 'TRACE', 'PROPFIND', 'FOO', 'G ET', '', 'POST\u0000', 'M'.repeat(100)];

/** A JSON body starting from `template`: mostly mutated, sometimes valid, sometimes huge or deep. */
function jsonBody(rng: Rng, template: Record<string, unknown>): Buffer {
  const obj = Obj.from(template);
  const roll = rng.next();
  if (roll < 0.15) return Buffer.from(writeJson(obj));
  if (roll < 0.55) return Buffer.from(writeJson(mutateObj(rng, obj, FRAME_TYPES)));
  if (roll < 0.8) return mutateText(rng, writeJson(rng.chance(0.5) ? obj : mutateObj(rng, obj, FRAME_TYPES)));
  if (roll < 0.87) return Buffer.from(writeJson(deepNest(rng, rng.pick([100, 2000, 7000]))));
  if (roll < 0.94) return Buffer.from(writeJson(randomVal(rng, 3)));
  // Over the 16 kB JSON limit, over the 64 kB frame limit, and far over both.
  return Buffer.from(writeJson(Obj.from({ ...template, pad: 'x'.repeat(rng.pick([17_000, 70_000, 2_000_000])) })));
}

function yamlBody(rng: Rng): Buffer {
  const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 9; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
  return Buffer.from(
    rng.pick([
      bomb.join('\n'),
      `${'- '.repeat(5000)}x`,
      `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
      'language: en\nentries: []\n',
      '!!js/function "function(){}"',
      '__proto__: {polluted: true}\nentries: [{q: hi, a: there}]',
      `key: ${rng.unicode(200)}`,
      '\t\t: :\n- - -',
      '',
    ]),
    'utf8',
  );
}

function route(rng: Rng, ctx: FuzzContext): Route {
  const method = rng.chance(0.15) ? rng.pick(METHODS) : undefined;
  const id = rng.pick(['x', '%', '%E0%A4%A', '..', '__proto__', rng.unicode(6) || 'y', 'a'.repeat(300)]);
  switch (rng.int(12)) {
    case 0:
    case 1:
      return { method: method ?? 'POST', path: '/api/auth/login', body: jsonBody(rng, { email: rng.pick(['admin@example.com', 'ADMIN@example.com', 'nobody@example.com']), password: rng.pick(['wrong', rng.unicode(20)]) }), contentType: contentType(rng), realCookie: 'allowed' };
    case 2:
    case 3:
      return { method: method ?? 'POST', path: '/api/stream', body: jsonBody(rng, visitorHello(rng, ctx)), contentType: contentType(rng), realCookie: 'allowed' };
    case 4:
      return { method: method ?? 'POST', path: `/api/stream/${rng.chance(0.5) ? id : rng.bytes(32).toString('base64url')}`, body: jsonBody(rng, validFrame(rng, ctx, 'visitor')), contentType: contentType(rng), realCookie: 'allowed' };
    case 5: {
      const site = rng.chance(0.8) ? 'demo' : id;
      const which = rng.int(3);
      if (which === 0) return { method: method ?? rng.pick(['GET', 'PUT']), path: `/api/sites/${site}/knowledge-base`, body: yamlBody(rng), contentType: rng.pick(['text/yaml', 'application/json', undefined]), realCookie: 'allowed' };
      if (which === 1) return { method: method ?? rng.pick(['GET', 'PUT']), path: `/api/sites/${site}/hours`, body: jsonBody(rng, ctx.hours), contentType: contentType(rng), realCookie: 'allowed' };
      return { method: method ?? 'PATCH', path: `/api/sites/${site}`, body: jsonBody(rng, { routing: rng.pick(['auto', 'manual']) }), contentType: contentType(rng), realCookie: 'allowed' };
    }
    case 6: {
      const pick = rng.int(7);
      if (pick === 0) return { method: method ?? rng.pick(['GET', 'POST']), path: '/api/agents', body: jsonBody(rng, { email: 'new@example.com', name: 'New', password: 'short', role: 'agent' }), contentType: contentType(rng), realCookie: 'allowed' };
      if (pick === 1) return { method: method ?? 'PATCH', path: `/api/agents/${id}`, body: jsonBody(rng, { role: 'agent', active: true }), contentType: contentType(rng), realCookie: 'allowed' };
      if (pick === 2) return { method: method ?? 'POST', path: '/api/me/password', body: jsonBody(rng, { currentPassword: 'wrong', newPassword: 'x' }), contentType: contentType(rng), realCookie: 'allowed' };
      if (pick === 3) return { method: method ?? rng.pick(['GET', 'POST']), path: '/api/canned', body: jsonBody(rng, { shortcut: 'hi', text: 'Hello!' }), contentType: contentType(rng), realCookie: 'allowed' };
      if (pick === 4) return { method: method ?? 'DELETE', path: `/api/canned/${id}`, realCookie: 'allowed' };
      if (pick === 5) return { method: method ?? 'GET', path: rng.pick(['/api/auth/me', '/api/nope', '/api/%', '/api/stream', `/api/${id}`]), realCookie: 'allowed' };
      // Never with the fuzz's own admin session: that would end it, not test anything new.
      return { method: method ?? 'POST', path: rng.pick(['/api/auth/logout', '/api/auth/logout-everywhere']), realCookie: 'never' };
    }
    default: {
      const asset = ctx.assets.length > 0 ? rng.pick(ctx.assets) : 'x.js';
      const path = rng.pick([
        '/healthz',
        '/metrics',
        '/widget.js',
        '/widget.js?v=%',
        '/widget/frame?site=demo',
        '/widget/frame?site=%',
        '/widget/frame?site=%E0%A4%A',
        '/widget/frame?site[]=a&site[]=b',
        '/widget/frame?site[__proto__][x]=1',
        `/widget/frame?site=${'x'.repeat(5000)}`,
        `/widget/${id}`,
        '/widget/',
        '/console',
        '/console/',
        `/console/${id}`,
        `/assets/${asset}`,
        `/assets/${asset}?${id}`,
        `/assets/${id}`,
        '/assets/nope.js',
        '/assets/',
        '/assets',
        '/assets/%',
        '/assets/%E0%A4%A',
        '/assets/..%2f..%2fpackage.json',
        '/assets/%2e%2e/%2e%2e/package.json',
        '/assets/x/../../package.json',
        '/assets/%00',
        '/%',
        '/%00',
        `/${'a'.repeat(rng.pick([2000, 9000, 20_000]))}`,
        '//',
        '/?__proto__[x]=1',
        '/ws',
        '/',
        `/${percentEncode(rng.unicode(10))}`,
        `/${rng.unicode(10)}`,
      ]);
      return { method: method ?? rng.pick(['GET', 'GET', 'GET', 'HEAD', 'POST']), path, realCookie: 'allowed' };
    }
  }
}

function headersFor(rng: Rng, ctx: FuzzContext, r: Route): Array<[string, string]> {
  const headers: Array<[string, string]> = [];
  const host = rng.chance(0.85) ? `127.0.0.1:${ctx.port}` : badHost(rng, ctx);
  if (host !== undefined) headers.push(['Host', host]);
  headers.push(['Connection', rng.chance(0.9) ? 'close' : rng.pick(['keep-alive', 'Upgrade', 'close, close', 'x'])]);
  const cookieRoll = rng.next();
  if (cookieRoll < 0.45 && r.realCookie === 'allowed') headers.push(['Cookie', ctx.adminCookie]);
  else if (cookieRoll < 0.8) headers.push(['Cookie', badCookie(rng, ctx, r.realCookie === 'allowed')]);
  if (rng.chance(0.4)) headers.push(['Origin', badOrigin(rng, ctx)]);
  if (rng.chance(0.2)) headers.push(['X-Forwarded-For', badForwardedFor(rng)]);
  if (rng.chance(0.05)) headers.push(['X-Forwarded-Proto', rng.pick(['https', 'gopher', ''])]);
  if (r.body !== undefined && r.contentType !== undefined) headers.push(['Content-Type', r.contentType]);
  if (rng.chance(0.1)) headers.push(['User-Agent', rng.pick(['x'.repeat(9000), rng.unicode(30), ''])]);
  if (rng.chance(0.1)) headers.push([rng.pick(['__proto__', 'constructor', 'X-Á', 'Accept-Encoding', 'Range', 'If-None-Match']), rng.pick(['1', 'bytes=0-0,1-1,2-2', 'gzip;q=nan', '*', rng.unicode(10)])]);
  if (rng.chance(0.05)) headers.push(['Cookie', badCookie(rng, ctx, r.realCookie === 'allowed')]);
  return headers;
}

function serialize(req: Request): Buffer[] {
  const lines = [`${req.method} ${req.target} ${req.version}`, ...req.headers.map(([name, value]) => `${name}: ${value}`)];
  let body = req.body;
  const n = body.length;
  switch (req.framing) {
    case 'length':
      if (n > 0 || req.method === 'POST' || req.method === 'PUT') lines.push(`Content-Length: ${n}`);
      break;
    case 'none':
      break;
    case 'short':
      lines.push(`Content-Length: ${Math.max(0, n - 5)}`);
      break;
    case 'long':
      lines.push(`Content-Length: ${n + 10}`);
      break;
    case 'negative':
      lines.push(`Content-Length: ${n === 0 ? '-1' : `0x${n.toString(16)}`}`);
      break;
    case 'twice':
      lines.push(`Content-Length: ${n}`, `Content-Length: ${n + 1}`);
      break;
    case 'chunked':
    case 'bad-chunked':
    case 'both': {
      lines.push('Transfer-Encoding: chunked');
      if (req.framing === 'both') lines.push(`Content-Length: ${n}`);
      const size = req.framing === 'bad-chunked' ? 'zz' : n.toString(16);
      body = Buffer.concat([Buffer.from(`${size}\r\n`), body, Buffer.from('\r\n0\r\n\r\n')]);
      break;
    }
  }
  const all = Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8'), body]);
  if (req.split <= 1) return [all];
  const cuts = Array.from({ length: req.split - 1 }, (_, i) => Math.floor(((i + 1) * all.length) / req.split));
  return [0, ...cuts].map((start, i) => all.subarray(start, cuts[i] ?? all.length));
}

/** Requests the server can only answer: any silence from it is a hang, not our malformation. */
function wellFormed(req: Request, ctx: FuzzContext): boolean {
  const ascii = (text: string) => /^[\x20-\x7e]*$/.test(text);
  const headBytes = req.headers.reduce((sum, [name, value]) => sum + name.length + value.length + 4, req.target.length);
  return (
    METHODS.includes(req.method) &&
    req.version === 'HTTP/1.1' &&
    req.target.startsWith('/') &&
    ascii(req.target) &&
    headBytes < 8000 &&
    req.headers.every(([name, value]) => ascii(name) && /^[\w-]+$/.test(name) && ascii(value)) &&
    req.headers.some(([name, value]) => name === 'Host' && value === `127.0.0.1:${ctx.port}`) &&
    (req.framing === 'length' || req.framing === 'chunked' || (req.framing === 'none' && req.body.length === 0))
  );
}

/** Any request to the relay's HTTP side, mostly near the real routes, written byte by byte. */
export const httpLane: Lane = {
  name: 'http',
  workers: 3,
  make(rng, ctx) {
    const r = route(rng, ctx);
    const req: Request = {
      method: rng.chance(0.05) ? rng.pick(ODD_METHODS) : r.method,
      target: rng.chance(0.03) ? rng.pick(['*', `http://evil.example${r.path}`, `${r.path} x`, '']) : r.path,
      version: rng.chance(0.05) ? rng.pick(['HTTP/1.0', 'HTTP/2.0', 'HTTP/9', 'HTTP/1.1x', '']) : 'HTTP/1.1',
      headers: headersFor(rng, ctx, r),
      body: r.body ?? Buffer.alloc(0),
      framing: rng.chance(0.85) ? 'length' : rng.pick(['none', 'short', 'long', 'negative', 'twice', 'chunked', 'bad-chunked', 'both']),
      split: rng.chance(0.1) ? rng.range(2, 4) : 1,
    };
    const parts = serialize(req);
    const strict = wellFormed(req, ctx);
    return {
      summary: `${show(req.method, 20)} ${show(req.target, 120)} (${req.body.length} B body, ${req.framing})`,
      detail: show(Buffer.concat(parts), 3000),
      async run() {
        const result = await exchange(ctx.port, parts, { timeoutMs: strict ? 5000 : 1000 });
        const out = emptyOutcome();
        out.statuses.push(...result.statuses);
        out.refused = result.error === 'ECONNREFUSED';
        out.hung = strict && result.timedOut;
        if (result.error !== undefined) out.notes.push(`socket ${result.error}`);
        if (result.timedOut) out.notes.push('no answer');
        return out;
      },
    };
  },
};

/**
 * The fallback transport: a real SSE stream opened with a valid hello, then mutated frames POSTed
 * to it with odd headers. Every frame the stream carries back is checked against the protocol.
 */
export const sseLane: Lane = {
  name: 'sse',
  workers: 1,
  make(rng, ctx) {
    const hello = visitorHello(rng, ctx);
    const posts = Array.from({ length: rng.range(1, 8) }, () => {
      const headers: Array<[string, string]> = [['Host', `127.0.0.1:${ctx.port}`], ['Connection', 'close']];
      const type = contentType(rng);
      if (type !== undefined) headers.push(['Content-Type', type]);
      if (rng.chance(0.2)) headers.push(['Origin', badOrigin(rng, ctx)]);
      if (rng.chance(0.1)) headers.push(['Cookie', badCookie(rng, ctx)]);
      return { headers, body: fuzzFrameBytes(rng, validFrame(rng, ctx, 'visitor')) };
    });
    return sseCase(ctx, hello, posts);
  },
};

type Post = { headers: Array<[string, string]>; body: Buffer };

function sseCase(ctx: FuzzContext, hello: Record<string, unknown>, posts: Post[]): FuzzCase {
  return {
    summary: `SSE stream + ${posts.length} POSTs`,
    detail: JSON.stringify({ hello, posts: posts.map((p) => ({ headers: p.headers, body: printable(p.body, 400) })) }),
    smaller: () => posts.map((post) => sseCase(ctx, hello, [post])),
    async run() {
      const out = emptyOutcome();
      let sse: SseClient;
      try {
        sse = await SseClient.open(`http://127.0.0.1:${ctx.port}`, hello);
      } catch (error) {
        out.refused = isRefused(error);
        out.notes.push(`stream not opened: ${error instanceof Error ? error.message.slice(0, 80) : String(error)}`);
        return out;
      }
      try {
        for (const post of posts) {
          if (sse.ended) break;
          const head = [`POST /api/stream/${sse.streamId ?? ''} HTTP/1.1`, ...post.headers.map(([n, v]) => `${n}: ${v}`), `Content-Length: ${post.body.length}`];
          const result = await exchange(ctx.port, [Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`), post.body])], { timeoutMs: 5000 });
          out.statuses.push(...result.statuses);
          if (result.timedOut) out.hung = true;
        }
        await new Promise((r) => setTimeout(r, 100));
        if (sse.error !== undefined) out.problems.push(`SSE stream broke: ${String(sse.error)}`);
        for (const frame of sse.frames) {
          const { problem } = readServerFrame(JSON.stringify(frame));
          if (problem !== undefined) out.problems.push(`over SSE: ${problem}`);
        }
        if (sse.closeEvent !== undefined) out.notes.push(`sse close ${sse.closeEvent.code}`);
      } finally {
        sse.close();
      }
      return out;
    },
  };
}
