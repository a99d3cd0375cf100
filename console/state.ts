import { enqueue, findQueued, settle, update } from '../client/outbox';
import { insertMessage, mergeMessages, replaceMessages } from '../client/transcript';
import { TypingTimeoutMs } from '../client/typing';
import type { AgentStatus } from '../protocol/codes';
import type { Callback, ConversationSummary, HandoffInfo, Message, Note, ServerFrame, VisitorContextInfo } from '../protocol/frames';
import { addAlert, type Alert } from './alerts';
import {
  applyCallbacks,
  initialCallbackState,
  reduceCallbacks,
  selectionAfterOpen,
  welcomeCallbacks,
  type CallbackAction,
  type CallbackState,
} from './callbackState';
import { mergeNotes } from './notes';
import type { Outbox, PendingSend } from './outbox';
import type { SiteInfo } from './sitesApi';
import { ConsoleView } from './view';

/**
 * The console's one reducer. Every change to what the agent sees goes through `reduce`;
 * components read the state (through selectors.ts) and never change it in place.
 */

export interface Agent {
  id: string;
  name: string;
  email: string;
  /** My avatar's URL path on the relay (what visitors see beside my replies); absent: none. */
  avatar?: string;
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

export interface Transcript {
  /** True once a `conversation.detail` arrived; before that `messages` may be a partial tail. */
  loaded: boolean;
  /** Ordered by `seq`, unique by `id`. */
  messages: readonly Message[];
  /** What the bot handed over (reason, summary, facts); null when it didn't, or before the detail. */
  handoff: HandoffInfo | null;
  /** Internal notes, ordered by `createdAt`, unique by `id` and `clientMsgId`. Never shown to the visitor. */
  notes: readonly Note[];
  /** Who the visitor is (side panel); null before the detail. */
  context: VisitorContextInfo | null;
}

const emptyTranscript: Transcript = { loaded: false, messages: [], handoff: null, notes: [], context: null };


/** A site the signed-in agent works on, from the agent welcome. */
export interface SiteRef {
  key: string;
  name: string;
}

/** An agent account as the team admin API returns it. */
export interface AgentAccount {
  id: string;
  email: string;
  name: string;
  role: 'admin' | 'agent';
  capacity: number;
  active: boolean;
  /** The site keys this agent works on; absent when the relay does not say. Admins work on every site regardless. */
  sites?: string[];
}

export interface CannedReply {
  id: string;
  shortcut: string;
  text: string;
}

/** One agent as `team.presence` describes them (status, load). */
export type TeamMember = Extract<ServerFrame, { type: 'team.presence' }>['agents'][number];

/** Callback state (callbackState.ts) is part of it, changed by the same reducer. */
export interface ConsoleState extends CallbackState {
  auth: AuthState;
  link: LinkStatus;
  conversations: Readonly<Record<string, ConversationSummary>>;
  /**
   * When each queued conversation entered the queue, as far as this console saw it.
   * Only a fallback for summaries whose `queuedAt` is null (a conversation queued before the relay's
   * migration added the column, which it does not backfill): we take `updatedAt` of the first
   * summary that shows the conversation queued and keep it while it stays queued (later visitor
   * messages bump `updatedAt` but must not reset the waiting time).
   */
  queuedSince: Readonly<Record<string, string>>;
  openId: string | null;
  /** The sites this agent works on (admins: all), from the latest welcome; everything listed is of these. */
  sites: readonly SiteRef[];
  /** Counts welcomes: a new snapshot of the list, which is not news to notify about. */
  snapshot: number;
  /** The whole team's presence, from the latest `team.presence`; empty until the first one. */
  team: readonly TeamMember[];
  transcripts: Readonly<Record<string, Transcript>>;
  /** Replies not acknowledged yet, in send order. */
  pending: Outbox;
  /** Conversations with visitor messages the agent has not looked at. */
  unread: Readonly<Record<string, true>>;
  alerts: readonly Alert[];
  nextAlertId: number;
  /** When the visitor last said they were typing, per conversation (ms since epoch); absent when not typing. */
  visitorTyping: Readonly<Record<string, number>>;
  /** The highest seq the visitor has read, per conversation. */
  readByVisitor: Readonly<Record<string, number>>;
  /** Canned replies, from `GET /api/canned`; null until loaded. */
  canned: readonly CannedReply[] | null;
  /** Every agent account, from `GET /api/agents`; null until loaded. Also tells my role. */
  accounts: readonly AgentAccount[] | null;
  view: ConsoleView;
  /** Every site I may see with its settings, from `GET /api/sites`; null until loaded (or when the relay has no such route). */
  siteList: readonly SiteInfo[] | null;
  /** The conversation list shows only this site's conversations; null: all sites. */
  siteFilter: string | null;
}

export type Action =
  | { type: 'auth.checking' }
  | { type: 'auth.submitting' }
  | { type: 'auth.signedIn'; agent: Agent }
  | { type: 'auth.signedOut'; error: string | null }
  | { type: 'link.status'; status: LinkStatus }
  | {
      type: 'welcome';
      agent: Agent;
      /** Absent from a relay older than site scoping: then nothing is known to be out of scope. */
      sites?: readonly SiteRef[] | undefined;
      conversations: readonly ConversationSummary[];
      callbacks: readonly Callback[];
    }
  | { type: 'conversation.upsert'; conversation: ConversationSummary }
  | { type: 'team.presence'; agents: readonly TeamMember[] }
  | { type: 'conversation.open'; conversationId: string | null }
  | {
      type: 'conversation.detail';
      conversation: ConversationSummary;
      messages: readonly Message[];
      resumed: boolean;
      handoff: HandoffInfo | null;
      notes: readonly Note[];
      context: VisitorContextInfo | null;
    }
  | { type: 'note.new'; note: Note }
  | { type: 'typing'; conversationId: string; typing: boolean; at: number }
  | { type: 'typing.expire'; now: number }
  | { type: 'read.visitor'; conversationId: string; seq: number }
  | { type: 'canned.loaded'; replies: readonly CannedReply[] }
  | { type: 'canned.added'; reply: CannedReply }
  | { type: 'canned.removed'; id: string }
  | { type: 'accounts.loaded'; accounts: readonly AgentAccount[] }
  | { type: 'account.saved'; account: AgentAccount }
  | { type: 'message.new'; message: Message }
  | { type: 'message.ack'; clientMsgId: string; conversationId: string; id: string; seq: number; createdAt: string }
  | { type: 'send.start'; pending: PendingSend }
  | { type: 'send.retry'; clientMsgId: string }
  | { type: 'send.failed'; clientMsgId: string; error: string }
  | { type: 'alert.add'; code: string; message: string }
  | { type: 'alert.dismiss'; id: number }
  | { type: 'view.set'; view: ConsoleView }
  | { type: 'agent.renamed'; agent: Agent }
  | { type: 'agent.avatarChanged'; avatar: string | null }
  | { type: 'sites.loaded'; sites: readonly SiteInfo[] }
  | { type: 'site.saved'; site: SiteInfo }
  | { type: 'site.filter'; siteKey: string | null }
  | CallbackAction;

export function initialState(): ConsoleState {
  return {
    auth: { phase: 'checking' },
    link: LinkStatus.Idle,
    conversations: {},
    queuedSince: {},
    openId: null,
    sites: [],
    snapshot: 0,
    team: [],
    transcripts: {},
    pending: [],
    unread: {},
    alerts: [],
    nextAlertId: 1,
    visitorTyping: {},
    readByVisitor: {},
    canned: null,
    accounts: null,
    view: ConsoleView.Inbox,
    siteList: null,
    siteFilter: null,
    ...initialCallbackState(),
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
      return applyWelcome(state, action.agent, action.conversations, action.callbacks, action.sites);
    case 'conversation.upsert':
      return upsertConversation(state, action.conversation);
    case 'team.presence':
      return { ...state, team: action.agents };
    case 'conversation.open': {
      const id = action.conversationId;
      const selectedCallbackId = selectionAfterOpen(state, id);
      if (id === null) return { ...state, openId: null, selectedCallbackId };
      const { [id]: _read, ...unread } = state.unread;
      return { ...state, openId: id, unread, selectedCallbackId };
    }
    case 'conversation.detail': {
      const next = upsertConversation(state, action.conversation);
      const id = action.conversation.id;
      const held = next.transcripts[id];
      // Resumed: only what came after our cursor, so add it to what we hold. Full: the
      // server's whole transcript, which replaces ours (see replaceMessages for the one exception).
      const messages = action.resumed
        ? mergeMessages(held?.messages ?? [], action.messages)
        : replaceMessages(held?.messages ?? [], action.messages, held?.loaded !== true);
      // Notes are never deleted, so whatever a detail carries is added to what we hold.
      const notes = mergeNotes(held?.notes ?? [], action.notes);
      // The contact's callbacks may include ones older than the welcome's window; hold them so
      // the call beside this chat can be shown and acted on.
      const withCallbacks = applyCallbacks(next, action.context?.callbacks ?? []);
      return {
        ...withCallbacks,
        // Every detail, resumed or not, carries the conversation's current handoff and context.
        transcripts: {
          ...next.transcripts,
          [id]: { loaded: true, messages, handoff: action.handoff, notes, context: action.context ?? held?.context ?? null },
        },
        pending: settle(next.pending, messages.map((m) => m.clientMsgId)),
      };
    }
    case 'note.new': {
      const id = action.note.conversationId;
      const transcript = state.transcripts[id] ?? emptyTranscript;
      const notes = mergeNotes(transcript.notes, [action.note]);
      if (notes === transcript.notes) return state;
      return { ...state, transcripts: { ...state.transcripts, [id]: { ...transcript, notes } } };
    }
    case 'typing': {
      const { [action.conversationId]: _old, ...rest } = state.visitorTyping;
      if (!action.typing && _old === undefined) return state;
      return { ...state, visitorTyping: action.typing ? { ...rest, [action.conversationId]: action.at } : rest };
    }
    case 'typing.expire': {
      const kept: Record<string, number> = {};
      let dropped = false;
      for (const [id, at] of Object.entries(state.visitorTyping)) {
        if (action.now - at >= TypingTimeoutMs) dropped = true;
        else kept[id] = at;
      }
      return dropped ? { ...state, visitorTyping: kept } : state;
    }
    case 'read.visitor': {
      // Receipts can cross on the wire; the read position only moves forward.
      const held = state.readByVisitor[action.conversationId] ?? 0;
      if (action.seq <= held) return state;
      return { ...state, readByVisitor: { ...state.readByVisitor, [action.conversationId]: action.seq } };
    }
    case 'canned.loaded':
      return { ...state, canned: sortCanned(action.replies) };
    case 'canned.added':
      return {
        ...state,
        canned: sortCanned([...(state.canned ?? []).filter((r) => r.id !== action.reply.id), action.reply]),
      };
    case 'canned.removed':
      return state.canned === null ? state : { ...state, canned: state.canned.filter((r) => r.id !== action.id) };
    case 'accounts.loaded':
      return { ...state, accounts: action.accounts };
    case 'account.saved': {
      const others = (state.accounts ?? []).filter((a) => a.id !== action.account.id);
      return { ...state, accounts: [...others, action.account].sort((a, b) => a.name.localeCompare(b.name)) };
    }
    case 'message.new':
      return applyMessage(state, action.message);
    case 'message.ack': {
      // No entry: the echo or a transcript already settled it, and the message is shown.
      const sent = findQueued(state.pending, action.clientMsgId);
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
    case 'send.start': {
      const pending = enqueue(state.pending, action.pending);
      return pending === state.pending ? state : { ...state, pending };
    }
    case 'send.retry':
    case 'send.failed': {
      const change = (sent: PendingSend): PendingSend =>
        action.type === 'send.retry'
          ? { ...sent, status: 'sending', error: null }
          : { ...sent, status: 'failed', error: action.error };
      const pending = update(state.pending, action.clientMsgId, change);
      return pending === state.pending ? state : { ...state, pending };
    }
    case 'alert.add': {
      // The same complaint twice in a row is one alert, not a stack of them.
      const last = state.alerts[state.alerts.length - 1];
      if (last !== undefined && last.code === action.code && last.message === action.message) return state;
      return addAlert(state, action.code, action.message, null);
    }
    case 'alert.dismiss':
      return { ...state, alerts: state.alerts.filter((alert) => alert.id !== action.id) };
    case 'view.set':
      return state.view === action.view ? state : { ...state, view: action.view };
    case 'agent.renamed': {
      if (state.auth.phase !== 'signed_in') return state;
      const accounts = state.accounts?.map((a) => (a.id === action.agent.id ? { ...a, name: action.agent.name } : a)) ?? null;
      return { ...state, auth: { phase: 'signed_in', agent: action.agent }, accounts };
    }
    case 'agent.avatarChanged': {
      if (state.auth.phase !== 'signed_in') return state;
      const { avatar: _old, ...agent } = state.auth.agent;
      return { ...state, auth: { phase: 'signed_in', agent: action.avatar === null ? agent : { ...agent, avatar: action.avatar } } };
    }
    case 'sites.loaded':
      return { ...state, siteList: sortSites(action.sites) };
    case 'site.saved':
      return { ...state, siteList: sortSites([...(state.siteList ?? []).filter((s) => s.key !== action.site.key), action.site]) };
    case 'site.filter':
      return state.siteFilter === action.siteKey ? state : { ...state, siteFilter: action.siteKey };
    case 'callback.upsert':
    case 'callback.due':
    case 'callback.select':
    case 'callback.request':
    case 'callback.failed':
    case 'callback.dismissError':
    case 'callback.slots':
      return reduceCallbacks(state, action);
    default:
      return assertNever(action);
  }
}

function assertNever(value: never): never {
  throw new Error(`Unhandled action: ${JSON.stringify(value)}`);
}

function applyWelcome(
  state: ConsoleState,
  agent: Agent,
  list: readonly ConversationSummary[],
  callbackList: readonly Callback[],
  sites: readonly SiteRef[] | undefined,
): ConsoleState {
  // The welcome is the server's snapshot: it replaces the list, except the open conversation,
  // which stays on screen (its detail is asked for again right after) — unless it is of a site
  // this agent no longer works on: then it goes, with every transcript of such a site.
  const outOfScope = (c: ConversationSummary | undefined) => sites !== undefined && c !== undefined && !sites.some((site) => site.key === c.siteKey);
  const kept = state.openId === null ? undefined : state.conversations[state.openId];
  const open = outOfScope(kept) ? undefined : kept;
  let next: ConsoleState = {
    ...state,
    openId: outOfScope(kept) ? null : state.openId,
    transcripts: Object.fromEntries(Object.entries(state.transcripts).filter(([id]) => !outOfScope(state.conversations[id]))),
    sites: sites ?? state.sites,
    auth: { phase: 'signed_in', agent },
    snapshot: state.snapshot + 1,
    conversations: open === undefined ? {} : { [open.id]: open },
    queuedSince: open === undefined ? {} : pick(state.queuedSince, open.id),
  };
  for (const conversation of list) {
    next = upsertConversation(next, conversation, state.conversations[conversation.id], state.queuedSince);
  }
  const unread: Record<string, true> = {};
  for (const id of Object.keys(state.unread)) if (next.conversations[id] !== undefined) unread[id] = true;
  // The callback list is a snapshot too.
  return { ...next, unread, ...welcomeCallbacks(state, callbackList) };
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
  const transcript = state.transcripts[id] ?? emptyTranscript;
  const messages = insertMessage(transcript.messages, message);
  const pending = settle(state.pending, [message.clientMsgId]);
  const known = transcript.messages.some(
    (m) => m.id === message.id || (message.clientMsgId !== null && m.clientMsgId === message.clientMsgId),
  );
  const isNewVisitorMessage = !known && message.author === 'visitor';
  const unread = isNewVisitorMessage && state.openId !== id ? { ...state.unread, [id]: true as const } : state.unread;
  if (messages === transcript.messages && pending === state.pending) return state;
  // A visitor who just sent has stopped typing, whether or not their `typing: false` arrives.
  let visitorTyping = state.visitorTyping;
  if (isNewVisitorMessage && visitorTyping[id] !== undefined) {
    const { [id]: _gone, ...rest } = visitorTyping;
    visitorTyping = rest;
  }
  return { ...state, transcripts: { ...state.transcripts, [id]: { ...transcript, messages } }, pending, unread, visitorTyping };
}

function sortSites(sites: readonly SiteInfo[]): SiteInfo[] {
  return [...sites].sort((a, b) => a.name.localeCompare(b.name) || a.key.localeCompare(b.key));
}

function sortCanned(replies: readonly CannedReply[]): CannedReply[] {
  return [...replies].sort((a, b) => a.shortcut.localeCompare(b.shortcut));
}

/** Online / Away, as the agent picks it (offline is what no connected console means). */
export type ManualStatus = Exclude<AgentStatus, 'offline'>;
