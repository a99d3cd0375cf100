import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/client';
import { ADMIN_PASSWORD, signIn, startTestPonte, type TestPonte } from '../support/ponte';

let ponte: TestPonte;
let admin: string;
beforeAll(async () => {
  ponte = await startTestPonte();
  admin = await signIn(ponte.url);
});
afterAll(async () => {
  await ponte.stop();
});

type Json = Record<string, unknown>;
type AgentJson = { id: string; email: string; name: string; role: string; capacity: number; active: boolean };

async function call(method: string, path: string, cookie: string | undefined, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${ponte.url}${path}`, {
    method,
    headers: {
      ...(cookie === undefined ? {} : { cookie }),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text === '' ? {} : JSON.parse(text)) as Json, setCookie: res.headers.get('set-cookie') };
}

let counter = 0;
/** Creates an agent through the API (as the admin) and returns them. */
async function hire(overrides: Partial<{ email: string; name: string; role: string; capacity: number; password: string }> = {}) {
  counter += 1;
  const input = { email: `agent${counter}@example.com`, name: `Agent ${counter}`, role: 'agent', capacity: 3, password: 'long-enough-pw', ...overrides };
  const res = await call('POST', '/api/agents', admin, input);
  expect(res.status).toBe(201);
  return { ...(res.body.agent as AgentJson), password: input.password };
}

const me = (cookie: string) => call('GET', '/api/auth/me', cookie);

describe('team API', () => {
  it('lets an admin add an agent who can then sign in, and lists them', async () => {
    const res = await call('POST', '/api/agents', admin, {
      email: '  Carla@Example.COM ',
      name: 'Carla',
      role: 'agent',
      capacity: 4,
      password: 'carla-password',
    });
    expect(res.status).toBe(201);
    const agent = res.body.agent as AgentJson;
    expect(agent).toMatchObject({ email: 'carla@example.com', name: 'Carla', role: 'agent', capacity: 4, active: true });
    expect(agent).not.toHaveProperty('passwordHash');
    const carla = await signIn(ponte.url, 'carla@example.com', 'carla-password');
    expect((await me(carla)).body.agent).toMatchObject({ id: agent.id, email: 'carla@example.com' });
    const list = await call('GET', '/api/agents', carla);
    expect(list.status).toBe(200);
    const agents = list.body.agents as AgentJson[];
    expect(agents.map((a) => a.email)).toEqual(expect.arrayContaining(['admin@example.com', 'carla@example.com']));
    expect(JSON.stringify(list.body)).not.toMatch(/scrypt|password/i);
  });

  it('refuses non-admins (403), strangers and visitor tokens (401)', async () => {
    const plain = await hire();
    const cookie = await signIn(ponte.url, plain.email, plain.password);
    const create = await call('POST', '/api/agents', cookie, { email: 'x@example.com', name: 'X', role: 'admin', capacity: 1, password: 'long-enough-pw' });
    expect(create.status).toBe(403);
    expect((await call('PATCH', `/api/agents/${plain.id}`, cookie, { role: 'admin' })).status).toBe(403);
    expect((await call('GET', '/api/agents', undefined)).status).toBe(401);
    const { client, welcome } = await TestClient.visitor(ponte.url);
    const visitorCookie = `ponte_session=${String(welcome.token)}`;
    expect((await call('GET', '/api/agents', visitorCookie)).status).toBe(401);
    expect((await call('GET', '/api/canned', visitorCookie)).status).toBe(401);
    expect((await call('POST', '/api/me/password', visitorCookie, { currentPassword: 'a', newPassword: 'long-enough-pw' })).status).toBe(401);
    await client.close();
  });

  it('rejects a duplicate email (any case) with 409 and bad input with 400 naming the field', async () => {
    const taken = await hire();
    const dup = await call('POST', '/api/agents', admin, { email: taken.email.toUpperCase(), name: 'Dup', role: 'agent', capacity: 1, password: 'long-enough-pw' });
    expect(dup.status).toBe(409);
    expect((dup.body.error as Json).code).toBe('conflict');
    const short = await call('POST', '/api/agents', admin, { email: 'short@example.com', name: 'S', role: 'agent', capacity: 1, password: 'short' });
    expect(short.status).toBe(400);
    expect((short.body.error as Json).message).toMatch(/^password: .*10/);
    const badEmail = await call('POST', '/api/agents', admin, { email: 'nope', name: 'S', role: 'agent', capacity: 1, password: 'long-enough-pw' });
    expect((badEmail.body.error as Json).message).toMatch(/^email: /);
    const badRole = await call('PATCH', `/api/agents/${taken.id}`, admin, { role: 'owner' });
    expect(badRole.status).toBe(400);
    expect((badRole.body.error as Json).message).toMatch(/^role: /);
    const badCapacity = await call('PATCH', `/api/agents/${taken.id}`, admin, { capacity: 2.5 });
    expect((badCapacity.body.error as Json).message).toMatch(/^capacity: /);
    expect((await call('PATCH', '/api/agents/no-such-id', admin, { capacity: 2 })).status).toBe(404);
  });

  it('stores a name with HTML exactly as given and returns it as JSON', async () => {
    const name = '<script>alert("x")</script> & <b>Bo</b>';
    const agent = await hire({ name });
    expect(agent.name).toBe(name);
    const res = await fetch(`${ponte.url}/api/agents`, { headers: { cookie: admin } });
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const listed = ((await res.json()) as { agents: AgentJson[] }).agents.find((a) => a.id === agent.id);
    expect(listed?.name).toBe(name);
    const renamed = await call('PATCH', `/api/agents/${agent.id}`, admin, { name: `${name}!` });
    expect((renamed.body.agent as AgentJson).name).toBe(`${name}!`);
  });

  it('signs a deactivated agent out everywhere and keeps them out', async () => {
    const gone = await hire();
    const laptop = await signIn(ponte.url, gone.email, gone.password);
    const phone = await signIn(ponte.url, gone.email, gone.password);
    expect((await me(laptop)).status).toBe(200);
    const res = await call('PATCH', `/api/agents/${gone.id}`, admin, { active: false });
    expect(res.status).toBe(200);
    expect((res.body.agent as AgentJson).active).toBe(false);
    expect((await me(laptop)).status).toBe(401);
    expect((await me(phone)).status).toBe(401);
    await expect(signIn(ponte.url, gone.email, gone.password)).rejects.toThrow(/401/);
    // Reactivating does not resurrect old sessions, but lets them sign in again.
    expect((await call('PATCH', `/api/agents/${gone.id}`, admin, { active: true })).status).toBe(200);
    expect((await me(laptop)).status).toBe(401);
    expect((await me(await signIn(ponte.url, gone.email, gone.password))).status).toBe(200);
  });

  it('never lets the last active admin deactivate or demote themselves', async () => {
    const adminId = ((await me(admin)).body.agent as { id: string }).id;
    const demote = await call('PATCH', `/api/agents/${adminId}`, admin, { role: 'agent' });
    expect(demote.status).toBe(409);
    expect((await call('PATCH', `/api/agents/${adminId}`, admin, { active: false })).status).toBe(409);
    expect((await me(admin)).status).toBe(200);
    // With a second admin, stepping down is allowed.
    const second = await hire({ role: 'admin' });
    const secondCookie = await signIn(ponte.url, second.email, second.password);
    expect((await call('PATCH', `/api/agents/${adminId}`, admin, { role: 'agent' })).status).toBe(200);
    expect((await call('POST', '/api/agents', admin, { email: 'later@example.com', name: 'L', role: 'agent', capacity: 1, password: 'long-enough-pw' })).status).toBe(403);
    // Now the second one is the last admin and is protected in turn; promote the first back.
    expect((await call('PATCH', `/api/agents/${second.id}`, secondCookie, { active: false })).status).toBe(409);
    expect((await call('PATCH', `/api/agents/${adminId}`, secondCookie, { role: 'admin' })).status).toBe(200);
    expect((await call('PATCH', `/api/agents/${second.id}`, secondCookie, { active: false })).status).toBe(200);
    expect((await me(secondCookie)).status).toBe(401);
  });

  it('changes the password: checks the current one, keeps this session, ends the others', async () => {
    const ana = await hire();
    const here = await signIn(ponte.url, ana.email, ana.password);
    const elsewhere = await signIn(ponte.url, ana.email, ana.password);
    const wrong = await call('POST', '/api/me/password', here, { currentPassword: 'not-my-password', newPassword: 'brand-new-password' });
    expect(wrong.status).toBe(401);
    expect((await me(elsewhere)).status).toBe(200);
    const short = await call('POST', '/api/me/password', here, { currentPassword: ana.password, newPassword: 'tiny' });
    expect(short.status).toBe(400);
    expect((short.body.error as Json).message).toMatch(/^newPassword: /);
    const ok = await call('POST', '/api/me/password', here, { currentPassword: ana.password, newPassword: 'brand-new-password' });
    expect(ok.status).toBe(204);
    expect((await me(here)).status).toBe(200);
    expect((await me(elsewhere)).status).toBe(401);
    await expect(signIn(ponte.url, ana.email, ana.password)).rejects.toThrow(/401/);
    expect((await me(await signIn(ponte.url, ana.email, 'brand-new-password'))).status).toBe(200);
  });

  it('signs out everywhere and clears the cookie', async () => {
    const bo = await hire();
    const one = await signIn(ponte.url, bo.email, bo.password);
    const two = await signIn(ponte.url, bo.email, bo.password);
    expect((await call('POST', '/api/auth/logout-everywhere', undefined)).status).toBe(401);
    const res = await call('POST', '/api/auth/logout-everywhere', one);
    expect(res.status).toBe(204);
    expect(res.setCookie).toMatch(/ponte_session=;.*Max-Age=0/);
    expect((await me(one)).status).toBe(401);
    expect((await me(two)).status).toBe(401);
    expect((await me(admin)).status).toBe(200);
  });

  it('refuses cross-origin writes with 403 and allows same-origin ones', async () => {
    const evil = { origin: 'https://evil.example' };
    const create = await call('POST', '/api/agents', admin, { email: 'evil@example.com', name: 'E', role: 'admin', capacity: 1, password: 'long-enough-pw' }, evil);
    expect(create.status).toBe(403);
    expect((await call('POST', '/api/canned', admin, { shortcut: 'evil', text: 'x' }, evil)).status).toBe(403);
    expect((await call('POST', '/api/me/password', admin, { currentPassword: ADMIN_PASSWORD, newPassword: 'hijacked-password' }, evil)).status).toBe(403);
    expect((await call('POST', '/api/auth/logout-everywhere', admin, undefined, evil)).status).toBe(403);
    expect((await me(admin)).status).toBe(200);
    const list = (await call('GET', '/api/agents', admin)).body.agents as AgentJson[];
    expect(list.some((a) => a.email === 'evil@example.com')).toBe(false);
    const same = await call('POST', '/api/canned', admin, { shortcut: 'same-origin', text: 'ok' }, { origin: ponte.url });
    expect(same.status).toBe(201);
  });
});

describe('canned replies API', () => {
  it('creates, lists and deletes replies, keeping text as given', async () => {
    const plain = await hire();
    const cookie = await signIn(ponte.url, plain.email, plain.password);
    const text = 'Shipping takes 2–3 days. <b>Not bold</b> <script>alert(1)</script>\n  — Team';
    const created = await call('POST', '/api/canned', cookie, { shortcut: 'shipping-2', text });
    expect(created.status).toBe(201);
    const reply = created.body.reply as { id: string; shortcut: string; text: string };
    expect(reply).toMatchObject({ shortcut: 'shipping-2', text });
    const list = await call('GET', '/api/canned', admin);
    expect((list.body.replies as Array<{ id: string; text: string }>).find((r) => r.id === reply.id)?.text).toBe(text);
    expect((await call('DELETE', `/api/canned/${reply.id}`, cookie)).status).toBe(204);
    expect((await call('DELETE', `/api/canned/${reply.id}`, cookie)).status).toBe(404);
    const after = (await call('GET', '/api/canned', admin)).body.replies as Array<{ id: string }>;
    expect(after.some((r) => r.id === reply.id)).toBe(false);
    expect((await call('GET', '/api/canned', undefined)).status).toBe(401);
  });

  it('rejects a duplicate shortcut with 409 and bad shortcuts or text with 400', async () => {
    expect((await call('POST', '/api/canned', admin, { shortcut: 'refund', text: 'Refunds take a week.' })).status).toBe(201);
    const dup = await call('POST', '/api/canned', admin, { shortcut: 'refund', text: 'Other text' });
    expect(dup.status).toBe(409);
    expect((dup.body.error as Json).code).toBe('conflict');
    for (const shortcut of ['', 'Refund', 'has space', '/refund', 'a'.repeat(33), 'ünï']) {
      const res = await call('POST', '/api/canned', admin, { shortcut, text: 'x' });
      expect(res.status, shortcut).toBe(400);
      expect((res.body.error as Json).message).toMatch(/^shortcut: /);
    }
    expect((await call('POST', '/api/canned', admin, { shortcut: 'a'.repeat(32), text: 'x' })).status).toBe(201);
    const long = await call('POST', '/api/canned', admin, { shortcut: 'long', text: 'x'.repeat(4001) });
    expect(long.status).toBe(400);
    expect((long.body.error as Json).message).toMatch(/^text: /);
    expect((await call('POST', '/api/canned', admin, { shortcut: 'max', text: 'x'.repeat(4000) })).status).toBe(201);
  });
});
