/**
 * The host⇄frame bridge messages, shared by the loader (host side) and the widget app (frame side)
 * as types only. Every message is `{ ponte: 1, type, … }`; the `ponte` tag lets both sides ignore
 * other scripts' postMessage traffic before looking any further.
 */
import type { Author, ConversationStatus, Locale } from '../../protocol/codes';
import type { CallbackState } from '../../protocol/frames';

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
  /** `focus`: the visitor opened it (move focus into the panel); false when reopened after a page load. */
  | { type: 'open'; focus: boolean }
  | { type: 'close' }
  | { type: 'identify'; identity: Identity }
  | { type: 'setLocale'; locale: Locale }
  | { type: 'reset' }
  /** The visitor token the host page keeps for the frame (sent first, before anything else). */
  | { type: 'token'; token: string }
  /** The host page's copy of the frame's outbox (widget/app/connection/outbox.ts, serialized). */
  | { type: 'outbox'; outbox: string };

/** The public events (`Ponte('on', name, fn)`) the frame raises; `detail` is what `fn` receives. */
export type FrameEvent =
  | { type: 'unread'; detail: number }
  /** A new bot or agent message. */
  | { type: 'message'; detail: { author: Author; text: string } }
  /** The conversation went to the queue (a person was asked for). */
  | { type: 'handoff'; detail?: undefined }
  /**
   * The visitor's call back was booked, moved, claimed, done or cancelled. No phone number or note:
   * the host page is other people's code.
   */
  | { type: 'callback'; detail: { state: CallbackState; start: string; end: string } };

/** Frame → host. */
export type FrameMessage =
  | { type: 'ready' }
  /** The visitor closed the panel from inside (its close button or Escape). */
  | { type: 'close' }
  /** The visitor token, for the host page to keep (the frame's own storage may be blocked). */
  | { type: 'token'; token: string }
  /** The unsent messages, serialized, for the host page to keep ('' when there are none). */
  | { type: 'outbox'; outbox: string }
  /** Informational; no public event maps to it. */
  | { type: 'status'; status: ConversationStatus }
  | FrameEvent;

export type Envelope<T> = T & { ponte: 1 };
