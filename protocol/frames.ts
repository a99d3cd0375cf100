import * as z from 'zod/mini';
import { Limits, Locales, PROTOCOL_VERSION } from './codes';

const id = z.string().check(z.minLength(1), z.maxLength(64));
const isoTime = z.string();
const locale = z.enum(Locales);
const status = z.enum(['bot', 'queued', 'live', 'callback', 'closed']);
const author = z.enum(['visitor', 'bot', 'agent', 'system']);
const text = z.string().check(z.maxLength(Limits.messageChars));

/** What a visitor's page looks like to the agent (url, title). Untrusted, shown as text. */
const PageInfo = z.object({
  url: z.string().check(z.maxLength(2048)),
  title: z.optional(z.string().check(z.maxLength(512))),
});

// ---------------------------------------------------------------- shared shapes

/** A status change written into the transcript (author `system`). */
export const StatusEvent = z.object({
  kind: z.literal('status'),
  from: z.nullable(status),
  to: status,
  reason: z.string(),
  /** Machine-readable reason, e.g. `visitor_asked`, `callback_offered` (nobody was available). */
  code: z.optional(z.string()),
});
export type StatusEvent = z.infer<typeof StatusEvent>;

export const Message = z.object({
  id,
  conversationId: id,
  /** Per-conversation sequence, 1-based, gap-free. */
  seq: z.number(),
  author,
  /** Display name of the agent or bot; visitors are never named to other visitors. */
  authorName: z.nullable(z.string()),
  /**
   * The agent's avatar when they wrote it (a URL path on the relay, `/avatars/<file>`); absent
   * when they had none. Stored with the message, like the name: history shows who it was then.
   */
  authorAvatar: z.optional(z.string()),
  text: z.string(),
  createdAt: isoTime,
  clientMsgId: z.nullable(z.string()),
  quickReplies: z.optional(z.array(z.string())),
  event: z.optional(StatusEvent),
  /** A bot answer that invites "did that help?" (`message.feedback`). */
  askFeedback: z.optional(z.boolean()),
  /** Set on the stored message that ends a streamed answer: it replaces that draft. */
  draftId: z.optional(z.string()),
  /** Nobody can take the chat now: the widget shows "Book a call back" under this message. */
  offerCallback: z.optional(z.boolean()),
});
export type Message = z.infer<typeof Message>;

// ---------------------------------------------------------------- callbacks

/**
 * A booked call. `booked` (waiting for its time, or for a retry) → `claimed` (an agent is on it)
 * → `done`; `missed` when its slot passed unclaimed (still claimable); `cancelled` by the visitor.
 */
export const CallbackState = z.enum(['booked', 'claimed', 'done', 'missed', 'cancelled']);
export type CallbackState = z.infer<typeof CallbackState>;
export const CallbackOutcome = z.enum(['reached', 'no_answer_retry', 'no_answer_close', 'rescheduled']);
export type CallbackOutcome = z.infer<typeof CallbackOutcome>;

export const Callback = z.object({
  id,
  conversationId: id,
  contactId: id,
  contactName: z.nullable(z.string()),
  /** The slot, as instants. Clients show them in their own time zone. */
  start: isoTime,
  end: isoTime,
  /** E.164 (`+5511987654321`), for `tel:` links. */
  phone: z.string(),
  /** The same number formatted for people (`+55 11 98765-4321`). */
  phoneDisplay: z.string(),
  note: z.nullable(z.string()),
  /** The visitor's IANA time zone when they booked, so the agent knows their local time. */
  timeZone: z.nullable(z.string()),
  state: CallbackState,
  claimedById: z.nullable(z.string()),
  claimedByName: z.nullable(z.string()),
  /** Calls tried without an answer. */
  attempts: z.number(),
  outcome: z.nullable(CallbackOutcome),
  createdAt: isoTime,
  updatedAt: isoTime,
});
export type Callback = z.infer<typeof Callback>;

export const CallbackSlot = z.object({ start: isoTime, end: isoTime, remaining: z.number() });
export type CallbackSlot = z.infer<typeof CallbackSlot>;

/** What the agent sees on top of a conversation the bot handed over. */
export const HandoffInfo = z.object({
  /** Why the bot handed over, in words (also written into the transcript). */
  reason: z.string(),
  /** A few sentences: what the visitor wants, what the bot answered, what failed. */
  summary: z.string(),
  /** What the visitor already said, so nobody asks again. */
  facts: z.object({
    name: z.optional(z.string()),
    email: z.optional(z.string()),
    phone: z.optional(z.string()),
    orderNumber: z.optional(z.string()),
  }),
  createdAt: isoTime,
});
export type HandoffInfo = z.infer<typeof HandoffInfo>;

export const ConversationSummary = z.object({
  id,
  siteKey: z.string(),
  status,
  contactId: id,
  /**
   * What the visitor told about themselves in chat, the latest mention of each (null: not yet).
   * Agents see them; a visitor's own tabs get their own, never another visitor's.
   */
  contactName: z.nullable(z.string()),
  contactEmail: z.nullable(z.string()),
  contactPhone: z.nullable(z.string()),
  contactOrderNumber: z.nullable(z.string()),
  assignedAgentId: z.nullable(z.string()),
  assignedAgentName: z.nullable(z.string()),
  locale,
  lastSeq: z.number(),
  lastMessage: z.nullable(z.string()),
  page: z.nullable(PageInfo),
  createdAt: isoTime,
  updatedAt: isoTime,
  /** Auto-assignment: the agent this queued conversation is offered to, until `offerExpiresAt`. */
  offeredToAgentId: z.nullable(z.string()),
  offerExpiresAt: z.nullable(isoTime),
  /** When it last entered the queue (queue order is oldest first); null when not queued. */
  queuedAt: z.nullable(isoTime),
});
export type ConversationSummary = z.infer<typeof ConversationSummary>;

// ---------------------------------------------------------------- client → server

export const VisitorHello = z.object({
  type: z.literal('hello'),
  v: z.number(),
  role: z.literal('visitor'),
  siteKey: z.string().check(z.minLength(1), z.maxLength(64)),
  /** Omitted on a first visit: the server issues one in `welcome`. */
  token: z.optional(z.string().check(z.minLength(1), z.maxLength(128))),
  /** The embedding page's origin; checked against the site's allowed origins. */
  hostOrigin: z.string().check(z.maxLength(256)),
  locale,
  page: z.optional(PageInfo),
  /**
   * Resume: the conversation the client already shows and the highest `seq` it has of it.
   * The welcome then carries only what was missed (`resumed: true`).
   */
  conversationId: z.optional(id),
  lastSeq: z.optional(z.number().check(z.int(), z.nonnegative())),
  /** The visitor's IANA time zone (`Intl.DateTimeFormat().resolvedOptions().timeZone`), for the agent. */
  timeZone: z.optional(z.string().check(z.maxLength(64))),
});

/** Agents authenticate with the console's session cookie, sent on the upgrade request. */
export const AgentHello = z.object({
  type: z.literal('hello'),
  v: z.number(),
  role: z.literal('agent'),
});

export const Hello = z.discriminatedUnion('role', [VisitorHello, AgentHello]);
export type Hello = z.infer<typeof Hello>;

export const MessageSend = z.object({
  type: z.literal('message.send'),
  /** Required for agents; a visitor writes to their own open conversation (or starts one). */
  conversationId: z.optional(id),
  clientMsgId: z.string().check(z.minLength(1), z.maxLength(Limits.clientMsgIdChars)),
  text,
});

/** Visitor asks for a person without typing (the "Talk to a person" button). */
export const HandoffRequest = z.object({ type: z.literal('handoff.request') });

/** Agent: subscribe to a conversation and receive its full transcript. */
export const ConversationOpen = z.object({
  type: z.literal('conversation.open'),
  conversationId: id,
  /** Resume: only messages after this seq are sent back (`resumed: true`). */
  afterSeq: z.optional(z.number().check(z.int(), z.nonnegative())),
});
export const ConversationAccept = z.object({ type: z.literal('conversation.accept'), conversationId: id });
export const ConversationClose = z.object({ type: z.literal('conversation.close'), conversationId: id });

export const Ping = z.object({ type: z.literal('ping') });

/** Agent: an internal note on a conversation. Never sent to the visitor. */
export const NoteAdd = z.object({
  type: z.literal('note.add'),
  conversationId: id,
  clientMsgId: z.string().check(z.minLength(1), z.maxLength(Limits.clientMsgIdChars)),
  text: z.string().check(z.minLength(1), z.maxLength(Limits.messageChars)),
});

/** Agent: hand my live conversation to another agent, with a note for them. */
export const ConversationTransfer = z.object({
  type: z.literal('conversation.transfer'),
  conversationId: id,
  toAgentId: id,
  note: z.optional(z.string().check(z.maxLength(1000))),
});

/** Either side: typing started/stopped (ephemeral). Visitors omit conversationId. */
export const TypingSet = z.object({
  type: z.literal('typing'),
  conversationId: z.optional(id),
  typing: z.boolean(),
});

/** Either side: I have read up to this seq (read receipts). Visitors omit conversationId. */
export const ReadUpTo = z.object({
  type: z.literal('conversation.read'),
  conversationId: z.optional(id),
  seq: z.number().check(z.int(), z.nonnegative()),
});

/** Agent: set my presence by hand. */
export const AgentStatusSet = z.object({
  type: z.literal('agent.status'),
  status: z.enum(['online', 'away']),
});

/** Visitor: "did that help?" on a bot answer. A "no" lets the bot hand over. */
export const MessageFeedback = z.object({
  type: z.literal('message.feedback'),
  messageId: id,
  helpful: z.boolean(),
});

/** Visitor: the free callback times (answered with `callback.slots`). Agents add the callback being rescheduled. */
export const CallbackSlotsRequest = z.object({ type: z.literal('callback.slots'), callbackId: z.optional(id) });

/** Visitor: book a call at `slotStart` (one of the offered slots), or move booking `moveId` there. */
export const CallbackBook = z.object({
  type: z.literal('callback.book'),
  slotStart: z.string().check(z.maxLength(40)),
  /** As typed; the server validates it for `country` (ISO 3166 alpha-2) and formats it. */
  phone: z.string().check(z.maxLength(32)),
  country: z.optional(z.string().check(z.length(2))),
  note: z.optional(z.string().check(z.maxLength(500))),
  moveId: z.optional(id),
});

/** Visitor: cancel my booking. */
export const CallbackCancel = z.object({ type: z.literal('callback.cancel'), callbackId: id });

/** Agent: I take this call (booked or missed). */
export const CallbackClaim = z.object({ type: z.literal('callback.claim'), callbackId: id });

/** Agent: how the call I claimed went. `rescheduled` needs `slotStart`; `note` becomes an internal note. */
export const CallbackOutcomeSet = z.object({
  type: z.literal('callback.outcome'),
  callbackId: id,
  outcome: CallbackOutcome,
  slotStart: z.optional(z.string().check(z.maxLength(40))),
  note: z.optional(z.string().check(z.maxLength(Limits.messageChars))),
});

// The agent's forms of the frames both roles send: an agent always names the conversation (or the callback).
const clientMsgId = z.string().check(z.minLength(1), z.maxLength(Limits.clientMsgIdChars));
export const AgentMessageSend = z.object({ type: z.literal('message.send'), conversationId: id, clientMsgId, text });
export const AgentTypingSet = z.object({ type: z.literal('typing'), conversationId: id, typing: z.boolean() });
export const AgentReadUpTo = z.object({ type: z.literal('conversation.read'), conversationId: id, seq: z.number().check(z.int(), z.nonnegative()) });
/** Agent: the free times to reschedule this callback to (its own place does not count against it). */
export const AgentSlotsRequest = z.object({ type: z.literal('callback.slots'), callbackId: id });

/**
 * Every command may carry a `reqId` of the sender's choosing; the `error` it causes (and, for
 * `message.send`, its `message.ack`) echoes it, so a client matches answers to requests exactly.
 * Optional: a client that omits it gets `ref` only (the clientMsgId, else the frame type). The
 * console sends one with its callback commands, where several may be on their way at once; the
 * widget's messages are matched by clientMsgId and it has one booking at a time.
 */
export const ReqId = z.string().check(z.minLength(1), z.maxLength(Limits.clientMsgIdChars));
const withReqId = <S extends z.ZodMiniObject>(schema: S) => z.extend(schema, { reqId: z.optional(ReqId) });

/**
 * Frames a visitor may send after `hello`. Each role has its own union, chosen by the hello:
 * the server validates against it, so a frame of the other role is refused before any handler.
 */
export const VisitorFrame = z.discriminatedUnion('type', [
  withReqId(MessageSend),
  withReqId(HandoffRequest),
  withReqId(Ping),
  withReqId(MessageFeedback),
  withReqId(TypingSet),
  withReqId(ReadUpTo),
  withReqId(CallbackSlotsRequest),
  withReqId(CallbackBook),
  withReqId(CallbackCancel),
]);
export type VisitorFrame = z.infer<typeof VisitorFrame>;

/** Frames an agent (the console) may send after `hello`. */
export const AgentFrame = z.discriminatedUnion('type', [
  withReqId(AgentMessageSend),
  withReqId(ConversationOpen),
  withReqId(ConversationAccept),
  withReqId(ConversationClose),
  withReqId(Ping),
  withReqId(AgentStatusSet),
  withReqId(NoteAdd),
  withReqId(ConversationTransfer),
  withReqId(AgentTypingSet),
  withReqId(AgentReadUpTo),
  withReqId(AgentSlotsRequest),
  withReqId(CallbackClaim),
  withReqId(CallbackOutcomeSet),
]);
export type AgentFrame = z.infer<typeof AgentFrame>;

/** Any frame a client sends after `hello` (what a transport carries, whichever role it serves). */
export type ClientFrame = VisitorFrame | AgentFrame;

// ---------------------------------------------------------------- server → client

export const SiteInfo = z.object({
  key: z.string(),
  name: z.string(),
  greeting: z.string(),
  /** The locale the server used for `greeting` and bot replies. */
  locale,
});

export const VisitorWelcome = z.object({
  type: z.literal('welcome'),
  role: z.literal('visitor'),
  v: z.number(),
  token: z.string(),
  contactId: id,
  site: SiteInfo,
  conversation: z.nullable(ConversationSummary),
  /** The whole transcript, or only what came after `lastSeq` when `resumed`. */
  messages: z.array(Message),
  resumed: z.boolean(),
  /** Whether a person can take a chat right now (someone online, within business hours). */
  agentsAvailable: z.boolean(),
  /** Whether the site takes callbacks (the widget then offers "Call me back"). */
  callbacksEnabled: z.boolean(),
  /** Within business hours now; when not, `opensAt` is the next opening (null: none scheduled). */
  openNow: z.boolean(),
  opensAt: z.nullable(isoTime),
  /** The visitor's active booking (booked or claimed), with its calendar file. */
  callback: z.nullable(z.object({ callback: Callback, ics: z.string() })),
});

export const AgentWelcome = z.object({
  type: z.literal('welcome'),
  role: z.literal('agent'),
  v: z.number(),
  /** `avatar`: the URL path of my picture (what visitors see beside my replies), absent when none. */
  agent: z.object({ id, name: z.string(), email: z.string(), avatar: z.optional(z.string()) }),
  /** The sites this agent works on (admins: every site), by name; everything below is of these sites only. */
  sites: z.array(z.object({ key: z.string(), name: z.string() })),
  /** The queue and this agent's open chats. */
  conversations: z.array(ConversationSummary),
  /** Open callbacks (booked, claimed, missed) and those finished in the last 7 days. */
  callbacks: z.array(Callback),
});

export const MessageAck = z.object({
  type: z.literal('message.ack'),
  clientMsgId: z.string(),
  reqId: z.optional(z.string()),
  conversationId: id,
  id,
  seq: z.number(),
  createdAt: isoTime,
});

export const MessageNew = z.object({ type: z.literal('message.new'), message: Message });

/**
 * Ephemeral (no seq): the next piece of a bot answer being streamed. The stored answer arrives
 * as `message.new` with the same `draftId` and replaces the draft.
 */
export const MessageDelta = z.object({
  type: z.literal('message.delta'),
  conversationId: id,
  draftId: z.string(),
  text: z.string(),
});

export const ConversationUpdated = z.object({
  type: z.literal('conversation.updated'),
  conversation: ConversationSummary,
});

export const Note = z.object({
  id,
  conversationId: id,
  authorId: id,
  authorName: z.string(),
  text: z.string(),
  clientMsgId: z.string(),
  createdAt: isoTime,
});
export type Note = z.infer<typeof Note>;

/** What the agent's side panel shows about the visitor. */
export const VisitorContextInfo = z.object({
  contact: z.object({
    id,
    name: z.nullable(z.string()),
    email: z.nullable(z.string()),
    phone: z.nullable(z.string()),
    orderNumber: z.nullable(z.string()),
  }),
  page: z.nullable(PageInfo),
  locale,
  timeZone: z.nullable(z.string()),
  userAgent: z.nullable(z.string()),
  /** Earlier conversations of the same contact, newest first. */
  past: z.array(
    z.object({ id, status, createdAt: isoTime, updatedAt: isoTime, lastMessage: z.nullable(z.string()) }),
  ),
  /** Every callback of this contact (any conversation), newest first: the call beside the chat. */
  callbacks: z.array(Callback),
});
export type VisitorContextInfo = z.infer<typeof VisitorContextInfo>;

export const ConversationDetail = z.object({
  type: z.literal('conversation.detail'),
  conversation: ConversationSummary,
  /** The whole transcript, or only what came after `afterSeq` when `resumed`. */
  messages: z.array(Message),
  resumed: z.boolean(),
  handoff: z.nullable(HandoffInfo),
  notes: z.array(Note),
  context: VisitorContextInfo,
});

/** Agents who opened the conversation: a new internal note. */
export const NoteNew = z.object({ type: z.literal('note.new'), note: Note });

/** Ephemeral: someone is typing in a conversation. */
export const Typing = z.object({
  type: z.literal('typing'),
  conversationId: id,
  from: z.enum(['visitor', 'agent']),
  name: z.nullable(z.string()),
  typing: z.boolean(),
});

/** Read receipt: `by` has read up to `seq`. */
export const ReadReceipt = z.object({
  type: z.literal('conversation.read'),
  conversationId: id,
  by: z.enum(['visitor', 'agent']),
  seq: z.number(),
});

export const ErrorFrame = z.object({
  type: z.literal('error'),
  code: z.string(),
  message: z.string(),
  /** What the error is about: the frame's `clientMsgId` when it has one, else its type. */
  ref: z.optional(z.string()),
  /** The `reqId` of the command that caused it, when it carried one. */
  reqId: z.optional(z.string()),
});

export const Pong = z.object({ type: z.literal('pong') });

/** Visitor: place in the queue (1 = next) and an honest estimate from recent real waits. */
export const QueuePosition = z.object({
  type: z.literal('queue.position'),
  conversationId: id,
  position: z.number(),
  /** null when there is not enough recent history to say. */
  estimatedWaitSeconds: z.nullable(z.number()),
  /** The wait is long (above the site's threshold) or nobody is online: offer a call back. */
  offerCallback: z.boolean(),
});

/** Visitor: whether a person can take a chat right now (before they ask). */
export const Availability = z.object({ type: z.literal('site.availability'), agentsAvailable: z.boolean() });

export const TeamMember = z.object({
  id,
  name: z.string(),
  status: z.enum(['online', 'away', 'offline']),
  activeChats: z.number(),
  capacity: z.number(),
});

/** Agents: who is on the team right now (sent after welcome and on every change). */
export const TeamPresence = z.object({ type: z.literal('team.presence'), agents: z.array(TeamMember) });

/** Free callback times from now to the site's horizon, plus how to ask for the phone number. */
export const CallbackSlots = z.object({
  type: z.literal('callback.slots'),
  /** Only slots with room (`remaining` > 0), in start order. */
  slots: z.array(CallbackSlot),
  /** The site's time zone (the team's), for "our hours" hints; the visitor sees their own. */
  siteTimeZone: z.string(),
  /** Countries the team calls (ISO alpha-2); empty = any. */
  countries: z.array(z.string()),
  /** Set when answering an agent's request to reschedule this callback. */
  callbackId: z.optional(id),
});

/**
 * A callback was booked, moved, claimed, finished or cancelled. Visitors get their own, with the
 * calendar file (`ics`, RFC 5545; a cancelled one carries STATUS:CANCELLED); agents get every one,
 * and an open one again when its contact tells their name (`contactName`).
 */
export const CallbackUpdated = z.object({ type: z.literal('callback.updated'), callback: Callback, ics: z.optional(z.string()) });

/** Agents: a booked callback's time has come. Raised once per slot (again after a retry). */
export const CallbackDue = z.object({ type: z.literal('callback.due'), callback: Callback });

export const ServerFrame = z.discriminatedUnion('type', [
  MessageAck,
  MessageNew,
  MessageDelta,
  ConversationUpdated,
  ConversationDetail,
  ErrorFrame,
  Pong,
  QueuePosition,
  Availability,
  TeamPresence,
  NoteNew,
  Typing,
  ReadReceipt,
  CallbackSlots,
  CallbackUpdated,
  CallbackDue,
]);
export type VisitorWelcome = z.infer<typeof VisitorWelcome>;
export type AgentWelcome = z.infer<typeof AgentWelcome>;
export type Welcome = VisitorWelcome | AgentWelcome;
export type ServerFrame = z.infer<typeof ServerFrame> | Welcome;
export type ErrorFrame = z.infer<typeof ErrorFrame>;

export { PROTOCOL_VERSION };
