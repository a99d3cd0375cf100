import { ErrorCode, Limits } from '../protocol/codes';
import type { CallbackOutcome, ClientFrame, ServerFrame } from '../protocol/frames';
import { ApiError, type AgentChange, type ApiClient, type NewAgent } from './api';
import type { BusinessHours } from './businessHours';
import { CallbackRef, isCallbackRef, oldestSending } from './callbacks';
import type { Connection, ConnectionOptions, FatalReason, Timers } from './connection';
import { findPending, RetryableSendErrors, toResend } from './outbox';
import {
  canReply,
  latestSeq,
  selectResumeCursor,
  selectResumeTargets,
  TypingTimeoutMs,
  type ManualStatus,
} from './state';
import { createTypingThrottle, type TypingThrottle } from './typing';
import type { Store } from './store';
import type { ConsoleView } from './view';

/**
 * What the UI can ask for. It turns user intents into HTTP calls and socket frames, and server
 * frames into reducer actions; it holds no state of its own besides the live connection.
 */
export interface Controller {
  /** Checks for an existing session and connects if there is one. */
  start(): Promise<void>;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  open(conversationId: string | null): void;
  accept(conversationId: string): void;
  closeConversation(conversationId: string): void;
  /** Online / Away by hand; the server answers with `team.presence`. */
  setStatus(status: ManualStatus): void;
  send(conversationId: string, text: string): void;
  retry(clientMsgId: string): void;
  dismissAlert(id: number): void;
  /** An internal note: agents only, never the visitor. */
  addNote(conversationId: string, text: string): void;
  transfer(conversationId: string, toAgentId: string, note: string): void;
  /** The reply box changed (true: has text, false: cleared/sent/left); throttled here. */
  typing(conversationId: string, typing: boolean): void;
  /** The page became visible again: read receipts for the open conversation may go out now. */
  visibilityChanged(): void;
  /** Inbox or Callbacks in the sidebar. */
  showView(view: ConsoleView): void;
  /** Picks a callback and opens its conversation (the whole transcript) beside its action bar. */
  openCallback(callbackId: string): void;
  claimCallback(callbackId: string): void;
  /** How the call I claimed went; `rescheduled` needs `slotStart`. A blank note is left out. */
  recordOutcome(callbackId: string, outcome: CallbackOutcome, options?: { slotStart?: string; note?: string }): void;
  /** Asks for the free times to move a callback to (answered with `callback.slots`). */
  requestRescheduleSlots(callbackId: string): void;
  dismissCallbackError(callbackId: string): void;
  // HTTP: each resolves to null on success or to the message to show (the server's own words when it gave some).
  loadCanned(): Promise<string | null>;
  addCanned(shortcut: string, text: string): Promise<string | null>;
  deleteCanned(id: string): Promise<string | null>;
  loadAccounts(): Promise<string | null>;
  createAgent(input: NewAgent): Promise<string | null>;
  updateAgent(id: string, change: AgentChange): Promise<string | null>;
  changePassword(currentPassword: string, newPassword: string): Promise<string | null>;
  signOutEverywhere(): Promise<string | null>;
  /** The site's business hours and callback settings. */
  loadHours(): Promise<HoursResult>;
  /** Admin only. The server checks them whole; on success, what it stored. */
  saveHours(hours: BusinessHours): Promise<HoursResult>;
  /** Idempotent. */
  dispose(): void;
}

/**
 * NOTE: unlike the other HTTP calls, hours come back to the caller instead of going into the
 * store: only the form that edits them reads them, and it keeps its own draft anyway; a second
 * copy in the store would only be one more thing to keep in step.
 */
export type HoursResult = { ok: true; hours: BusinessHours } | { ok: false; message: string };

export type ConnectionFactory = (
  handlers: Pick<ConnectionOptions, 'onFrame' | 'onStatus' | 'onFatal'>,
) => Connection;

export interface ControllerDeps {
  api: ApiClient;
  store: Store;
  connect: ConnectionFactory;
  newId: () => string;
  now: () => Date;
  /** For resending a reply the server refused for now (rate limit, internal error), and typing timeouts. */
  timers: Timers;
  /** Whether the agent can see the page (read receipts go out only then). Defaults to always. */
  isVisible?: () => boolean;
  /** The site whose settings the console edits. Defaults to `DefaultSiteKey`. */
  siteKey?: string;
}

/**
 * NOTE: the relay serves one site today, 'demo' (README, "Callbacks and business hours"), and
 * nothing tells the console which site an agent works for; when there are several, this will
 * come from the agent's account.
 */
export const DefaultSiteKey = 'demo';

/** A reply refused with a retryable error goes out again this often, then shows Retry. */
export const AutoResend = { delayMs: 2_000, maxAttempts: 3 } as const;

const fatalMessages: Record<FatalReason, string> = {
  unauthorized: 'Your session has ended. Please sign in again.',
  forbidden: 'This account may not use the console. Please sign in with another one.',
  version: 'The console is out of date. Please reload the page.',
  refused: 'The server refused the connection. Please reload the page or sign in again.',
};

export function createController({
  api,
  store,
  connect,
  newId,
  now,
  timers,
  isVisible = () => true,
  siteKey = DefaultSiteKey,
}: ControllerDeps): Controller {
  let connection: Connection | null = null;
  /** Per conversation: the highest seq I reported read on this connection. */
  const readSent = new Map<string, number>();
  const typingThrottles = new Map<string, TypingThrottle>();
  const typingTimers = new Set<unknown>();
  const { dispatch } = store;
  /**
   * Conversations asked for with `afterSeq` on this connection whose detail has not come back.
   * NOTE: an `invalid_seq` error names the frame type, not the conversation, so when several
   * resumes are in flight all of them are asked for again in full: a spare full transcript is
   * cheap, a transcript that silently stays wrong is not.
   */
  const resuming = new Set<string>();
  /** Automatic resends after retryable errors, by clientMsgId. */
  const autoResends = new Map<string, { attempts: number; timer: unknown }>();

  function alert(code: string, message: string): void {
    dispatch({ type: 'alert.add', code, message });
  }

  function messageOf(error: unknown): string {
    if (error instanceof ApiError) return error.message;
    console.error('[ponte] unexpected console error', error);
    return 'Something went wrong. Please try again.';
  }

  function connectSocket(): void {
    connection?.close();
    const current = connect({
      onStatus: (status) => dispatch({ type: 'link.status', status }),
      onFrame: (frame) => handleFrame(frame),
      onFatal: (reason) => {
        if (connection !== current) return;
        connection = null;
        if (reason === 'version') {
          alert('unsupported_version', fatalMessages.version);
          return;
        }
        dispatch({ type: 'auth.signedOut', error: fatalMessages[reason] });
      },
    });
    connection = current;
    current.start();
  }

  function sendFrame(frame: ClientFrame): boolean {
    return connection?.send(frame) ?? false;
  }

  /** Sends a command that only makes sense now (not replayed later), telling the agent if it could not go out. */
  function command(frame: ClientFrame): void {
    if (!sendFrame(frame)) alert('offline', 'You are offline. Wait for the connection to come back, then try again.');
  }

  /**
   * Sends a claim, outcome or slots request and remembers it, so the bar can show it is on its
   * way and an error frame (which names only the frame type) can be matched to it.
   */
  function callbackCommand(callbackId: string, frame: ClientFrame & { type: CallbackRef }, outcome: CallbackOutcome | null): void {
    if (!sendFrame(frame)) {
      alert('offline', 'You are offline. Wait for the connection to come back, then try again.');
      return;
    }
    dispatch({ type: 'callback.request', callbackId, ref: frame.type, outcome });
  }

  /** Puts a conversation on screen (null: none) and subscribes to it. */
  function show(conversationId: string | null): void {
    const previous = store.getState().openId;
    if (previous !== null && previous !== conversationId) stopTyping(previous);
    dispatch({ type: 'conversation.open', conversationId });
    // Offline is fine: the welcome after reconnecting asks for the open conversation.
    // A transcript already held is resumed rather than fetched whole again.
    if (conversationId !== null) openConversation(conversationId, selectResumeCursor(store.getState(), conversationId));
  }

  function openConversation(conversationId: string, afterSeq: number | undefined): void {
    const frame: ClientFrame =
      afterSeq === undefined ? { type: 'conversation.open', conversationId } : { type: 'conversation.open', conversationId, afterSeq };
    if (!sendFrame(frame)) return;
    if (afterSeq === undefined) resuming.delete(conversationId);
    else resuming.add(conversationId);
  }

  function resend(clientMsgId: string): void {
    const pending = findPending(store.getState().pending, clientMsgId);
    if (pending === undefined || pending.status !== 'sending') return;
    sendFrame({ type: 'message.send', conversationId: pending.conversationId, clientMsgId, text: pending.text });
  }

  /** Tells the visitor what I have read, when it is my chat, on screen, and there is something new. */
  function markRead(conversationId: string): void {
    const state = store.getState();
    if (state.openId !== conversationId || state.auth.phase !== 'signed_in' || !isVisible()) return;
    const conversation = state.conversations[conversationId];
    if (conversation === undefined || !canReply(conversation, state.auth.agent.id)) return;
    const seq = latestSeq(state, conversationId);
    if (seq <= (readSent.get(conversationId) ?? 0)) return;
    if (sendFrame({ type: 'conversation.read', conversationId, seq })) readSent.set(conversationId, seq);
  }

  function stopTyping(conversationId: string): void {
    const value = typingThrottles.get(conversationId)?.update(false, now().getTime()) ?? null;
    if (value !== null) sendFrame({ type: 'typing', conversationId, typing: value });
  }

  function forgetEphemeral(): void {
    readSent.clear();
    for (const throttle of typingThrottles.values()) throttle.reset();
    for (const timer of typingTimers) timers.clearTimeout(timer);
    typingTimers.clear();
  }

  async function hoursCall(work: () => Promise<BusinessHours>): Promise<HoursResult> {
    try {
      return { ok: true, hours: await work() };
    } catch (error) {
      return { ok: false, message: messageOf(error) };
    }
  }

  async function http(work: () => Promise<void>): Promise<string | null> {
    try {
      await work();
      return null;
    } catch (error) {
      return messageOf(error);
    }
  }

  function afterSignIn(): void {
    connectSocket();
    // Canned replies and the team list (which also tells my role) are not needed to start work.
    void http(loadCanned).then((message) => {
      if (message !== null) alert('canned', `Could not load canned replies: ${message}`);
    });
    void http(loadAccounts).then((message) => {
      if (message !== null) console.warn('[ponte] could not load the team list', message);
    });
  }

  async function loadCanned(): Promise<void> {
    dispatch({ type: 'canned.loaded', replies: await api.listCanned() });
  }

  async function loadAccounts(): Promise<void> {
    dispatch({ type: 'accounts.loaded', accounts: await api.listAgents() });
  }

  function endSession(error: string | null): void {
    cancelAutoResends();
    forgetEphemeral();
    connection?.close();
    connection = null;
    dispatch({ type: 'auth.signedOut', error });
  }

  function cancelAutoResends(): void {
    for (const entry of autoResends.values()) if (entry.timer !== null) timers.clearTimeout(entry.timer);
    autoResends.clear();
  }

  function onReplyError(clientMsgId: string, code: string, message: string): void {
    const previous = autoResends.get(clientMsgId);
    const attempts = (previous?.attempts ?? 0) + 1;
    if (!RetryableSendErrors.has(code) || attempts > AutoResend.maxAttempts) {
      if (previous !== undefined && previous.timer !== null) timers.clearTimeout(previous.timer);
      autoResends.delete(clientMsgId);
      dispatch({ type: 'send.failed', clientMsgId, error: message });
      return;
    }
    // Still 'sending' for the agent: the server said "not now", not "no".
    const timer = timers.setTimeout(() => {
      const entry = autoResends.get(clientMsgId);
      if (entry !== undefined) autoResends.set(clientMsgId, { ...entry, timer: null });
      resend(clientMsgId);
    }, AutoResend.delayMs * 2 ** (attempts - 1));
    autoResends.set(clientMsgId, { attempts, timer });
  }

  function onInvalidSeq(ref: string | undefined): void {
    const suspects = ref !== undefined && resuming.has(ref) ? [ref] : [...resuming];
    if (suspects.length === 0) {
      // The full detail the server sends along with this error replaces the transcript anyway.
      console.warn('[ponte] invalid_seq with no resume in flight; relying on the full detail that follows');
      return;
    }
    for (const conversationId of suspects) openConversation(conversationId, undefined);
  }

  function handleFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'welcome': {
        if (frame.role !== 'agent') {
          console.warn('[ponte] console got a visitor welcome; ignoring it');
          return;
        }
        // NOTE: a relay older than issue 6 omits `callbacks`; read that as "none".
        dispatch({ type: 'welcome', agent: frame.agent, conversations: frame.conversations, callbacks: frame.callbacks ?? [] });
        // After a reconnect the server has forgotten what we were subscribed to and what we
        // sent. Resubscribe first, then resend in typing order; a reply the server did store
        // before the drop is acknowledged again under the same clientMsgId, never stored twice.
        resuming.clear();
        cancelAutoResends();
        forgetEphemeral();
        const state = store.getState();
        for (const target of selectResumeTargets(state)) openConversation(target.conversationId, target.afterSeq);
        for (const pending of toResend(state.pending)) resend(pending.clientMsgId);
        return;
      }
      case 'conversation.updated': {
        const before = store.getState().conversations[frame.conversation.id];
        dispatch({ type: 'conversation.upsert', conversation: frame.conversation });
        // The bot just handed over a chat this agent has loaded: fetch its handoff summary now.
        const loaded = store.getState().transcripts[frame.conversation.id] !== undefined;
        if (loaded && before?.status === 'bot' && frame.conversation.status === 'queued') {
          openConversation(frame.conversation.id, selectResumeCursor(store.getState(), frame.conversation.id));
        }
        return;
      }
      case 'conversation.detail':
        resuming.delete(frame.conversation.id);
        dispatch({
          type: 'conversation.detail',
          conversation: frame.conversation,
          messages: frame.messages,
          resumed: frame.resumed,
          // NOTE: a relay older than issue 4 omits the field; read that as "no handoff".
          handoff: frame.handoff ?? null,
          // NOTE: a relay older than issue 5 omits these; read them as "none yet".
          notes: frame.notes ?? [],
          // NOTE: a relay older than issue 6 omits `context.callbacks`; read that as "none".
          context: frame.context === undefined ? null : { ...frame.context, callbacks: frame.context.callbacks ?? [] },
        });
        markRead(frame.conversation.id);
        return;
      case 'message.new':
        dispatch({ type: 'message.new', message: frame.message });
        if (frame.message.author === 'visitor') markRead(frame.message.conversationId);
        return;
      case 'note.new':
        dispatch({ type: 'note.new', note: frame.note });
        return;
      case 'typing': {
        // An agent's typing goes to the visitor only; a console showing a teammate's is not in the contract.
        if (frame.from !== 'visitor') return;
        dispatch({ type: 'typing', conversationId: frame.conversationId, typing: frame.typing, at: now().getTime() });
        if (!frame.typing) return;
        const timer = timers.setTimeout(() => {
          typingTimers.delete(timer);
          dispatch({ type: 'typing.expire', now: now().getTime() });
        }, TypingTimeoutMs);
        typingTimers.add(timer);
        return;
      }
      case 'conversation.read':
        // `by: 'agent'` is a receipt meant for the visitor side; the console only shows the visitor's.
        if (frame.by === 'visitor') dispatch({ type: 'read.visitor', conversationId: frame.conversationId, seq: frame.seq });
        return;
      case 'message.ack':
        autoResends.delete(frame.clientMsgId);
        dispatch({
          type: 'message.ack',
          clientMsgId: frame.clientMsgId,
          conversationId: frame.conversationId,
          id: frame.id,
          seq: frame.seq,
          createdAt: frame.createdAt,
        });
        return;
      case 'error': {
        const ref = frame.ref;
        if (frame.code === ErrorCode.InvalidSeq) {
          onInvalidSeq(ref);
          return;
        }
        if (ref !== undefined && findPending(store.getState().pending, ref) !== undefined) {
          onReplyError(ref, frame.code, frame.message);
          return;
        }
        // A refused claim, outcome or slots request shows in that callback's bar, not as a banner.
        if (isCallbackRef(ref) && oldestSending(store.getState().callbackRequests, ref) !== null) {
          dispatch({ type: 'callback.failed', ref, message: frame.message });
          return;
        }
        alert(frame.code, frame.message);
        return;
      }
      case 'team.presence':
        dispatch({ type: 'team.presence', agents: frame.agents });
        return;
      case 'callback.updated':
        dispatch({ type: 'callback.upsert', callback: frame.callback });
        return;
      case 'callback.due':
        dispatch({ type: 'callback.due', callback: frame.callback });
        return;
      case 'callback.slots':
        // Without a callbackId it answers a visitor's booking screen, which a console never asks for.
        if (frame.callbackId === undefined) {
          console.warn('[ponte] console got callback.slots without a callbackId; ignoring it');
          return;
        }
        dispatch({ type: 'callback.slots', callbackId: frame.callbackId, slots: frame.slots, siteTimeZone: frame.siteTimeZone });
        return;
      // Visitor-only frames: a console never needs them.
      case 'queue.position':
      case 'site.availability':
      case 'pong':
      // NOTE: agents see a streamed bot answer once it is stored (message.new), not token by token.
      case 'message.delta':
        return;
      default:
        assertNever(frame);
    }
  }

  return {
    async start() {
      dispatch({ type: 'auth.checking' });
      try {
        const agent = await api.me();
        if (agent === null) {
          dispatch({ type: 'auth.signedOut', error: null });
          return;
        }
        dispatch({ type: 'auth.signedIn', agent });
        afterSignIn();
      } catch (error) {
        dispatch({ type: 'auth.signedOut', error: messageOf(error) });
      }
    },
    async signIn(email, password) {
      dispatch({ type: 'auth.submitting' });
      try {
        const agent = await api.login(email.trim(), password);
        dispatch({ type: 'auth.signedIn', agent });
        afterSignIn();
      } catch (error) {
        dispatch({ type: 'auth.signedOut', error: messageOf(error) });
      }
    },
    async signOut() {
      cancelAutoResends();
      forgetEphemeral();
      connection?.close();
      connection = null;
      try {
        await api.logout();
        dispatch({ type: 'auth.signedOut', error: null });
      } catch (error) {
        // The cookie may still be valid; say so instead of pretending the sign-out worked.
        dispatch({ type: 'auth.signedOut', error: `Sign-out may not have finished: ${messageOf(error)}` });
      }
    },
    open: show,
    accept(conversationId) {
      command({ type: 'conversation.accept', conversationId });
    },
    closeConversation(conversationId) {
      command({ type: 'conversation.close', conversationId });
    },
    setStatus(status) {
      command({ type: 'agent.status', status });
    },
    send(conversationId, raw) {
      const text = raw.trim();
      if (text === '') return;
      if (text.length > Limits.messageChars) {
        alert('too_large', `A reply can be at most ${Limits.messageChars} characters.`);
        return;
      }
      stopTyping(conversationId);
      const clientMsgId = newId();
      dispatch({
        type: 'send.start',
        pending: { clientMsgId, conversationId, text, createdAt: now().toISOString(), status: 'sending', error: null },
      });
      // Offline is fine: pending replies go out again on the next welcome, keyed by clientMsgId.
      sendFrame({ type: 'message.send', conversationId, clientMsgId, text });
    },
    retry(clientMsgId) {
      if (findPending(store.getState().pending, clientMsgId) === undefined) return;
      autoResends.delete(clientMsgId);
      dispatch({ type: 'send.retry', clientMsgId });
      // Offline is fine: it is 'sending' again, so the next welcome sends it.
      resend(clientMsgId);
    },
    dismissAlert(id) {
      dispatch({ type: 'alert.dismiss', id });
    },
    addNote(conversationId, raw) {
      const text = raw.trim();
      if (text === '') return;
      if (text.length > Limits.messageChars) {
        alert('too_large', `A note can be at most ${Limits.messageChars} characters.`);
        return;
      }
      // The server answers with `note.new`, also to me; the clientMsgId makes a resend harmless.
      command({ type: 'note.add', conversationId, clientMsgId: newId(), text });
    },
    transfer(conversationId, toAgentId, raw) {
      const note = raw.trim();
      stopTyping(conversationId);
      command(note === '' ? { type: 'conversation.transfer', conversationId, toAgentId } : { type: 'conversation.transfer', conversationId, toAgentId, note });
    },
    typing(conversationId, typing) {
      let throttle = typingThrottles.get(conversationId);
      if (throttle === undefined) {
        throttle = createTypingThrottle();
        typingThrottles.set(conversationId, throttle);
      }
      const value = throttle.update(typing, now().getTime());
      // Ephemeral: a lost typing frame is not worth an alert.
      if (value !== null) sendFrame({ type: 'typing', conversationId, typing: value });
    },
    visibilityChanged() {
      const openId = store.getState().openId;
      if (openId !== null) markRead(openId);
    },
    showView(view) {
      dispatch({ type: 'view.set', view });
    },
    openCallback(callbackId) {
      const callback = store.getState().callbacks[callbackId];
      if (callback === undefined) return;
      dispatch({ type: 'callback.select', callbackId });
      show(callback.conversationId);
    },
    claimCallback(callbackId) {
      callbackCommand(callbackId, { type: CallbackRef.Claim, callbackId }, null);
    },
    recordOutcome(callbackId, outcome, options = {}) {
      const note = options.note?.trim() ?? '';
      if (note.length > Limits.messageChars) {
        alert('too_large', `A call note can be at most ${Limits.messageChars} characters.`);
        return;
      }
      if (outcome === 'rescheduled' && options.slotStart === undefined) {
        alert('invalid_frame', 'Pick the new time first.');
        return;
      }
      const slotStart = outcome === 'rescheduled' ? options.slotStart : undefined;
      const frame = {
        type: CallbackRef.Outcome,
        callbackId,
        outcome,
        ...(slotStart === undefined ? {} : { slotStart }),
        ...(note === '' ? {} : { note }),
      };
      callbackCommand(callbackId, frame, outcome);
    },
    requestRescheduleSlots(callbackId) {
      callbackCommand(callbackId, { type: CallbackRef.Slots, callbackId }, null);
    },
    dismissCallbackError(callbackId) {
      dispatch({ type: 'callback.dismissError', callbackId });
    },
    loadCanned: () => http(loadCanned),
    addCanned: (shortcut, text) =>
      http(async () => {
        dispatch({ type: 'canned.added', reply: await api.addCanned(shortcut, text) });
      }),
    deleteCanned: (id) =>
      http(async () => {
        await api.deleteCanned(id);
        dispatch({ type: 'canned.removed', id });
      }),
    loadAccounts: () => http(loadAccounts),
    createAgent: (input) =>
      http(async () => {
        dispatch({ type: 'account.saved', account: await api.createAgent(input) });
      }),
    updateAgent: (id, change) =>
      http(async () => {
        dispatch({ type: 'account.saved', account: await api.updateAgent(id, change) });
      }),
    changePassword: (currentPassword, newPassword) => http(() => api.changePassword(currentPassword, newPassword)),
    signOutEverywhere: () =>
      http(async () => {
        await api.logoutEverywhere();
        endSession(null);
      }),
    loadHours: () => hoursCall(() => api.getHours(siteKey)),
    saveHours: (hours) => hoursCall(() => api.saveHours(siteKey, hours)),
    dispose() {
      forgetEphemeral();
      cancelAutoResends();
      connection?.close();
      connection = null;
    },
  };
}

function assertNever(value: never): never {
  throw new Error(`Unhandled frame: ${JSON.stringify(value)}`);
}
