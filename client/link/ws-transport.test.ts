import { describe, expect, it } from 'vitest';
import { wsTransport, type SocketLike } from './ws-transport';

describe('wsTransport', () => {
  it('says hello on open and reports the close code once', () => {
    const sockets: Array<SocketLike & { sent: string[] }> = [];
    class Fake {
      readyState = 0;
      sent: string[] = [];
      onopen: SocketLike['onopen'] = null;
      onmessage: SocketLike['onmessage'] = null;
      onclose: SocketLike['onclose'] = null;
      onerror: SocketLike['onerror'] = null;
      constructor() {
        sockets.push(this);
      }
      send(data: string) {
        this.sent.push(data);
      }
      close() {}
    }
    const codes: number[] = [];
    const frames: unknown[] = [];
    const transport = wsTransport('ws://relay/ws', () => new Fake())(() => ({ type: 'hello', v: 1, role: 'agent' }), {
      onOpen: () => {},
      onFrame: (f) => frames.push(f),
      onClose: (c) => codes.push(c),
    });
    const socket = sockets[0]!;
    (socket as { readyState: number }).readyState = 1;
    socket.onopen?.({});
    expect(JSON.parse(socket.sent[0]!)).toMatchObject({ type: 'hello', role: 'agent' });
    socket.onmessage?.({ data: '{"type":"pong"}' });
    expect(frames).toEqual([{ type: 'pong' }]);
    expect(transport.send({ type: 'ping' })).toBe(true);
    socket.onclose?.({ code: 1012 });
    socket.onclose?.({ code: 1012 });
    expect(codes).toEqual([1012]);
  });
});
