import { randomBytes } from 'node:crypto';
import express, { Router } from 'express';
import { Limits } from '../../protocol/codes';
import { AppError } from '../errors';
import type { Peer } from '../ws/peer';
import { createSession, type Session, type SessionDeps } from '../ws/session';
import { SESSION_COOKIE, readCookie } from './cookies';
import type { Network } from './network';

/** SSE comment lines keep proxies from closing an idle stream. */
const KEEPALIVE_MS = 15_000;

export type StreamRoutes = { router: Router; close(): void; count(): number };

/**
 * The fallback transport for networks that block WebSockets: the same frames, server → client
 * as an SSE stream (`POST /api/stream`, body = the hello frame), client → server as POSTs to
 * `/api/stream/:streamId`. The stream id is a 256-bit capability known only to that client.
 */
export function streamRoutes(
  deps: Omit<SessionDeps, 'agent' | 'userAgent' | 'agentToken' | 'clientIp'> & { network: Network },
): StreamRoutes {
  const router = Router();
  const streams = new Map<string, { session: Session; peer: Peer }>();
  const body = express.text({ type: () => true, limit: Limits.framePayloadBytes });

  router.post('/', body, async (req, res) => {
    const clientIp = deps.network.clientIp(req);
    const release = deps.limits.openConnection(clientIp);
    if (release === undefined) throw new AppError('rate_limited', 429, 'Too many open connections from your network.');
    res.on('close', release);
    const token = readCookie(req.headers.cookie, SESSION_COOKIE);
    const agent = await deps.agentAuth.bySession(token);
    const streamId = randomBytes(32).toString('base64url');
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
      Connection: 'keep-alive',
    });
    let open = true;
    const end = () => {
      if (!open) return;
      open = false;
      clearInterval(keepalive);
      streams.delete(streamId);
      session.dispose();
      res.end();
    };
    const peer: Peer = {
      // JSON.stringify never emits a raw newline, so one frame is always one `data:` line.
      send: (text) => void res.write(`data: ${text}\n\n`),
      close: (code, reason) => {
        if (open) res.write(`event: close\ndata: ${JSON.stringify({ code, reason })}\n\n`);
        end();
      },
      isOpen: () => open,
      bufferedBytes: () => res.writableLength,
    };
    const session = createSession(peer, { ...deps, agent, userAgent: req.headers['user-agent'], agentToken: token, clientIp });
    streams.set(streamId, { session, peer });
    const keepalive = setInterval(() => res.write(': ping\n\n'), KEEPALIVE_MS);
    // NOTE: res, not req: a request emits 'close' as soon as its body has been read.
    res.on('close', end);
    res.write(`event: stream\ndata: ${JSON.stringify({ streamId })}\n\n`);
    session.receive(typeof req.body === 'string' ? req.body : '', false);
  });

  router.post('/:streamId', body, (req, res) => {
    const stream = streams.get(req.params.streamId ?? '');
    if (stream === undefined) throw new AppError('not_found', 404, 'This stream has ended; reconnect.');
    stream.session.receive(typeof req.body === 'string' ? req.body : '', false);
    res.status(202).json({ ok: true });
  });

  return {
    router,
    count: () => streams.size,
    close() {
      for (const { peer } of [...streams.values()]) peer.close(1012, 'server restarting');
    },
  };
}
