/**
 * The console's live link as the agent's work sees it: one connection per session, the server's
 * frames turned into reducer actions (or handed to replies and callback commands), and the
 * subscriptions it keeps: the conversation on screen and every loaded transcript, resumed from
 * their cursors after each welcome so none silently goes stale.
 */
import { ErrorCode } from '../protocol/codes';
import type { AgentFrame, ServerFrame } from '../protocol/frames';
import type { CallbackCommands } from './callbackCommands';
import type { Connection, ConnectionOptions, FatalReason } from './connection';
import type { Replies } from './replies';
import { selectResumeCursor, selectResumeTargets } from './selectors';
import type { Store } from './store';

export type ConnectionFactory = (handlers: Pick<ConnectionOptions, 'onFrame' | 'onStatus' | 'onFatal'>) => Connection;

export interface AgentLink {
  /** A new connection (after sign-in); the previous one, if any, is closed. */
  connect(): void;
  /** Sends if the link is up; false otherwise. */
  send(frame: AgentFrame): boolean;
  /** Sends a command that only makes sense now (not replayed later), telling the agent if it could not go out. */
  command(frame: AgentFrame): boolean;
  /** Puts a conversation on screen (null: none) and subscribes to it. */
  show(conversationId: string | null): void;
  /** Idempotent. */
  close(): void;
}

export interface AgentLinkDeps {
  store: Store;
  connect: ConnectionFactory;
  alert: (code: string, message: string) => void;
  replies: Replies;
  callbacks: Pick<CallbackCommands, 'refused'>;
}

const fatalMessages: Record<FatalReason, string> = {
  unauthorized: 'Your session has ended. Please sign in again.',
  forbidden: 'This account may not use the console. Please sign in with another one.',
  version: 'The console is out of date. Please reload the page.',
  refused: 'The server refused the connection. Please reload the page or sign in again.',
};

export const OfflineMessage = 'You are offline. Wait for the connection to come back, then try again.';

export function createAgentLink({ store, connect, alert, replies, callbacks }: AgentLinkDeps): AgentLink {
  const { dispatch } = store;
  let connection: Connection | null = null;
  /**
   * Conversations asked for with `afterSeq` on this connection whose detail has not come back.
   * NOTE: an `invalid_seq` error names the frame type, not the conversation, so when several
   * resumes are in flight all of them are asked for again in full: a spare full transcript is
   * cheap, a transcript that silently stays wrong is not.
   */
  const resuming = new Set<string>();

  const send = (frame: AgentFrame): boolean => connection?.send(frame) ?? false;

  function subscribe(conversationId: string, afterSeq: number | undefined): void {
    const frame: AgentFrame =
      afterSeq === undefined ? { type: 'conversation.open', conversationId } : { type: 'conversation.open', conversationId, afterSeq };
    if (!send(frame)) return;
    if (afterSeq === undefined) resuming.delete(conversationId);
    else resuming.add(conversationId);
  }

  function onInvalidSeq(ref: string | undefined): void {
    const suspects = ref !== undefined && resuming.has(ref) ? [ref] : [...resuming];
    if (suspects.length === 0) {
      // The full detail the server sends along with this error replaces the transcript anyway.
      console.warn('[ponte] invalid_seq with no resume in flight; relying on the full detail that follows');
      return;
    }
    for (const conversationId of suspects) subscribe(conversationId, undefined);
  }

  function onFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'welcome': {
        if (frame.role !== 'agent') {
          console.warn('[ponte] console got a visitor welcome; ignoring it');
          return;
        }
        dispatch({ type: 'welcome', agent: frame.agent, conversations: frame.conversations, callbacks: frame.callbacks, ...welcomeSitesOf(frame) });
        // After a reconnect the server has forgotten what we were subscribed to and what we
        // sent. Resubscribe first, then resend in typing order.
        resuming.clear();
        for (const target of selectResumeTargets(store.getState())) subscribe(target.conversationId, target.afterSeq);
        replies.welcomed();
        return;
      }
      case 'conversation.updated': {
        const before = store.getState().conversations[frame.conversation.id];
        dispatch({ type: 'conversation.upsert', conversation: frame.conversation });
        // The bot just handed over a chat this agent has loaded: fetch its handoff summary now.
        const loaded = store.getState().transcripts[frame.conversation.id] !== undefined;
        if (loaded && before?.status === 'bot' && frame.conversation.status === 'queued') {
          subscribe(frame.conversation.id, selectResumeCursor(store.getState(), frame.conversation.id));
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
          handoff: frame.handoff,
          notes: frame.notes,
          context: frame.context,
        });
        replies.markRead(frame.conversation.id);
        return;
      case 'message.new':
        dispatch({ type: 'message.new', message: frame.message });
        if (frame.message.author === 'visitor') replies.markRead(frame.message.conversationId);
        return;
      case 'note.new':
        dispatch({ type: 'note.new', note: frame.note });
        return;
      case 'typing':
        // An agent's typing goes to the visitor only; a console showing a teammate's is not in the contract.
        if (frame.from === 'visitor') replies.visitorTyping(frame);
        return;
      case 'conversation.read':
        // `by: 'agent'` is a receipt meant for the visitor side; the console only shows the visitor's.
        if (frame.by === 'visitor') dispatch({ type: 'read.visitor', conversationId: frame.conversationId, seq: frame.seq });
        return;
      case 'message.ack':
        replies.acked(frame.clientMsgId);
        dispatch({
          type: 'message.ack',
          clientMsgId: frame.clientMsgId,
          conversationId: frame.conversationId,
          id: frame.id,
          seq: frame.seq,
          createdAt: frame.createdAt,
        });
        return;
      case 'error':
        if (frame.code === ErrorCode.InvalidSeq) return onInvalidSeq(frame.ref);
        // A refused reply, claim, outcome or slots request shows where it was made, not as a banner.
        if (replies.refused(frame.ref, frame.code, frame.message) || callbacks.refused(frame.ref, frame.message, frame.reqId)) return;
        alert(frame.code, frame.message);
        return;
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
        return frame satisfies never;
    }
  }

  return {
    connect() {
      connection?.close();
      const current = connect({
        onStatus: (status) => dispatch({ type: 'link.status', status }),
        onFrame,
        onFatal: (reason) => {
          if (connection !== current) return;
          connection = null;
          if (reason === 'version') return alert('unsupported_version', fatalMessages.version);
          dispatch({ type: 'auth.signedOut', error: fatalMessages[reason] });
        },
      });
      connection = current;
      current.start();
    },
    send,
    command(frame) {
      if (send(frame)) return true;
      alert('offline', OfflineMessage);
      return false;
    },
    show(conversationId) {
      dispatch({ type: 'conversation.open', conversationId });
      // Offline is fine: the welcome after reconnecting asks for the open conversation.
      // A transcript already held is resumed rather than fetched whole again.
      if (conversationId !== null) subscribe(conversationId, selectResumeCursor(store.getState(), conversationId));
    },
    close() {
      connection?.close();
      connection = null;
    },
  };
}

/**
 * The sites the welcome names (`sites: {key, name}[]`, issue 14). Read from the frame as data
 * rather than through its type, so a relay that does not send them yet leaves the list as it was.
 */
export function welcomeSitesOf(frame: object): { sites?: { key: string; name: string }[] } {
  const sites: unknown = (frame as { sites?: unknown }).sites;
  if (!Array.isArray(sites)) return {};
  return {
    sites: sites.flatMap((site: unknown) =>
      typeof site === 'object' && site !== null && typeof (site as { key?: unknown }).key === 'string'
        ? [{ key: (site as { key: string }).key, name: typeof (site as { name?: unknown }).name === 'string' ? (site as { name: string }).name : (site as { key: string }).key }]
        : [],
    ),
  };
}
