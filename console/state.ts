import type { ConversationSummary, Message } from '../protocol/frames';

/**
 * The console's one reducer. Every change to what the agent sees goes through `reduce`;
 * components read the state and never change it in place.
 */

export interface Agent {
  id: string;
  name: string;
  email: string;
}

export type AuthState =
  | { phase: 'checking' }
  | { phase: 'signed_out'; submitting: boolean; error: string | null }
  | { phase: 'signed_in'; agent: Agent };

export const LinkStatus = {
  Idle: 'idle',
  Connecting: 'connecting',
  Online: 'online',
  Reconnecting: 'reconnecting',
  Offline: 'offline',
} as const;
export type LinkStatus = (typeof LinkStatus)[keyof typeof LinkStatus];

/** A reply typed by this agent that the server has not acknowledged yet. */
export interface PendingSend {
  clientMsgId: string;
  conversationId: string;
  text: string;
  createdAt: string;
  status: 'sending' | 'failed';
  error: string | null;
}

export interface Transcript {
  /** True once a `conversation.detail` arrived; before that `messages` may be a partial tail. */
  loaded: boolean;
  /** Ordered by `seq`, unique by `id`. */
  messages: readonly Message[];
}

export interface Alert {
  id: number;
  code: string;
  message: string;
}

export interface ConsoleState {
  auth: AuthState;
  link: LinkStatus;
  conversations: Readonly<Record<string, ConversationSummary>>;
  /**
   * When each queued conversation entered the queue, as far as this console saw it.
   * NOTE: the summary has no "status changed at" field, so we take `updatedAt` of the first
   * summary that shows the conversation queued and keep it while it stays queued (later visitor
   * messages bump `updatedAt` but must not reset the waiting time).
   */
  queuedSince: Readonly<Record<string, string>>;
  openId: string | null;
  transcripts: Readonly<Record<string, Transcript>>;
  /** Keyed by clientMsgId; insertion order is send order. */
  pending: Readonly<Record<string, PendingSend>>;
  /** Conversations with visitor messages the agent has not looked at. */
  unread: Readonly<Record<string, true>>;
  alerts: readonly Alert[];
  nextAlertId: number;
}

export type Action =
  | { type: 'auth.checking' }
  | { type: 'auth.submitting' }
  | { type: 'auth.signedIn'; agent: Agent }
  | { type: 'auth.signedOut'; error: string | null }
  | { type: 'link.status'; status: LinkStatus }
  | { type: 'welcome'; agent: Agent; conversations: readonly ConversationSummary[] }
  | { type: 'conversation.upsert'; conversation: ConversationSummary }
  | { type: 'conversation.open'; conversationId: string | null }
  | { type: 'conversation.detail'; conversation: ConversationSummary; messages: readonly Message[] }
  | { type: 'message.new'; message: Message }
  | { type: 'message.ack'; clientMsgId: string; conversationId: string; id: string; seq: number; createdAt: string }
  | { type: 'send.start'; pending: PendingSend }
  | { type: 'send.retry'; clientMsgId: string }
  | { type: 'send.failed'; clientMsgId: string; error: string }
  | { type: 'alert.add'; code: string; message: string }
  | { type: 'alert.dismiss'; id: number };

export function initialState(): ConsoleState {
  return {
    auth: { phase: 'checking' },
    link: LinkStatus.Idle,
    conversations: {},
    queuedSince: {},
    openId: null,
    transcripts: {},
    pending: {},
    unread: {},
    alerts: [],
    nextAlertId: 1,
  };
}

export function reduce(state: ConsoleState, action: Action): ConsoleState {
  switch (action.type) {
    case 'auth.checking':
      return { ...state, auth: { phase: 'checking' } };
    case 'auth.submitting':
      return { ...state, auth: { phase: 'signed_out', submitting: true, error: null } };
    case 'auth.signedIn':
      return { ...state, auth: { phase: 'signed_in', agent: action.agent } };
    case 'auth.signedOut':
      // Everything seen under the old session goes: another agent may sign in next.
      return { ...initialState(), auth: { phase: 'signed_out', submitting: false, error: action.error } };
    case 'link.status':
      return state.link === action.status ? state : { ...state, link: action.status };
    case 'welcome':
      return applyWelcome(state, action.agent, action.conversations);
    case 'conversation.upsert':
      return upsertConversation(state, action.conversation);
    case 'conversation.open': {
      const id = action.conversationId;
      if (id === null) return { ...state, openId: null };
      const { [id]: _read, ...unread } = state.unread;
      return { ...state, openId: id, unread };
    }
    case 'conversation.detail': {
      const next = upsertConversation(state, action.conversation);
      const id = action.conversation.id;
      const existing = next.transcripts[id]?.messages ?? [];
      const messages = action.messages.reduce<readonly Message[]>(insertMessage, existing);
      return {
        ...next,
        transcripts: { ...next.transcripts, [id]: { loaded: true, messages } },
        pending: dropPendingFor(next.pending, messages),
      };
    }
    case 'message.new':
      return applyMessage(state, action.message);
    case 'message.ack': {
      const sent = state.pending[action.clientMsgId];
      if (sent === undefined) return state;
      const authorName = state.auth.phase === 'signed_in' ? state.auth.agent.name : null;
      return applyMessage(state, {
        id: action.id,
        conversationId: action.conversationId,
        seq: action.seq,
        author: 'agent',
        authorName,
        text: sent.text,
        createdAt: action.createdAt,
        clientMsgId: action.clientMsgId,
      });
    }
    case 'send.start':
      return { ...state, pending: { ...state.pending, [action.pending.clientMsgId]: action.pending } };
    case 'send.retry':
    case 'send.failed': {
      const sent = state.pending[action.clientMsgId];
      if (sent === undefined) return state;
      const updated: PendingSend =
        action.type === 'send.retry'
          ? { ...sent, status: 'sending', error: null }
          : { ...sent, status: 'failed', error: action.error };
      return { ...state, pending: { ...state.pending, [action.clientMsgId]: updated } };
    }
    case 'alert.add': {
      // The same complaint twice in a row is one alert, not a stack of them.
      const last = state.alerts[state.alerts.length - 1];
      if (last !== undefined && last.code === action.code && last.message === action.message) return state;
      const alert: Alert = { id: state.nextAlertId, code: action.code, message: action.message };
      return { ...state, alerts: [...state.alerts, alert], nextAlertId: state.nextAlertId + 1 };
    }
    case 'alert.dismiss':
      return { ...state, alerts: state.alerts.filter((alert) => alert.id !== action.id) };
    default:
      return assertNever(action);
  }
}

function assertNever(value: never): never {
  throw new Error(`Unhandled action: ${JSON.stringify(value)}`);
}

function applyWelcome(state: ConsoleState, agent: Agent, list: readonly ConversationSummary[]): ConsoleState {
  // The welcome is the server's snapshot: it replaces the list, except the open conversation,
  // which stays on screen (its detail is asked for again right after).
  const open = state.openId === null ? undefined : state.conversations[state.openId];
  let next: ConsoleState = {
    ...state,
    auth: { phase: 'signed_in', agent },
    conversations: open === undefined ? {} : { [open.id]: open },
    queuedSince: open === undefined ? {} : pick(state.queuedSince, open.id),
  };
  for (const conversation of list) {
    next = upsertConversation(next, conversation, state.conversations[conversation.id], state.queuedSince);
  }
  const unread: Record<string, true> = {};
  for (const id of Object.keys(state.unread)) if (next.conversations[id] !== undefined) unread[id] = true;
  return { ...next, unread };
}

function pick(record: Readonly<Record<string, string>>, key: string): Record<string, string> {
  const value = record[key];
  return value === undefined ? {} : { [key]: value };
}

function upsertConversation(
  state: ConsoleState,
  incoming: ConversationSummary,
  previous: ConversationSummary | undefined = state.conversations[incoming.id],
  previousQueuedSince: Readonly<Record<string, string>> = state.queuedSince,
): ConsoleState {
  // Frames can cross on the wire (a detail answered before an update went out); an older
  // snapshot never overwrites a newer one.
  const keepPrevious = previous !== undefined && Date.parse(previous.updatedAt) > Date.parse(incoming.updatedAt);
  const chosen = keepPrevious && previous !== undefined ? previous : incoming;
  const { [chosen.id]: _old, ...rest } = state.queuedSince;
  const queuedSince: Record<string, string> = rest;
  if (chosen.status === 'queued') {
    const since = previous?.status === 'queued' ? previousQueuedSince[chosen.id] : undefined;
    queuedSince[chosen.id] = since ?? chosen.updatedAt;
  }
  return { ...state, conversations: { ...state.conversations, [chosen.id]: chosen }, queuedSince };
}

function applyMessage(state: ConsoleState, message: Message): ConsoleState {
  const id = message.conversationId;
  const transcript = state.transcripts[id] ?? { loaded: false, messages: [] };
  const messages = insertMessage(transcript.messages, message);
  const pending = dropPendingFor(state.pending, [message]);
  const known = transcript.messages.some(
    (m) => m.id === message.id || (message.clientMsgId !== null && m.clientMsgId === message.clientMsgId),
  );
  const isNewVisitorMessage = !known && message.author === 'visitor';
  const unread = isNewVisitorMessage && state.openId !== id ? { ...state.unread, [id]: true as const } : state.unread;
  if (messages === transcript.messages && pending === state.pending) return state;
  return { ...state, transcripts: { ...state.transcripts, [id]: { ...transcript, messages } }, pending, unread };
}

/**
 * Inserts `message` keeping the list ordered by seq and unique by id and clientMsgId.
 * Returns the same array when the message is already there, so callers can detect no-ops.
 */
export function insertMessage(list: readonly Message[], message: Message): readonly Message[] {
  const sameIndex = list.findIndex(
    (m) => m.id === message.id || (message.clientMsgId !== null && m.clientMsgId === message.clientMsgId),
  );
  if (sameIndex !== -1) {
    const same = list[sameIndex];
    // An ack-built message and its server echo are the same message; the echo carries the
    // server's full fields (quick replies, events), so it wins.
    if (same === undefined || JSON.stringify(same) === JSON.stringify(message)) return list;
    const without = [...list.slice(0, sameIndex), ...list.slice(sameIndex + 1)];
    return insertMessage(without, message);
  }
  let at = list.length;
  while (at > 0 && (list[at - 1]?.seq ?? 0) > message.seq) at -= 1;
  return [...list.slice(0, at), message, ...list.slice(at)];
}

function dropPendingFor(
  pending: Readonly<Record<string, PendingSend>>,
  messages: readonly Message[],
): Readonly<Record<string, PendingSend>> {
  let next = pending;
  for (const message of messages) {
    if (message.clientMsgId === null || next[message.clientMsgId] === undefined) continue;
    const { [message.clientMsgId]: _done, ...rest } = next;
    next = rest;
  }
  return next;
}

// ---------------------------------------------------------------- selectors

const byTime = (pick: (c: ConversationSummary) => string, direction: 1 | -1) =>
  (a: ConversationSummary, b: ConversationSummary): number =>
    direction * (Date.parse(pick(a)) - Date.parse(pick(b))) || a.id.localeCompare(b.id);

export interface InboxSections {
  /** Oldest waiting first. */
  queue: ConversationSummary[];
  /** Live and assigned to this agent, most recent activity first. */
  mine: ConversationSummary[];
  /** Live with someone else. */
  teammates: ConversationSummary[];
  bot: ConversationSummary[];
  closed: ConversationSummary[];
}

/** How many bot and closed conversations the list keeps; older ones are history, not inbox. */
export const RecentLimit = 30;

export function selectSections(state: ConsoleState, agentId: string): InboxSections {
  const all = Object.values(state.conversations);
  const queuedAt = (c: ConversationSummary) => state.queuedSince[c.id] ?? c.updatedAt;
  const recent = byTime((c) => c.updatedAt, -1);
  return {
    queue: all.filter((c) => c.status === 'queued').sort(byTime(queuedAt, 1)),
    mine: all.filter((c) => c.status === 'live' && c.assignedAgentId === agentId).sort(recent),
    teammates: all.filter((c) => c.status === 'live' && c.assignedAgentId !== agentId).sort(recent),
    bot: all.filter((c) => c.status === 'bot').sort(recent).slice(0, RecentLimit),
    closed: all.filter((c) => c.status === 'closed').sort(recent).slice(0, RecentLimit),
  };
}

export function selectQueueCount(state: ConsoleState): number {
  let count = 0;
  for (const conversation of Object.values(state.conversations)) if (conversation.status === 'queued') count += 1;
  return count;
}

export const AppTitle = 'Ponte Console';

export function titleFor(queueCount: number): string {
  return queueCount > 0 ? `(${queueCount}) ${AppTitle}` : AppTitle;
}

export function selectPendingFor(state: ConsoleState, conversationId: string): PendingSend[] {
  return Object.values(state.pending).filter((p) => p.conversationId === conversationId);
}

/** Only the assigned agent of a live conversation may write in it (the server enforces the same). */
export function canReply(conversation: ConversationSummary, agentId: string): boolean {
  return conversation.status === 'live' && conversation.assignedAgentId === agentId;
}
