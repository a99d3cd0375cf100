import WebSocket from 'ws';
import type { Sink } from './types';

/** Plain `ws` sockets for the drivers: open, watch for unplanned closes, close all. */

export function openWs(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.off('error', reject);
      resolve(ws);
    });
    ws.once('error', reject);
  });
}

export function closeWs(sockets: readonly WebSocket[]): Promise<void> {
  return Promise.all(
    sockets.map(
      (ws) =>
        new Promise<void>((resolve) => {
          if (ws.readyState === WebSocket.CLOSED) return resolve();
          ws.once('close', () => resolve());
          ws.close();
        }),
    ),
  ).then(() => undefined);
}

/** Counts a socket that goes away before we close it. */
export function watchWs(ws: WebSocket, sink: Pick<Sink, 'error'>, closing: () => boolean): void {
  ws.on('error', (error) => sink.error(`socket:${error.message.slice(0, 60)}`));
  ws.on('close', (code) => {
    if (!closing()) sink.error(`closed:${code}`);
  });
}
