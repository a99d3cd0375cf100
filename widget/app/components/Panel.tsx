import { queueText, t, type MessageKey } from '../i18n';
import { seenMessageKey, typingAgent } from '../signals';
import { feedbackTarget, queueSpot, shownStatus, type State } from '../state';
import { Composer } from './Composer';
import { Header } from './Header';
import { MessageList } from './MessageList';

/** What the UI can ask for; the composition root (main.tsx) implements it. */
export interface Actions {
  send(text: string): void;
  /** The visitor is typing (true, on every edit) or stopped (false: cleared the box, left it). */
  typing(typing: boolean): void;
  retry(clientMsgId: string): void;
  feedback(messageId: string, helpful: boolean): void;
  handoff(): void;
  close(): void;
}

function banner(state: State): MessageKey | null {
  if (state.failure) return null;
  switch (state.connection) {
    case 'connecting':
      return 'connecting';
    case 'reconnecting':
      return 'reconnecting';
    case 'offline':
      return 'offline';
    case 'idle':
    case 'online':
      return null;
    default:
      return state.connection satisfies never;
  }
}

function failureText(state: State): MessageKey | null {
  switch (state.failure) {
    case 'forbidden':
      return 'errorForbidden';
    case 'version':
      return 'errorVersion';
    case 'setup':
      return 'errorSetup';
    case null:
      return null;
    default:
      return state.failure satisfies never;
  }
}

export function Panel({ state, actions }: { state: State; actions: Actions }) {
  const tr = (key: MessageKey, vars?: Record<string, string>) => t(state.locale, key, vars);
  const status = shownStatus(state);
  const notice = banner(state);
  const failure = failureText(state);
  const siteName = state.site?.name ?? 'Chat';
  const asking = feedbackTarget(state);
  const spot = queueSpot(state);
  return (
    <div
      class="panel"
      onKeyDown={(event) => {
        if (event.key === 'Escape') actions.close();
      }}
    >
      <Header
        title={siteName}
        status={status}
        agentName={state.agentName}
        agentsAvailable={state.agentsAvailable}
        canHandoff={status === 'bot' && state.connection === 'online' && !state.failure}
        tr={tr}
        onHandoff={actions.handoff}
        onClose={actions.close}
      />
      {/* Always in the DOM, empty when not queued: a live region that exists before its text
          changes is announced reliably; one inserted together with its text often is not. */}
      <p class="queue" role="status">
        {spot && queueText(state.locale, spot.position, spot.estimatedWaitSeconds)}
      </p>
      {notice && (
        <p class={'banner is-' + state.connection} role="status">
          {tr(notice)}
        </p>
      )}
      {failure ? (
        <div class="state-message" role="alert">
          {tr(failure)}
        </div>
      ) : state.site || state.messages.length > 0 ? (
        <MessageList
          locale={state.locale}
          greeting={state.site?.greeting ?? ''}
          siteName={siteName}
          messages={state.messages}
          drafts={state.drafts}
          feedback={asking?.id ? { messageId: asking.id, answer: state.feedback[asking.id] } : null}
          agentName={state.agentName}
          typing={typingAgent(state)}
          seenKey={seenMessageKey(state)}
          tr={tr}
          onQuickReply={actions.send}
          onRetry={actions.retry}
          onFeedback={actions.feedback}
        />
      ) : (
        <div class="state-message is-loading" aria-busy="true">
          <span class="spinner" aria-hidden="true" />
          {notice ? null : tr('connecting')}
        </div>
      )}
      <Composer disabled={!!failure} focusRequest={state.focusRequest} tr={tr} onSend={actions.send} onTyping={actions.typing} />
    </div>
  );
}
