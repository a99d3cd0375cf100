/**
 * The fallback transport when WebSockets can't get through (proxies, some corporate networks):
 * server frames arrive on an SSE stream opened by POSTing the hello, and client frames go up as
 * POSTs to the stream (contract: notes/transport-contract.md). Same frames, same guarantees.
 * This module (with @microsoft/fetch-event-source) is a lazy chunk in the widget, loaded only when needed.
 */
import { fetchEventSource as realFetchEventSource, type FetchEventSourceInit } from '@microsoft/fetch-event-source';
import { CloseCode } from '../../protocol/codes';
import type { ClientFrame } from '../../protocol/frames';
import { parseServerFrame } from '../../protocol/guard';
import type { TransportFactory } from './transport';

const LOST = CloseCode.Lost;

export type FetchEventSource = (url: string, init: FetchEventSourceInit) => Promise<void>;
/** The part of `fetch` the POSTs use. */
export type PostFetch = (url: string, init: { method: 'POST'; headers: Record<string, string>; body: string }) => Promise<{ ok: boolean; status: number }>;

const json = { 'content-type': 'application/json' };

/** Thrown from `onopen` on a non-2xx answer, to stop fetch-event-source's own retries. */
class OpenRefused extends Error {
  constructor(readonly status: number) {
    super('stream refused with HTTP ' + status);
  }
}

function parseJson(data: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(data);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch (error) {
    console.warn('[ponte] dropped a malformed stream event', error);
    return null;
  }
}

export function sseTransport(
  relay: string,
  fetchEventSource: FetchEventSource = realFetchEventSource,
  post: PostFetch = (url, init) => fetch(url, init),
): TransportFactory {
  return (hello, events) => {
    const controller = new AbortController();
    let streamId: string | null = null;
    let ended = false;
    /** POSTs go one after another, so frames reach the server in the order they were sent. */
    let queue: Promise<void> = Promise.resolve();

    const end = (code: number): void => {
      if (ended) return;
      ended = true;
      controller.abort();
      events.onClose(code);
    };

    fetchEventSource(relay + '/api/stream', {
      method: 'POST',
      headers: json,
      body: JSON.stringify(hello()),
      openWhenHidden: true,
      signal: controller.signal,
      async onopen(response) {
        if (!response.ok) throw new OpenRefused(response.status);
        events.onOpen();
      },
      onmessage(event) {
        if (ended) return;
        if (event.event === 'stream') {
          const id = parseJson(event.data)?.streamId;
          if (typeof id === 'string') streamId = id;
          return;
        }
        if (event.event === 'close') {
          const code = parseJson(event.data)?.code;
          return end(typeof code === 'number' ? code : LOST);
        }
        const frame = parseServerFrame(event.data);
        if (frame) events.onFrame(frame);
      },
      // The response ended without `event: close`: the link was lost.
      onclose: () => end(LOST),
      onerror(error: unknown) {
        console.warn('[ponte] event stream failed', error);
        end(error instanceof OpenRefused && error.status === 403 ? CloseCode.Forbidden : LOST);
        throw error; // Stops fetch-event-source's own retry loop: link.ts decides when to retry.
      },
    }).catch(() => {
      // The rejection is the error rethrown by `onerror` above, already reported and handled there.
    });

    return {
      send(frame: ClientFrame) {
        const id = streamId;
        if (ended || id === null) return false;
        const body = JSON.stringify(frame);
        queue = queue.then(async () => {
          if (ended) return;
          try {
            const response = await post(relay + '/api/stream/' + encodeURIComponent(id), { method: 'POST', headers: json, body });
            if (response.status === 404) end(LOST); // The stream is gone on the server: reconnect.
            else if (!response.ok) console.warn('[ponte] frame refused with HTTP ' + response.status, frame.type);
          } catch (error) {
            console.warn('[ponte] could not send a frame', error);
            end(LOST);
          }
        });
        return true;
      },
      close() {
        ended = true;
        controller.abort();
      },
    };
  };
}
