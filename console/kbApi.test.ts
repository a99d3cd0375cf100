import { describe, expect, it } from 'vitest';
import { KbApiError, createKbApi, failureText } from './kbApi';

type Call = { url: string; init: RequestInit | undefined };

function fake(answer: (call: Call) => Response) {
  const calls: Call[] = [];
  const api = createKbApi('my site', async (url, init) => {
    const call = { url, init };
    calls.push(call);
    return answer(call);
  });
  return { api, calls };
}

describe('the knowledge-base API module', () => {
  it('reads the version from the ETag and publishes with If-Match, same-origin', async () => {
    const { api, calls } = fake(({ init }) =>
      init?.method === 'PUT' ? Response.json({ ok: true, entries: 3, version: 8, summary: 'No changes' }) : new Response('site: x', { headers: { etag: '"v7"' } }),
    );
    expect(await api.load()).toEqual({ yaml: 'site: x', version: 7 });
    await api.publish('site: y', 7);
    expect(calls[0]?.url).toBe('/api/sites/my%20site/knowledge-base');
    expect(calls[1]?.init?.credentials).toBe('same-origin');
    expect(new Headers(calls[1]?.init?.headers).get('if-match')).toBe('"v7"');
  });

  it("surfaces the server's code, words, problems and who published since", async () => {
    const { api } = fake(() =>
      Response.json(
        { error: { code: 'stale_knowledge_base', message: 'Ana published version 9 at 2026-12-04T03:00:00.000Z since you opened version 7.', current: { version: 9, authorName: 'Ana', createdAt: '2026-12-04T03:00:00.000Z', summary: 'x' } } },
        { status: 409 },
      ),
    );
    const error = await api.publish('site: y', 7).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KbApiError);
    expect(error).toMatchObject({ code: 'stale_knowledge_base', status: 409, current: { authorName: 'Ana', version: 9 } });
    expect(failureText(error)).toMatch(/^Ana published version 9/);

    const { api: checking } = fake(() => Response.json({ error: { code: 'invalid_knowledge_base', message: 'a\nb', problems: ['a', 'b'] } }, { status: 400 }));
    expect(await checking.check('x').catch((e: unknown) => e)).toMatchObject({ code: 'invalid_knowledge_base', problems: ['a', 'b'] });
  });

  it('turns a non-JSON refusal and a network failure into plain words', async () => {
    const { api } = fake(() => new Response('<html>Bad gateway</html>', { status: 502 }));
    expect(failureText(await api.versions().catch((e: unknown) => e))).toBe('The server answered 502. Please try again.');
    const offline = createKbApi('demo', () => Promise.reject(new TypeError('Failed to fetch')));
    expect(failureText(await offline.load().catch((e: unknown) => e))).toMatch(/Could not reach the server/);
  });
});
