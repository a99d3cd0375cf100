import { Limits } from '../protocol/codes';
import type { ClientFrame, ServerFrame } from '../protocol/frames';
import { ApiError, type ApiClient } from './api';
import type { Connection, ConnectionOptions, FatalReason } from './connection';
import type { Store } from './store';

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
  send(conversationId: string, text: string): void;
  retry(clientMsgId: string): void;
  dismissAlert(id: number): void;
  /** Idempotent. */
  dispose(): void;
}

export type ConnectionFactory = (
  handlers: Pick<ConnectionOptions, 'onFrame' | 'onStatus' | 'onFatal'>,
) => Connection;

export interface ControllerDeps {
  api: ApiClient;
  store: Store;
  connect: ConnectionFactory;
  newId: () => string;
  now: () => Date;
}

const fatalMessages: Record<FatalReason, string> = {
  unauthorized: 'Your session has ended. Please sign in again.',
  forbidden: 'This account may not use the console. Please sign in with another one.',
  version: 'The console is out of date. Please reload the page.',
};

export function createController({ api, store, connect, newId, now }: ControllerDeps): Controller {
  let connection: Connection | null = null;
  const { dispatch } = store;

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

  function handleFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'welcome': {
        if (frame.role !== 'agent') {
          console.warn('[ponte] console got a visitor welcome; ignoring it');
          return;
        }
        dispatch({ type: 'welcome', agent: frame.agent, conversations: frame.conversations });
        // After a reconnect the server has forgotten what we were looking at and what we sent.
        const state = store.getState();
        if (state.openId !== null) sendFrame({ type: 'conversation.open', conversationId: state.openId });
        for (const pending of Object.values(state.pending)) {
          if (pending.status !== 'sending') continue;
          sendFrame({ type: 'message.send', conversationId: pending.conversationId, clientMsgId: pending.clientMsgId, text: pending.text });
        }
        return;
      }
      case 'conversation.updated':
        dispatch({ type: 'conversation.upsert', conversation: frame.conversation });
        return;
      case 'conversation.detail':
        dispatch({ type: 'conversation.detail', conversation: frame.conversation, messages: frame.messages });
        return;
      case 'message.new':
        dispatch({ type: 'message.new', message: frame.message });
        return;
      case 'message.ack':
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
        if (ref !== undefined && store.getState().pending[ref] !== undefined) {
          dispatch({ type: 'send.failed', clientMsgId: ref, error: frame.message });
          return;
        }
        alert(frame.code, frame.message);
        return;
      }
      case 'pong':
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
        connectSocket();
      } catch (error) {
        dispatch({ type: 'auth.signedOut', error: messageOf(error) });
      }
    },
    async signIn(email, password) {
      dispatch({ type: 'auth.submitting' });
      try {
        const agent = await api.login(email.trim(), password);
        dispatch({ type: 'auth.signedIn', agent });
        connectSocket();
      } catch (error) {
        dispatch({ type: 'auth.signedOut', error: messageOf(error) });
      }
    },
    async signOut() {
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
    open(conversationId) {
      dispatch({ type: 'conversation.open', conversationId });
      // Offline is fine: the welcome after reconnecting asks for the open conversation.
      if (conversationId !== null) sendFrame({ type: 'conversation.open', conversationId });
    },
    accept(conversationId) {
      command({ type: 'conversation.accept', conversationId });
    },
    closeConversation(conversationId) {
      command({ type: 'conversation.close', conversationId });
    },
    send(conversationId, raw) {
      const text = raw.trim();
      if (text === '') return;
      if (text.length > Limits.messageChars) {
        alert('too_large', `A reply can be at most ${Limits.messageChars} characters.`);
        return;
      }
      const clientMsgId = newId();
      dispatch({
        type: 'send.start',
        pending: { clientMsgId, conversationId, text, createdAt: now().toISOString(), status: 'sending', error: null },
      });
      // Offline is fine: pending replies go out again on the next welcome, keyed by clientMsgId.
      sendFrame({ type: 'message.send', conversationId, clientMsgId, text });
    },
    retry(clientMsgId) {
      const pending = store.getState().pending[clientMsgId];
      if (pending === undefined) return;
      dispatch({ type: 'send.retry', clientMsgId });
      sendFrame({ type: 'message.send', conversationId: pending.conversationId, clientMsgId, text: pending.text });
    },
    dismissAlert(id) {
      dispatch({ type: 'alert.dismiss', id });
    },
    dispose() {
      connection?.close();
      connection = null;
    },
  };
}

function assertNever(value: never): never {
  throw new Error(`Unhandled frame: ${JSON.stringify(value)}`);
}
