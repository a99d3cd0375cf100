import type { FetchEventSourceInit } from '@microsoft/fetch-event-source';
import { describe, expect, it } from 'vitest';
import { sseTransport, type FetchEventSource, type PostFetch } from './sse-transport';

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
const message = (data: string, event = '') => ({ id: '', event, data, retry: undefined });

function setup(postStatus = 202) {
  let init: FetchEventSourceInit | null = null;
  let url = '';
  const posts: Array<{ url: string; body: string }> = [];
  const fes: FetchEventSource = (u, i) => {
    url = u;
    init = i;
    return new Promise(() => {});
  };
  const post: PostFetch = async (u, i) => {
    posts.push({ url: u, body: i.body });
    await tick();
    return { ok: postStatus < 300, status: postStatus };
  };
  const frames: unknown[] = [];
  const codes: number[] = [];
  let opened = false;
  const transport = sseTransport('http://relay', fes, post)(() => ({ type: 'hello', v: 1, role: 'agent' }), {
    onOpen: () => (opened = true),
    onFrame: (f) => frames.push(f),
    onClose: (c) => codes.push(c),
  });
  return { transport, posts, frames, codes, url: () => url, init: () => init!, opened: () => opened };
}

describe('sseTransport', () => {
  it('opens with the hello as body, posts frames in order to its stream, and reports close codes', async () => {
    const t = setup();
    expect(t.url()).toBe('http://relay/api/stream');
    expect(JSON.parse(t.init().body as string)).toMatchObject({ type: 'hello' });
    await t.init().onopen!({ ok: true, status: 200 } as Response);
    expect(t.opened()).toBe(true);
    expect(t.transport.send({ type: 'ping' })).toBe(false); // no stream id yet
    t.init().onmessage!(message('{"streamId":"s1"}', 'stream'));
    t.init().onmessage!(message('{"type":"pong"}'));
    expect(t.frames).toEqual([{ type: 'pong' }]);
    t.transport.send({ type: 'message.send', clientMsgId: 'a', text: '1' });
    t.transport.send({ type: 'message.send', clientMsgId: 'b', text: '2' });
    await tick();
    await tick();
    await tick();
    expect(t.posts.map((p) => [p.url, JSON.parse(p.body).clientMsgId])).toEqual([
      ['http://relay/api/stream/s1', 'a'],
      ['http://relay/api/stream/s1', 'b'],
    ]);
    t.init().onmessage!(message('{"code":4401,"reason":"token"}', 'close'));
    t.init().onclose!();
    expect(t.codes).toEqual([4401]);
  });

  it('treats a refused open as fatal on 403 and stops the library retrying', async () => {
    const t = setup();
    await expect(t.init().onopen!({ ok: false, status: 403 } as Response)).rejects.toThrow();
    let error: unknown;
    try {
      await t.init().onopen!({ ok: false, status: 403 } as Response);
    } catch (e) {
      error = e;
    }
    expect(() => t.init().onerror!(error)).toThrow();
    expect(t.codes).toEqual([4403]);
  });

  it('reconnects when a post finds the stream gone', async () => {
    const t = setup(404);
    t.init().onmessage!(message('{"streamId":"s1"}', 'stream'));
    t.transport.send({ type: 'ping' });
    await tick();
    await tick();
    expect(t.codes).toEqual([1006]);
    expect(t.transport.send({ type: 'ping' })).toBe(false);
  });
});
