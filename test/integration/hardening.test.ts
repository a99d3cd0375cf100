import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '../../protocol/codes';
import { DEFAULT_LIMITS, type LimitSettings } from '../../server/security/limits';
import { type Frame, TestClient, isType } from '../support/client';
import { signIn, startTestPonte, type TestPonte } from '../support/ponte';
import { ServerProcess, freePort } from '../support/server-process';

/** Regression tests for the findings of issue 11, each at the level where it happened. */

type Json = Record<string, unknown>;

async function call(base: string, method: string, path: string, cookie?: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(cookie === undefined ? {} : { cookie }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let json: Json = {};
  if (text !== '' && (res.headers.get('content-type') ?? '').includes('json')) json = JSON.parse(text) as Json;
  return { status: res.status, body: json, headers: res.headers };
}

/** Writes one raw HTTP request and returns the status line of the answer (or '' if the socket just closed). */
function rawRequest(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
      if (text.includes('\r\n')) socket.destroy();
    });
    socket.on('close', () => resolve(text.split('\r\n')[0] ?? ''));
    socket.on('error', reject);
  });
}

const upgrade = (port: number, headers: string) =>
  `GET /ws HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n${headers}\r\n`;

describe('a malformed request never takes the process down (finding 1)', () => {
  let server: ServerProcess;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'ponte-hardening-'));
    server = new ServerProcess(await freePort(), dataDir);
    await server.start();
  });
  afterAll(async () => {
    await server.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('survives bad percent-escapes in the Cookie of a WebSocket upgrade, REST and SSE, and answers 4xx', async () => {
    const cookies = ['ponte_session=%', 'ponte_session=%E0%A4%A', `ponte_session=${'%'.repeat(4000)}`, 'ponte_session', '=;;=%;', 'a=%; ponte_session=%zz'];
    for (const cookie of cookies) {
      const line = await rawRequest(server.port, upgrade(server.port, `Cookie: ${cookie}\r\n`));
      // An unknown session is no session: the socket opens as an anonymous one (which must say hello).
      expect(line).toMatch(/^HTTP\/1\.1 (101|4\d\d)/);
      expect((await call(server.url, 'GET', '/api/auth/me', cookie)).status).toBe(401);
      expect((await call(server.url, 'GET', '/api/agents', cookie)).status).toBe(401);
      const stream = await fetch(`${server.url}/api/stream`, { method: 'POST', headers: { cookie }, body: '{"type":"hello","v":1,"role":"agent"}' });
      expect(stream.status).toBeLessThan(500);
      await stream.body?.cancel();
    }
    // Garbage that is not HTTP at all, and a request line Node's parser refuses.
    expect(await rawRequest(server.port, '\x00\x01\x02garbage\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    expect(await rawRequest(server.port, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)).toMatch(/^HTTP\/1\.1 4\d\d/);
    expect((await call(server.url, 'GET', '/healthz')).status).toBe(200);
    expect(server.output).not.toMatch(/URIError|uncaught/i);
  });

  it('answers 404, not 500, for a file missing under /assets', async () => {
    const res = await call(server.url, 'GET', '/assets/no-such-file.js');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ error: { code: 'not_found' } });
  });
});

describe('a revoked agent sees nothing more (finding 2)', () => {
  let ponte: TestPonte;
  let admin: string;
  let n = 0;
  beforeAll(async () => {
    ponte = await startTestPonte();
    admin = await signIn(ponte.url);
  });
  afterAll(async () => {
    await ponte.stop();
  });

  async function hire() {
    n += 1;
    const body = { email: `silent${n}@example.com`, name: `Silent ${n}`, role: 'agent', capacity: 3, password: 'lantern-orbit-velvet-7' };
    const res = await call(ponte.url, 'POST', '/api/agents', admin, body);
    expect(res.status).toBe(201);
    const cookie = await signIn(ponte.url, body.email, body.password);
    return { id: (res.body.agent as Json).id as string, cookie, password: body.password };
  }

  /** An agent console that never sends a frame after hello; closed by the server or not at all. */
  async function silentConsole(cookie: string) {
    const { client, welcome } = await TestClient.agent(ponte.url, cookie);
    expect(welcome.type).toBe('welcome');
    return client;
  }

  it('closes a silent socket with 4401 on deactivation, before any other visitor message reaches it', async () => {
    const agent = await hire();
    const console1 = await silentConsole(agent.cookie);
    const console2 = await silentConsole(agent.cookie);
    expect((await call(ponte.url, 'PATCH', `/api/agents/${agent.id}`, admin, { active: false })).status).toBe(200);
    expect(await console1.waitClose()).toBe(4401);
    expect(await console2.waitClose()).toBe(4401);
    const { client: visitor } = await TestClient.visitor(ponte.url);
    visitor.send({ type: 'message.send', clientMsgId: 'after-revoke', text: 'my card number is secret' });
    await visitor.next(isType('message.ack'));
    const leaked = [...console1.frames, ...console2.frames].some((f) => JSON.stringify(f).includes('my card number is secret'));
    expect(leaked).toBe(false);
    await visitor.close();
  });

  it('closes every other silent socket on sign-out everywhere and on a password change, keeping the current session', async () => {
    const agent = await hire();
    const other = await signIn(ponte.url, `silent${n}@example.com`, agent.password);
    const a = await silentConsole(agent.cookie);
    const b = await silentConsole(other);
    expect((await call(ponte.url, 'POST', '/api/me/password', agent.cookie, { currentPassword: agent.password, newPassword: 'meadow-quartz-lantern-9' })).status).toBe(204);
    expect(await b.waitClose()).toBe(4401);
    // The session that changed the password lives on.
    await a.barrier();
    expect(a.closeCode).toBeUndefined();
    expect((await call(ponte.url, 'POST', '/api/auth/logout-everywhere', agent.cookie)).status).toBe(204);
    expect(await a.waitClose()).toBe(4401);
  });

  it('ends an SSE stream of a revoked agent too', async () => {
    const agent = await hire();
    const res = await fetch(`${ponte.url}/api/stream`, {
      method: 'POST',
      headers: { cookie: agent.cookie },
      body: JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION, role: 'agent' }),
    });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('"welcome"')) text += decoder.decode((await reader.read()).value);
    expect((await call(ponte.url, 'POST', '/api/auth/logout', agent.cookie)).status).toBe(204);
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    expect(text).toMatch(/event: close\ndata: \{"code":4401/);
  });
});

describe('sign-in limits hold under concurrency (finding 3)', () => {
  let ponte: TestPonte;
  beforeAll(async () => {
    // The production scrypt cost, so the timing of a real check is measurable.
    ponte = await startTestPonte({ passwordCost: 16384 });
  });
  afterAll(async () => {
    await ponte.stop();
  });

  const login = (email: string, password: string, headers: Record<string, string> = {}) =>
    call(ponte.url, 'POST', '/api/auth/login', undefined, { email, password }, headers);

  it('takes as long for an unknown e-mail as for a known one (no account enumeration)', async () => {
    const time = async (email: string) => {
      const start = performance.now();
      expect((await login(email, 'not-the-password')).status).toBe(401);
      return performance.now() - start;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      known.push(await time('admin@example.com'));
      unknown.push(await time(`nobody-${i}@example.com`));
    }
    // Both run one scrypt; without the decoy hash the unknown one skipped it (~20x faster).
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1] ?? 0;
    expect(median(unknown)).toBeGreaterThan(median(known) / 3);
  });

  it('counts every one of 20 concurrent wrong guesses, whatever X-Forwarded-For says', async () => {
    const wave = await Promise.all(
      Array.from({ length: 20 }, (_, i) => login('target@example.com', `wrong-${i}`, { 'x-forwarded-for': `203.0.113.${i}` })),
    );
    const checked = wave.filter((r) => r.status === 401).length;
    expect(checked).toBe(DEFAULT_LIMITS.loginFailuresPerAccountAndIp);
    expect(wave.filter((r) => r.status === 429)).toHaveLength(20 - checked);
    expect((await login('target@example.com', 'anything', { 'x-forwarded-for': '198.51.100.7' })).status).toBe(429);
    // Another account from the same address is not locked by those failures.
    expect((await login('admin@example.com', 'test-admin-password')).status).toBe(200);
  });

  it('refuses common and trivial passwords, and limits guesses of the current password', async () => {
    const cookie = await signIn(ponte.url);
    for (const password of ['password12', '1234567890', 'qwertyuiop', 'aaaaaaaaaaaa', 'weak@example.com1']) {
      const res = await call(ponte.url, 'POST', '/api/agents', cookie, { email: 'weak@example.com', name: 'Weak', role: 'agent', capacity: 1, password });
      expect(res.status, password).toBe(400);
      expect((res.body.error as Json).message).toMatch(/^password: /);
    }
    const tries = await Promise.all(
      Array.from({ length: 8 }, () => call(ponte.url, 'POST', '/api/me/password', cookie, { currentPassword: 'guess', newPassword: 'meadow-quartz-lantern-9' })),
    );
    expect(tries.filter((r) => r.status === 401)).toHaveLength(DEFAULT_LIMITS.passwordChecksPerAgent);
    expect(tries.filter((r) => r.status === 429)).toHaveLength(8 - DEFAULT_LIMITS.passwordChecksPerAgent);
  });
});

describe('visitors from one address cannot exhaust the calendar or the relay (findings 4 and 5)', () => {
  async function withPonte(limits: Partial<LimitSettings>, run: (ponte: TestPonte) => Promise<void>) {
    const ponte = await startTestPonte({ limits: { ...DEFAULT_LIMITS, ...limits } });
    try {
      await run(ponte);
    } finally {
      await ponte.stop();
    }
  }

  async function book(ponte: TestPonte, phone: string, slot: number): Promise<Frame> {
    const { client } = await TestClient.visitor(ponte.url);
    client.send({ type: 'callback.slots' });
    const slots = (await client.next(isType('callback.slots'))).slots;
    client.send({ type: 'callback.book', slotStart: slots[slot]?.start, phone, country: 'PT' });
    const answer = await client.next((f) => f.type === 'callback.updated' || (f.type === 'error' && f.ref === 'callback.book'));
    await client.close();
    return answer;
  }

  it('caps bookings per address, and a site\'s bookings per day with a visible reason', async () => {
    await withPonte({ bookingsPerIp: 3 }, async (ponte) => {
      const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => book(ponte, `91234567${i}`, i)));
      expect(answers.filter((a) => a.type === 'callback.updated')).toHaveLength(3);
      expect(answers.filter((a) => a.type === 'error').map((a) => a.code)).toEqual(['rate_limited', 'rate_limited', 'rate_limited']);
    });
    await withPonte({ bookingsPerIp: 100, callbacksPerSitePerDay: 2 }, async (ponte) => {
      const answers = await Promise.all(Array.from({ length: 4 }, (_, i) => book(ponte, `93234567${i}`, i)));
      expect(answers.filter((a) => a.type === 'callback.updated')).toHaveLength(2);
      const refused = answers.filter((a) => a.type === 'error');
      expect(refused.map((a) => a.code)).toEqual(['callbacks_full', 'callbacks_full']);
      expect(refused[0]?.message).toMatch(/for today/);
    });
  });

  it('caps new visitors and open connections per address', async () => {
    await withPonte({ newVisitorsPerIp: 3, connectionsPerIp: 5 }, async (ponte) => {
      const hellos = await Promise.all(Array.from({ length: 5 }, () => TestClient.visitorHello(ponte.url)));
      expect(hellos.filter((h) => h.welcome.type === 'welcome')).toHaveLength(3);
      const refused = hellos.filter((h) => h.welcome.type === 'error');
      expect(refused.map((h) => h.welcome)).toMatchObject([{ code: 'rate_limited' }, { code: 'rate_limited' }]);
      for (const h of refused) expect(await h.client.waitClose()).toBe(4429);
      const open = hellos.filter((h) => h.welcome.type === 'welcome');
      // A returning visitor (with a token) is not new: it is let in while the cap holds.
      const first = open[0]?.welcome;
      if (first?.type !== 'welcome') throw new Error('no visitor was welcomed');
      const back = await TestClient.visitorHello(ponte.url, { token: first.token });
      expect(back.welcome.type).toBe('welcome');
      const extra = await TestClient.visitorHello(ponte.url, { token: first.token });
      expect(extra.welcome.type).toBe('welcome');
      // Five open now: the sixth upgrade is refused before it becomes a socket.
      await expect(TestClient.connect(ponte.url)).rejects.toThrow(/429/);
      for (const h of [...open, back, extra]) await h.client.close();
    });
  });

  it('closes a flooding socket with 4429 while other visitors keep getting acks, and loses nothing acknowledged', async () => {
    await withPonte({}, async (ponte) => {
      const { client: calm } = await TestClient.visitor(ponte.url);
      const { client: flood } = await TestClient.visitor(ponte.url);
      flood.send({ type: 'message.send', clientMsgId: 'before-flood', text: 'hello before the flood' });
      const kept = await flood.next(isType('message.ack'));
      const frame = JSON.stringify({ type: 'typing', typing: true });
      for (let i = 0; i < 20_000 && flood.ws.readyState === flood.ws.OPEN; i += 1) flood.ws.send(frame);
      calm.send({ type: 'message.send', clientMsgId: 'calm-1', text: 'still here' });
      expect((await calm.next(isType('message.ack'))).clientMsgId).toBe('calm-1');
      expect(await flood.waitClose()).toBe(4429);
      const stored = await ponte.db.selectFrom('messages').select(['seq', 'text']).where('id', '=', kept.id).executeTakeFirstOrThrow();
      expect(stored).toMatchObject({ seq: kept.seq, text: 'hello before the flood' });
      await calm.close();
    });
  });

  it('answers rate_limited to messages beyond the per-visitor rate, across tabs, and stores none of those', async () => {
    await withPonte({ visitorMessagesPer10s: 5 }, async (ponte) => {
      const { client: tab1, welcome } = await TestClient.visitor(ponte.url);
      const { client: tab2 } = await TestClient.visitor(ponte.url, { token: welcome.token });
      for (let i = 0; i < 4; i += 1) {
        const tab = i % 2 === 0 ? tab1 : tab2;
        tab.send({ type: 'message.send', clientMsgId: `m${i}a`, text: `one ${i}` });
        tab.send({ type: 'message.send', clientMsgId: `m${i}b`, text: `two ${i}` });
      }
      await tab1.barrier();
      await tab2.barrier();
      const acks = [...tab1.frames, ...tab2.frames].filter((f) => f.type === 'message.ack');
      const limited = [...tab1.frames, ...tab2.frames].filter(isType('error')).filter((f) => f.code === 'rate_limited');
      expect(acks).toHaveLength(5);
      expect(limited).toHaveLength(3);
      for (const f of limited) expect(String(f.ref)).toMatch(/^m\d[ab]$/);
      const rows = await ponte.db.selectFrom('messages').select('client_msg_id').where('author', '=', 'visitor').execute();
      expect(rows).toHaveLength(5);
      await tab1.close();
      await tab2.close();
    });
  });
});

describe('text the store cannot keep', () => {
  it('stores, acks and resends a message with a lone surrogate as the same well-formed text', async () => {
    const ponte = await startTestPonte();
    try {
      const { client } = await TestClient.visitor(ponte.url);
      const frame = '{"type":"message.send","clientMsgId":"s\\ud800","text":"a\\ud800b"}';
      client.send(frame);
      const ack = await client.next(isType('message.ack'));
      client.send(frame);
      const again = await client.next((f) => f.type === 'message.ack' || f.type === 'error');
      expect(again).toMatchObject({ type: 'message.ack', seq: ack.seq });
      const row = await ponte.db.selectFrom('messages').select('text').where('id', '=', ack.id).executeTakeFirstOrThrow();
      expect(row.text).toBe('a\ufffdb');
      await client.close();
    } finally {
      await ponte.stop();
    }
  });
});

describe('origins and headers (finding 7)', () => {
  let ponte: TestPonte;
  beforeAll(async () => {
    ponte = await startTestPonte();
  });
  afterAll(async () => {
    await ponte.stop();
  });

  it('refuses an Origin that differs only in scheme, over WebSocket and HTTP', async () => {
    const host = new URL(ponte.url).host;
    await expect(TestClient.connect(ponte.url, { origin: `https://${host}` })).rejects.toThrow(/403/);
    const login = await call(ponte.url, 'POST', '/api/auth/login', undefined, { email: 'a@b.c', password: 'x' }, { origin: `https://${host}` });
    expect(login.status).toBe(403);
    const ok = await TestClient.connect(ponte.url, { origin: `http://${host}` });
    await ok.close();
  });

  it('serves the widget frame sandboxed, talking only to the relay itself', async () => {
    const res = await fetch(`${ponte.url}/widget/frame?site=demo`);
    const policy = res.headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/sandbox allow-scripts allow-same-origin/);
    expect(policy).not.toMatch(/allow-top-navigation/);
    expect(policy).not.toMatch(/\bws: |\bwss:( |;|$)/);
    expect(policy).toContain(`connect-src 'self' ${ponte.url.replace(/^http/, 'ws')}`);
    expect(res.headers.get('x-frame-options')).toBeNull();
    const loader = await fetch(`${ponte.url}/widget.js`);
    expect(loader.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    await loader.text();
    await res.text();
  });
});
