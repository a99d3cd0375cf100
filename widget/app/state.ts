/**
 * The widget's state and its one reducer. Components read `State` and dispatch `Action`s; nothing
 * changes state in place. Server frames go through here too, so dedupe and ordering live in one spot.
 */
import { ErrorCode, type Author, type ConversationStatus, type Locale } from '../../protocol/codes';
import type { Message, ServerFrame, StatusEvent, VisitorWelcome } from '../../protocol/frames';

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
export const Failure = { Forbidden: 'forbidden', Version: 'version', Setup: 'setup' } as const;
export type Failure = (typeof Failure)[keyof typeof Failure];

export type SiteInfo = VisitorWelcome['site'];

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
  text: string;
  createdAt: string;
  quickReplies?: string[];
  event?: StatusEvent;
  delivery: Delivery;
}

export interface State {
  locale: Locale;
  open: boolean;
  connection: Connection;
  failure: Failure | null;
  site: SiteInfo | null;
  conversationId: string | null;
  /** null before the visitor has a conversation; shown like `bot`. */
  status: ConversationStatus | null;
  agentName: string | null;
  /** Conversation ids in the order first seen: seq restarts per conversation, so it orders them. */
  conversations: string[];
  messages: ChatMessage[];
  /** Bot/agent messages that arrived while the panel was closed. */
  unread: number;
  /** Bumped when the visitor opens the panel: the composer takes focus then (and only then). */
  focusRequest: number;
}

export type Action =
  | { type: 'connection'; connection: Connection }
  | { type: 'failed'; failure: Failure }
  | { type: 'frame'; frame: ServerFrame }
  | { type: 'send'; clientMsgId: string; text: string; createdAt: string }
  | { type: 'retry'; clientMsgId: string }
  /** Not sent, and not going to be without the visitor (e.g. the outbox is full). */
  | { type: 'notSent'; clientMsgId: string }
  | { type: 'panel'; open: boolean; focus?: boolean }
  | { type: 'locale'; locale: Locale }
  | { type: 'reset' };

export function initialState(locale: Locale, open = false): State {
  return {
    locale,
    open,
    connection: Connection.Idle,
    failure: null,
    site: null,
    conversationId: null,
    status: null,
    agentName: null,
    conversations: [],
    messages: [],
    unread: 0,
    focusRequest: 0,
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
  return { ...state, conversations, unread, messages: sorted(messages, conversations) };
}

/** Error codes after which resending the same message can't succeed: the visitor decides (Retry). */
export const isFinal = (code: string): boolean => code !== ErrorCode.RateLimited && code !== ErrorCode.Internal;

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
        conversations: resumed ? state.conversations : conversation ? [conversation.id] : [],
        messages: resumed ? state.messages : state.messages.filter((m) => m.delivery !== Delivery.Sent),
      };
      // The first welcome is history; a later one (reconnect) may bring messages missed meanwhile.
      return merge(next, frame.messages, state.site !== null);
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
      const ref = frame.ref;
      // A passing error (rate limit, server hiccup) leaves the message sending: the outbox retries it.
      return ref && isFinal(frame.code) ? markFailed(state, ref) : state;
    }
    case 'pong':
      return state;
    default:
      return frame satisfies never;
  }
}

export function reducer(state: State, action: Action): State {
  switch (action.type) {
    case 'connection':
      return { ...state, connection: action.connection };
    case 'failed':
      return { ...state, failure: action.failure, connection: Connection.Idle };
    case 'frame':
      return applyFrame(state, action.frame);
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
    case 'reset':
      return { ...initialState(state.locale, state.open), focusRequest: state.focusRequest };
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
  const held = new Set(state.messages.filter((m) => m.conversationId === conversationId && m.seq !== null).map((m) => m.seq));
  let lastSeq = 0;
  while (held.has(lastSeq + 1)) lastSeq++;
  return { conversationId, lastSeq };
}

/** The conversation status as shown: no conversation yet reads as talking to the bot. */
export const shownStatus = (state: State): ConversationStatus => state.status ?? 'bot';
