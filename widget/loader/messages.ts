/**
 * The host⇄frame bridge messages, shared by the loader (host side) and the widget app (frame side)
 * as types only. Every message is `{ ponte: 1, type, … }`; the `ponte` tag lets both sides ignore
 * other scripts' postMessage traffic before looking any further.
 */
import type { Author, ConversationStatus, Locale } from '../../protocol/codes';

/** What the marketer passes to `Ponte('identify', …)`. Untrusted: the frame validates it. */
export interface Identity {
  userId?: string;
  name?: string;
  email?: string;
  phone?: string;
  userHash?: string;
}

/** Host → frame. */
export type HostMessage =
  | { type: 'open' }
  | { type: 'close' }
  | { type: 'identify'; identity: Identity }
  | { type: 'setLocale'; locale: Locale }
  | { type: 'reset' };

/** Frame → host. */
export type FrameMessage =
  | { type: 'ready' }
  /** The visitor closed the panel from inside (its close button or Escape). */
  | { type: 'close' }
  | { type: 'unread'; count: number }
  /** A new bot or agent message, for `Ponte('on', 'message', fn)`. */
  | { type: 'message'; author: Author; text: string }
  /** The conversation went to the queue (a person was asked for). */
  | { type: 'handoff' }
  | { type: 'status'; status: ConversationStatus };

export type Envelope<T> = T & { ponte: 1 };
