import { describe, expect, it } from 'vitest';
import { CloseCode } from '../../protocol/codes';
import { AppError } from '../errors';
import type { Peer } from './peer';
import { MAX_BUFFERED_BYTES, send, sendError } from './send';

function recordingPeer(buffered: number) {
  const sent: string[] = [];
  const closes: number[] = [];
  let open = true;
  const peer: Peer = {
    send: (text) => void sent.push(text),
    close: (code) => {
      closes.push(code);
      open = false;
    },
    isOpen: () => open,
    bufferedBytes: () => buffered,
  };
  return { peer, sent, closes };
}

describe('send', () => {
  it('drops a client whose unsent buffer is over the bound instead of queueing more', () => {
    const slow = recordingPeer(MAX_BUFFERED_BYTES + 1);
    send(slow.peer, { type: 'pong' });
    expect(slow.sent).toEqual([]);
    expect(slow.closes).toEqual([CloseCode.Abuse]);
    send(slow.peer, { type: 'pong' });
    expect(slow.closes).toHaveLength(1);
  });

  it('sends to a client that keeps up', () => {
    const ok = recordingPeer(10);
    send(ok.peer, { type: 'pong' });
    expect(ok.sent).toEqual(['{"type":"pong"}']);
  });

  it('maps AppError to its code and hides unexpected errors behind internal', () => {
    const peer = recordingPeer(0);
    sendError(peer.peer, new AppError('forbidden', 403, 'nope'), 'ref-1');
    sendError(peer.peer, new Error('secret stack detail'));
    expect(JSON.parse(peer.sent[0] ?? '')).toEqual({ type: 'error', code: 'forbidden', message: 'nope', ref: 'ref-1' });
    const internal = JSON.parse(peer.sent[1] ?? '') as { code: string; message: string };
    expect(internal.code).toBe('internal');
    expect(internal.message).not.toMatch(/secret/);
  });
});
