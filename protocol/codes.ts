/** The wire protocol version a client announces in `hello`. Bump on breaking changes. */
export const PROTOCOL_VERSION = 1;

/** Stable error codes sent in `error` frames and HTTP error bodies. */
export const ErrorCode = {
  InvalidJson: 'invalid_json',
  InvalidFrame: 'invalid_frame',
  UnknownType: 'unknown_type',
  HelloRequired: 'hello_required',
  AlreadyGreeted: 'already_greeted',
  UnsupportedVersion: 'unsupported_version',
  Unauthorized: 'unauthorized',
  Forbidden: 'forbidden',
  OriginNotAllowed: 'origin_not_allowed',
  UnknownSite: 'unknown_site',
  /** An admin turned the site's chat off: its widget shows nothing and its visitors are refused. */
  SiteDisabled: 'site_disabled',
  NotFound: 'not_found',
  Conflict: 'conflict',
  InvalidState: 'invalid_state',
  /** A resume cursor (`lastSeq`/`afterSeq`) beyond what the server has. */
  InvalidSeq: 'invalid_seq',
  TooLarge: 'too_large',
  RateLimited: 'rate_limited',
  /** Callbacks: the slot filled up meanwhile (fresh `callback.slots` follow), or is not bookable. */
  SlotFull: 'slot_full',
  SlotInPast: 'slot_in_past',
  TooSoon: 'too_soon',
  OutsideHours: 'outside_hours',
  BeyondHorizon: 'beyond_horizon',
  NoSuchSlot: 'no_such_slot',
  CallbacksDisabled: 'callbacks_disabled',
  /** The site has taken its day's share of callbacks (`callbacksPerSitePerDay`). */
  CallbacksFull: 'callbacks_full',
  InvalidPhone: 'invalid_phone',
  PhoneCountryNotServed: 'phone_country_not_served',
  Internal: 'internal',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * Errors about a sent message (`ref` = its clientMsgId) that say "not now" rather than "never": the
 * client keeps the message queued and sends it again. Any other code is final for that message
 * (the user decides, with Retry). One list for every client, so no two read it differently.
 */
export const RetryableErrorCodes: ReadonlySet<string> = new Set<ErrorCode>([ErrorCode.RateLimited, ErrorCode.Internal]);
export const isRetryableError = (code: string): boolean => RetryableErrorCodes.has(code);

/**
 * WebSocket close codes. 44xx only for auth, version and abuse (ARCHITECTURE.md);
 * an invalid frame never closes the socket.
 */
export const CloseCode = {
  /** Our own end of a link (dropped as dead, replaced, signed out): nothing went wrong on the wire. */
  Normal: 1000,
  /** What a browser reports for a link that ended without a close frame (no server sends it). */
  Lost: 1006,
  /** The relay is restarting (graceful shutdown): come back soon, to it or another process. */
  ServiceRestart: 1012,
  /**
   * The agent's sites, role or display name changed: reconnect now, and the fresh welcome carries
   * what they may see. Outside 44xx on purpose: clients retry it like any drop (close.ts).
   */
  AccessChanged: 4100,
  Unauthorized: 4401,
  Forbidden: 4403,
  HelloTimeout: 4408,
  UnsupportedVersion: 4426,
  Abuse: 4429,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

export const Locales = ['en', 'pt-BR', 'es'] as const;
export type Locale = (typeof Locales)[number];

export const ConversationStatus = {
  Bot: 'bot',
  Queued: 'queued',
  Live: 'live',
  /** Waiting for a booked call back (see `Callback`). */
  Callback: 'callback',
  Closed: 'closed',
} as const;
export type ConversationStatus = (typeof ConversationStatus)[keyof typeof ConversationStatus];

/** An agent's presence: chosen by hand (online/away), offline when no console is connected. */
export const AgentStatus = {
  Online: 'online',
  Away: 'away',
  Offline: 'offline',
} as const;
export type AgentStatus = (typeof AgentStatus)[keyof typeof AgentStatus];

export const Author = {
  Visitor: 'visitor',
  Bot: 'bot',
  Agent: 'agent',
  System: 'system',
} as const;
export type Author = (typeof Author)[keyof typeof Author];

/** Limits the server enforces; clients use them to keep the user from hitting them. */
export const Limits = {
  messageChars: 4000,
  clientMsgIdChars: 64,
  /** Larger WebSocket payloads are refused by the socket layer (close 1009). */
  framePayloadBytes: 64 * 1024,
} as const;
