/**
 * The frame's side of the host⇄frame bridge. Accepts only messages whose origin is the host page's
 * origin (the `host` query param) and whose source is our parent window; posts only to that origin.
 * Message shapes: widget/loader/messages.ts.
 */
import type { Envelope, FrameMessage, HostMessage, Identity } from '../loader/messages';
import { isLocale } from './params';

/** 50 messages of 4000 characters, with room for their JSON. */
const MAX_OUTBOX_CHARS = 256 * 1024;

const identityFields = ['userId', 'name', 'email', 'phone', 'userHash'] as const;

/** Narrows untrusted postMessage data to a host message, or null. */
export function parseHostMessage(data: unknown): HostMessage | null {
  if (typeof data !== 'object' || data === null || (data as { ponte?: unknown }).ponte !== 1) return null;
  const message = data as Record<string, unknown>;
  switch (message.type) {
    case 'open':
      return { type: 'open', focus: message.focus === true };
    case 'close':
    case 'reset':
      return { type: message.type };
    case 'token':
      return typeof message.token === 'string' && message.token.length > 0 && message.token.length <= 128
        ? { type: 'token', token: message.token }
        : null;
    case 'outbox':
      // Parsed and checked item by item later (connection/outbox.ts `parse`); here only its size.
      return typeof message.outbox === 'string' && message.outbox.length <= MAX_OUTBOX_CHARS
        ? { type: 'outbox', outbox: message.outbox }
        : null;
    case 'setLocale':
      return isLocale(message.locale) ? { type: 'setLocale', locale: message.locale } : null;
    case 'identify': {
      const raw = message.identity;
      if (typeof raw !== 'object' || raw === null) return null;
      const identity: Identity = {};
      for (const field of identityFields) {
        const value = (raw as Record<string, unknown>)[field];
        if (typeof value === 'string' && value.length <= 256) identity[field] = value;
      }
      return { type: 'identify', identity };
    }
    default:
      return null;
  }
}

export interface Bridge {
  post(message: FrameMessage): void;
  close(): void;
}

export interface BridgeOptions {
  hostOrigin: string;
  /** The frame's own window (listened on). */
  self: Window;
  /** The host page's window (`window.parent`); when it is `self`, the app runs stand-alone. */
  host: Window;
  onMessage: (message: HostMessage) => void;
}

export function createBridge({ hostOrigin, self, host, onMessage }: BridgeOptions): Bridge {
  const embedded = host !== self;
  const listener = (event: MessageEvent): void => {
    if (event.origin !== hostOrigin || event.source !== host) return;
    const message = parseHostMessage(event.data);
    if (message) onMessage(message);
    else console.warn('[ponte] ignored a malformed message from the host page', event.data);
  };
  self.addEventListener('message', listener);
  return {
    post(message) {
      if (embedded) host.postMessage({ ponte: 1, ...message } satisfies Envelope<FrameMessage>, hostOrigin);
    },
    close: () => self.removeEventListener('message', listener),
  };
}
