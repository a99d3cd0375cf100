/**
 * The widget's state and its one reducer. Components read `State` and dispatch `Action`s; nothing
 * changes state in place. Server frames go through here too, so dedupe and ordering live in one spot.
 */
import { contiguousSeq } from '../../client/cursor';
import { TypingTimeoutMs } from '../../client/typing';
import { isRetryableError, type Author, type ConversationStatus, type Locale } from '../../protocol/codes';
import type { Message, ServerFrame, StatusEvent, VisitorWelcome } from '../../protocol/frames';
import type { Look } from './site';
import {
  applyCallbackError,
  applyCallbackFrame,
  callbackAction,
  callbackWelcome,
  isCallbackRef,
  type CallbackAction,
  type CallbackSlice,
} from './callback/state';

export const Delivery = { Sending: 'sending', Sent: 'sent', Failed: 'failed' } as const;
export type Delivery = (typeof Delivery)[keyof typeof Delivery];

export const Connection = {
  /** Not started: the panel was never opened and there is no token to resume. */
  Idle: 'idle',
  Connecting: 'connecting',
  /** Welcomed by the server. */
  Online: 'online',
  Reconnecting: 'reconnecting',
  Offline: 'offline',
} as const;
export type Connection = (typeof Connection)[keyof typeof Connection];

/** Why the widget stopped for good (no reconnect loop). */
export const Failure = { Forbidden: 'forbidden', Version: 'version', Setup: 'setup', SiteDisabled: 'site_disabled' } as const;
export type Failure = (typeof Failure)[keyof typeof Failure];

export type SiteInfo = VisitorWelcome['site'];

/** The visitor's place in the queue, as the server last said (`queue.position`). */
export interface QueueSpot {
  conversationId: string;
  /** 1 = next. */
  position: number;
  /** null when the server has too little recent history to estimate honestly. */
  estimatedWaitSeconds: number | null;
  /** The wait is long or nobody is online: "Book a call back" goes with the position. */
  offerCallback: boolean;
}

export interface ChatMessage {
  /** Render key, stable across the sending → sent transition (the clientMsgId when there is one). */
  key: string;
  id: string | null;
  conversationId: string | null;
  /** null while sending: unsent messages sort after every stored one, in the order typed. */
  seq: number | null;
  clientMsgId: string | null;
  author: Author;
  authorName: string | null;
  /** The agent's avatar when they wrote this (a URL path on the relay, which serves this frame). */
  authorAvatar?: string;
  text: string;
  createdAt: string;
  quickReplies?: string[];
  event?: StatusEvent;
  askFeedback?: boolean;
  draftId?: string;
  offerCallback?: boolean;
  delivery: Delivery;
}

/** A bot answer still being streamed (`message.delta`); the stored message with its draftId replaces it. */
export interface Draft {
  conversationId: string;
  draftId: string;
  text: string;
  /** When the last piece arrived (ms since epoch): a draft silent for `DraftTimeoutMs` is dropped. */
  updatedAt: number;
}

/** A stream that stalls this long without its stored answer was abandoned by the server. */
export const DraftTimeoutMs = 30_000;

/** An agent typing right now (`typing {from:'agent'}`), as last said. */
export interface AgentTyping {
  conversationId: string;
  /** The agent's display name; null when the server gave none. */
  name: string | null;
  /** When the last `typing:true` arrived (ms since epoch). */
  updatedAt: number;
}


/** "Read up to `seq`" in one conversation (read receipts, either way). */
export interface ReadMark {
  conversationId: string;
  seq: number;
}

/** The widget's whole state; the call-back part is `CallbackSlice` (callback/state.ts). */
export interface State extends CallbackSlice {
  locale: Locale;
  open: boolean;
  connection: Connection;
  failure: Failure | null;
  site: SiteInfo | null;
  conversationId: string | null;
  /** null before the visitor has a conversation; shown like `bot`. */
  status: ConversationStatus | null;
  agentName: string | null;
  /** Whether a person can take a chat right now; null until the first welcome says. */
  agentsAvailable: boolean | null;
  /** Last `queue.position`; read it through `queueSpot`, which hides it unless still queued. */
  queue: QueueSpot | null;
  /** Conversation ids in the order first seen: seq restarts per conversation, so it orders them. */
  conversations: string[];
  messages: ChatMessage[];
  /** Streamed answers not stored yet, in the order they started. */
  drafts: Draft[];
  /** "Did that help?" answers this page sent: message id → helpful. */
  feedback: Readonly<Record<string, boolean>>;
  /** Bot/agent messages that arrived while the panel was closed. */
  unread: number;
  /** Bumped when the visitor opens the panel: the composer takes focus then (and only then). */
  focusRequest: number;
  agentTyping: AgentTyping | null;
  /** What the agent has read (`conversation.read {by:'agent'}`): the "Seen" under my message. */
  agentRead: ReadMark | null;
  /** The last read receipt this page sent, so each is sent once (see `readReceiptFrame`). */
  readSent: ReadMark | null;
  /** The site's look (site.ts), from the frame page; null when the page had none. */
  look: Look | null;
}

export type Action =
  | { type: 'connection'; connection: Connection }
  | { type: 'failed'; failure: Failure }
  | { type: 'frame'; frame: ServerFrame }
  /** A `message.delta` frame, with when it arrived (the reducer stays free of clocks). */
  | { type: 'delta'; frame: Extract<ServerFrame, { type: 'message.delta' }>; now: number }
  | { type: 'expireDrafts'; now: number }
  /** A `typing` frame, with when it arrived (for the expiry, as with deltas). */
  | { type: 'typing'; frame: Extract<ServerFrame, { type: 'typing' }>; now: number }
  | { type: 'expireTyping'; now: number }
  /** A `conversation.read` frame went out. */
  | { type: 'readSent'; conversationId: string; seq: number }
  /** The visitor answered "did that help?" and the frame went out. */
  | { type: 'feedback'; messageId: string; helpful: boolean }
  | { type: 'send'; clientMsgId: string; text: string; createdAt: string }
  | { type: 'retry'; clientMsgId: string }
  /** Not sent, and not going to be without the visitor (e.g. the outbox is full). */
  | { type: 'notSent'; clientMsgId: string }
  | { type: 'panel'; open: boolean; focus?: boolean }
  | { type: 'locale'; locale: Locale }
  /** A new look: the console's preview posts unsaved settings. */
  | { type: 'look'; look: Look }
  | CallbackAction
  | { type: 'reset' };

export function initialState(locale: Locale, open = false, look: Look | null = null): State {
  return {
    look,
    locale,
    open,
    connection: Connection.Idle,
    failure: null,
    site: null,
    conversationId: null,
    status: null,
    agentName: null,
    agentsAvailable: null,
    queue: null,
    conversations: [],
    messages: [],
    drafts: [],
    feedback: {},
    unread: 0,
    focusRequest: 0,
    agentTyping: null,
    agentRead: null,
    readSent: null,
    callbacksEnabled: false,
    openNow: null,
    opensAt: null,
    callback: null,
    booking: null,
    cancelling: false,
    cancelError: null,
  };
}

function fromServer(message: Message, key: string): ChatMessage {
  return { ...message, key, delivery: Delivery.Sent };
}

const isSame = (local: ChatMessage, message: Message): boolean =>
  local.id === message.id ||
  (message.clientMsgId !== null && local.clientMsgId === message.clientMsgId) ||
  (local.conversationId === message.conversationId && local.seq === message.seq);

function sorted(messages: ChatMessage[], conversations: string[]): ChatMessage[] {
  const rank = (m: ChatMessage): number =>
    m.conversationId === null || m.seq === null ? Infinity : conversations.indexOf(m.conversationId);
  // Array.prototype.sort is stable, so unsent messages keep the order they were typed in.
  return [...messages].sort((a, b) => rank(a) - rank(b) || (a.seq ?? 0) - (b.seq ?? 0));
}

const seen = (conversations: string[], id: string): string[] =>
  conversations.includes(id) ? conversations : [...conversations, id];

const counts = (state: State, message: Message): boolean =>
  !state.open && (message.author === 'bot' || message.author === 'agent');

/** Adds or updates server messages (dedupe by id, clientMsgId, or conversation+seq), keeping order. */
function merge(state: State, incoming: Message[], countUnread: boolean): State {
  let messages = state.messages;
  let conversations = state.conversations;
  let unread = state.unread;
  for (const message of incoming) {
    conversations = seen(conversations, message.conversationId);
    const index = messages.findIndex((local) => isSame(local, message));
    if (index >= 0) {
      messages = messages.map((local, i) => (i === index ? fromServer(message, local.key) : local));
    } else {
      messages = [...messages, fromServer(message, message.clientMsgId ?? message.id)];
      if (countUnread && counts(state, message)) unread++;
    }
  }
  // A stored answer ends its stream: the draft goes, so the answer shows once. A conversation
  // leaving the bot ends its streams too: the server stopped them and will store none of them.
  const finished = new Set(incoming.map((m) => m.draftId));
  const leftBot = new Set(incoming.filter((m) => m.event?.from === 'bot' && m.event.to !== 'bot').map((m) => m.conversationId));
  const ended = (d: Draft) => finished.has(d.draftId) || leftBot.has(d.conversationId);
  const drafts = state.drafts.some(ended) ? state.drafts.filter((d) => !ended(d)) : state.drafts;
  return { ...state, conversations, unread, drafts, messages: sorted(messages, conversations) };
}

function applyDelta(state: State, conversationId: string, draftId: string, text: string, now: number): State {
  // A piece that arrives after the stored answer (frames crossing) must not start a second bubble.
  if (state.messages.some((m) => m.draftId === draftId)) return state;
  const held = state.drafts.find((d) => d.draftId === draftId);
  const drafts = held
    ? state.drafts.map((d) => (d === held ? { ...d, text: d.text + text, updatedAt: now } : d))
    : [...state.drafts, { conversationId, draftId, text, updatedAt: now }];
  return { ...state, drafts };
}


const markFailed = (state: State, clientMsgId: string): State => ({
  ...state,
  messages: state.messages.map((m) =>
    m.clientMsgId === clientMsgId && m.delivery === Delivery.Sending ? { ...m, delivery: Delivery.Failed } : m,
  ),
});

function applyFrame(state: State, frame: ServerFrame): State {
  switch (frame.type) {
    case 'welcome': {
      if (frame.role !== 'visitor') return state;
      const conversation = frame.conversation;
      // `resumed`: only what we missed since our cursor, appended. Otherwise (first visit, another
      // conversation, a cursor the server doesn't know): the whole transcript, replacing what we
      // show — except messages not yet stored, which the outbox sends right after this welcome.
      const resumed = frame.resumed && (!conversation || conversation.id === state.conversationId);
      const next: State = {
        ...state,
        connection: Connection.Online,
        failure: null,
        site: frame.site,
        conversationId: conversation ? conversation.id : resumed ? state.conversationId : null,
        status: conversation ? conversation.status : resumed ? state.status : null,
        agentName: conversation ? conversation.assignedAgentName : resumed ? state.agentName : null,
        agentsAvailable: frame.agentsAvailable,
        conversations: resumed ? state.conversations : conversation ? [conversation.id] : [],
        messages: resumed ? state.messages : state.messages.filter((m) => m.delivery !== Delivery.Sent),
      };
      // The first welcome is history; a later one (reconnect) may bring messages missed meanwhile.
      return merge(callbackWelcome(next, frame), frame.messages, state.site !== null);
    }
    case 'message.ack': {
      const messages = state.messages.map((m) =>
        m.clientMsgId === frame.clientMsgId
          ? {
              ...m,
              id: frame.id,
              seq: frame.seq,
              conversationId: frame.conversationId,
              createdAt: frame.createdAt,
              delivery: Delivery.Sent,
            }
          : m,
      );
      const conversations = seen(state.conversations, frame.conversationId);
      return {
        ...state,
        conversationId: state.conversationId ?? frame.conversationId,
        conversations,
        messages: sorted(messages, conversations),
      };
    }
    case 'message.new': {
      const message = frame.message;
      const next = merge(state, [message], true);
      const event = message.event;
      // Their message is what they were typing; a status change (closed, handed over) ends it too.
      const typing = state.agentTyping;
      if (typing && (event || (message.author === 'agent' && (typing.name === null || typing.name === message.authorName)))) {
        next.agentTyping = null;
      }
      if (message.conversationId !== state.conversationId) next.conversationId = message.conversationId;
      if (event && event.kind === 'status') {
        next.status = event.to;
        if (event.to === 'live' && message.authorName) next.agentName = message.authorName;
      }
      return next;
    }
    case 'conversation.updated':
    case 'conversation.detail': {
      const conversation = frame.conversation;
      const next: State = {
        ...state,
        conversationId: conversation.id,
        status: conversation.status,
        agentName: conversation.assignedAgentName,
        conversations: seen(state.conversations, conversation.id),
      };
      return frame.type === 'conversation.detail' ? merge(next, frame.messages, true) : next;
    }
    case 'error': {
      // The site was turned off: the server closed the chat (no line reaches us, the socket
      // ends next). Terminal and read-only: no queue place, no "waiting", nothing to send.
      if (frame.code === 'site_disabled') {
        return { ...state, failure: Failure.SiteDisabled, status: 'closed', queue: null, drafts: [], booking: null };
      }
      const ref = frame.ref;
      if (isCallbackRef(ref)) return applyCallbackError(state, frame, ref);
      // A passing error (rate limit, server hiccup) leaves the message sending: the outbox retries it.
      return ref && !isRetryableError(frame.code) ? markFailed(state, ref) : state;
    }
    case 'queue.position':
      // Kept even if it overtakes the status change to `queued`: `queueSpot` shows it only once queued.
      return {
        ...state,
        queue: {
          conversationId: frame.conversationId,
          position: frame.position,
          estimatedWaitSeconds: frame.estimatedWaitSeconds,
          offerCallback: frame.offerCallback,
        },
      };
    case 'site.availability':
      // Someone can take a chat only within business hours: the away line, if any, is over.
      return frame.agentsAvailable
        ? { ...state, agentsAvailable: true, openNow: true, opensAt: null }
        : { ...state, agentsAvailable: false };
    case 'conversation.read': {
      // `by:'visitor'` goes to agents only; were it echoed, it would say nothing new here.
      if (frame.by !== 'agent') return state;
      const held = state.agentRead;
      // Receipts may cross: the mark only moves forward within a conversation.
      if (held && held.conversationId === frame.conversationId && held.seq >= frame.seq) return state;
      return { ...state, agentRead: { conversationId: frame.conversationId, seq: frame.seq } };
    }
    case 'callback.slots':
    case 'callback.updated':
      return applyCallbackFrame(state, frame);
    case 'pong':
    // Agents only: the callback list and its alarms are the console's.
    case 'callback.due':
    // Agents only; a visitor never gets it, and has nothing to show for it.
    case 'team.presence':
    // Agent-only: internal notes are never sent to visitors; ignored should one arrive anyway.
    case 'note.new':
    // NOTE: deltas and typing come in as their own actions, which carry the arrival time the expiry needs.
    case 'message.delta':
    case 'typing':
      return state;
    default:
      return frame satisfies never;
  }
}

/** Leaving the queue (accepted, closed, another conversation) ends the position shown for it. */
function leftQueue(before: State, after: State): State {
  if (after.queue === null) return after;
  const left =
    (before.status === 'queued' && after.status !== 'queued') ||
    (before.conversationId !== null && after.conversationId !== before.conversationId);
  return left ? { ...after, queue: null } : after;
}

export function reducer(state: State, action: Action): State {
  switch (action.type) {
    case 'connection':
      return { ...state, connection: action.connection };
    case 'failed':
      // The close (4403) after a `site_disabled` error says less than the error did: keep the error's.
      return { ...state, failure: state.failure === Failure.SiteDisabled ? state.failure : action.failure, connection: Connection.Idle };
    case 'frame':
      return leftQueue(state, applyFrame(state, action.frame));
    case 'delta':
      return applyDelta(state, action.frame.conversationId, action.frame.draftId, action.frame.text, action.now);
    case 'expireDrafts': {
      const drafts = state.drafts.filter((d) => action.now - d.updatedAt < DraftTimeoutMs);
      return drafts.length === state.drafts.length ? state : { ...state, drafts };
    }
    case 'typing': {
      const frame = action.frame;
      // Only the agent's typing is shown (a visitor's goes to agents), and only in the chat on screen.
      if (frame.from !== 'agent' || (state.conversationId !== null && frame.conversationId !== state.conversationId)) {
        return state;
      }
      if (!frame.typing) return state.agentTyping ? { ...state, agentTyping: null } : state;
      return { ...state, agentTyping: { conversationId: frame.conversationId, name: frame.name, updatedAt: action.now } };
    }
    case 'expireTyping': {
      const typing = state.agentTyping;
      return typing && action.now - typing.updatedAt >= TypingTimeoutMs ? { ...state, agentTyping: null } : state;
    }
    case 'readSent': {
      const sent = state.readSent;
      if (sent && sent.conversationId === action.conversationId && sent.seq >= action.seq) return state;
      return { ...state, readSent: { conversationId: action.conversationId, seq: action.seq } };
    }
    case 'feedback':
      return action.messageId in state.feedback
        ? state
        : { ...state, feedback: { ...state.feedback, [action.messageId]: action.helpful } };
    case 'send': {
      if (state.messages.some((m) => m.clientMsgId === action.clientMsgId)) return state;
      const message: ChatMessage = {
        key: action.clientMsgId,
        id: null,
        conversationId: null,
        seq: null,
        clientMsgId: action.clientMsgId,
        author: 'visitor',
        authorName: null,
        text: action.text,
        createdAt: action.createdAt,
        delivery: Delivery.Sending,
      };
      return { ...state, messages: [...state.messages, message] };
    }
    case 'retry':
      return {
        ...state,
        messages: state.messages.map((m) =>
          m.clientMsgId === action.clientMsgId && m.delivery === Delivery.Failed
            ? { ...m, delivery: Delivery.Sending }
            : m,
        ),
      };
    case 'notSent':
      return markFailed(state, action.clientMsgId);
    case 'panel':
      return {
        ...state,
        open: action.open,
        unread: action.open ? 0 : state.unread,
        focusRequest: action.focus ? state.focusRequest + 1 : state.focusRequest,
      };
    case 'locale':
      return { ...state, locale: action.locale };
    case 'look':
      return { ...state, look: action.look };
    case 'bookingOpen':
    case 'bookingClose':
    case 'bookingSent':
    case 'cancelSent':
    case 'callbackNotSent':
      return callbackAction(state, action);
    case 'reset':
      return { ...initialState(state.locale, state.open, state.look), focusRequest: state.focusRequest };
    default:
      return action satisfies never;
  }
}

/** Unsent messages, for the outbox flush after each welcome (the server dedupes by clientMsgId). */
export const pending = (state: State): ChatMessage[] =>
  state.messages.filter((m) => m.delivery === Delivery.Sending);

/**
 * The resume cursor for `hello`: the conversation on screen and the highest seq we hold of it with
 * no gap before it (so a missed message in the middle is fetched again). null: nothing to resume.
 */
export function resumeCursor(state: State): { conversationId: string; lastSeq: number } | null {
  const conversationId = state.conversationId;
  if (!conversationId || state.site === null) return null;
  return { conversationId, lastSeq: contiguousSeq(state.messages.filter((m) => m.conversationId === conversationId)) };
}

/** The conversation status as shown: no conversation yet reads as talking to the bot. */
export const shownStatus = (state: State): ConversationStatus => state.status ?? 'bot';

/** The queue position to show: only while this conversation is queued. */
export function queueSpot(state: State): QueueSpot | null {
  const spot = state.queue;
  return spot && state.status === 'queued' && spot.conversationId === state.conversationId ? spot : null;
}

/** When the oldest silent draft expires (ms since epoch), or null with no drafts: the root's timer. */
export function draftDeadline(state: State): number | null {
  return state.drafts.length === 0 ? null : Math.min(...state.drafts.map((d) => d.updatedAt)) + DraftTimeoutMs;
}

/**
 * The message that shows "did that help?": the latest bot message, when it asks. An older answer's
 * question is moot once the bot said something else.
 */
export function feedbackTarget(state: State): ChatMessage | null {
  for (let i = state.messages.length - 1; i >= 0; i--) {
    const m = state.messages[i];
    if (m?.author === 'bot') return m.askFeedback && m.id !== null ? m : null;
  }
  return null;
}

/** The frame to send for an answer, or null when this page already answered for that message. */
export function feedbackFrame(
  state: State,
  messageId: string,
  helpful: boolean,
): { type: 'message.feedback'; messageId: string; helpful: boolean } | null {
  return messageId in state.feedback ? null : { type: 'message.feedback', messageId, helpful };
}
