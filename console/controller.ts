/**
 * What the UI can ask for, composed from the parts that do it: signing in and out (here), the live
 * link (link.ts), replies, notes, typing and receipts (replies.ts), callback commands
 * (callbackCommands.ts) and the admin HTTP calls (adminApi.ts). It turns user intents into HTTP
 * calls and socket frames, and server frames into reducer actions; the state lives in the store.
 */
import type { Timers } from '../client/link/link';
import type { ApiClient } from './api';
import { createAdminApi, errorMessage, type AdminApi } from './adminApi';
import { createCallbackCommands, type CallbackCommands } from './callbackCommands';
import { createAgentLink, type ConnectionFactory } from './link';
import { createReplies } from './replies';
import type { Agent, ManualStatus } from './state';
import type { Store } from './store';
import type { ConsoleView } from './view';

export interface Controller extends AdminApi, Omit<CallbackCommands, 'refused'> {
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
  /** The conversation list shows one site's conversations only; null: all. */
  filterSite(siteKey: string | null): void;
  /** Idempotent. */
  dispose(): void;
}

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
}

export function createController({
  api,
  store,
  connect,
  newId,
  now,
  timers,
  isVisible = () => true,
}: ControllerDeps): Controller {
  const { dispatch } = store;
  const alert = (code: string, message: string): void => dispatch({ type: 'alert.add', code, message });

  const replies = createReplies({
    store,
    send: (frame) => link.send(frame),
    command: (frame) => link.command(frame),
    alert,
    newId,
    now,
    timers,
    isVisible,
  });
  const open = (conversationId: string | null): void => {
    const previous = store.getState().openId;
    if (previous !== null && previous !== conversationId) replies.stopTyping(previous);
    link.show(conversationId);
  };
  const callbacks = createCallbackCommands({ store, command: (frame) => link.command(frame), alert, open });
  const link = createAgentLink({ store, connect, alert, replies, callbacks });

  /** Link-bound state goes with the link: the next session starts from its own welcome. */
  function stopLink(): void {
    replies.reset();
    link.close();
  }
  const admin = createAdminApi({
    api,
    store,
    endSession: () => {
      stopLink();
      dispatch({ type: 'auth.signedOut', error: null });
    },
  });

  function afterSignIn(): void {
    link.connect();
    // Canned replies and the team list (which also tells my role) are not needed to start work.
    void admin.loadCanned().then((message) => {
      if (message !== null) alert('canned', `Could not load canned replies: ${message}`);
    });
    void admin.loadAccounts().then((message) => {
      if (message !== null) console.warn('[ponte] could not load the team list', message);
    });
    // Names the sites in the conversation list; the welcome's list stands in until (or if not) this arrives.
    void admin.loadSites().then((message) => {
      if (message !== null) console.warn('[ponte] could not load the site list', message);
    });
  }

  /** `who` resolves to the signed-in agent (null: no session); a failure shows on the sign-in form. */
  async function signInWith(who: () => Promise<Agent | null>): Promise<void> {
    try {
      const agent = await who();
      if (agent === null) return dispatch({ type: 'auth.signedOut', error: null });
      dispatch({ type: 'auth.signedIn', agent });
      afterSignIn();
    } catch (error) {
      dispatch({ type: 'auth.signedOut', error: errorMessage(error) });
    }
  }

  return {
    ...admin,
    openCallback: callbacks.openCallback,
    claimCallback: callbacks.claimCallback,
    recordOutcome: callbacks.recordOutcome,
    requestRescheduleSlots: callbacks.requestRescheduleSlots,
    dismissCallbackError: callbacks.dismissCallbackError,
    async start() {
      dispatch({ type: 'auth.checking' });
      await signInWith(() => api.me());
    },
    async signIn(email, password) {
      dispatch({ type: 'auth.submitting' });
      await signInWith(() => api.login(email.trim(), password));
    },
    async signOut() {
      stopLink();
      try {
        await api.logout();
        dispatch({ type: 'auth.signedOut', error: null });
      } catch (error) {
        // The cookie may still be valid; say so instead of pretending the sign-out worked.
        dispatch({ type: 'auth.signedOut', error: `Sign-out may not have finished: ${errorMessage(error)}` });
      }
    },
    open,
    accept(conversationId) {
      link.command({ type: 'conversation.accept', conversationId });
    },
    closeConversation(conversationId) {
      link.command({ type: 'conversation.close', conversationId });
    },
    setStatus(status) {
      link.command({ type: 'agent.status', status });
    },
    send: replies.send,
    retry: replies.retry,
    dismissAlert(id) {
      dispatch({ type: 'alert.dismiss', id });
    },
    addNote: replies.addNote,
    transfer: replies.transfer,
    typing: replies.typing,
    visibilityChanged() {
      const openId = store.getState().openId;
      if (openId !== null) replies.markRead(openId);
    },
    showView(view) {
      dispatch({ type: 'view.set', view });
    },
    filterSite(siteKey) {
      dispatch({ type: 'site.filter', siteKey });
    },
    dispose: stopLink,
  };
}
