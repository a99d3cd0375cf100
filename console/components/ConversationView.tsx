import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Callback, ConversationSummary } from '../../protocol/frames';
import type { Controller } from '../controller';
import { contactLabel, safeHttpUrl, shortId, statusLabels } from '../format';
import type { PendingSend } from '../outbox';
import type { Agent, CannedReply, Transcript as TranscriptData } from '../state';
import { canReply } from '../selectors';
import { Composer, type ComposerMode } from './Composer';
import { ContextPanel } from './ContextPanel';
import { Transcript } from './Transcript';

export interface ConversationViewProps {
  conversation: ConversationSummary;
  transcript: TranscriptData | undefined;
  pending: readonly PendingSend[];
  agent: Agent;
  online: boolean;
  now: Date;
  controller: Controller;
  draft: string;
  onDraft: (text: string) => void;
  mode: ComposerMode;
  onMode: (mode: ComposerMode) => void;
  canned: readonly CannedReply[];
  seenSeq: number | null;
  visitorTyping: boolean;
  onTransfer: () => void;
  /** The callback action bar, when this conversation has a call to work. */
  callbackBar?: ComponentChildren;
  /** The contact's callbacks for the side panel. */
  contextCallbacks: readonly Callback[];
  /** The agent's IANA zone. */
  timeZone: string | undefined;
}

export function ConversationView(props: ConversationViewProps) {
  const { conversation, transcript, pending, agent, online, now, controller } = props;
  const mine = canReply(conversation, agent.id);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const composerRef = useRef<HTMLTextAreaElement>(null);
  const lastStatus = useRef(conversation.status);
  /** Narrow screens only: the side panel is folded away until asked for. */
  const [sideOpen, setSideOpen] = useState(false);
  /** Not my chat: the note box shows once asked for, so the view stays read-only by default. */
  const [noting, setNoting] = useState(false);

  // Accepting removes the Accept button and closing removes the Close button; focus would fall
  // to <body>. Put it where the agent's next step is.
  useEffect(() => {
    if (lastStatus.current === conversation.status) return;
    lastStatus.current = conversation.status;
    const active = document.activeElement;
    if (active !== null && active !== document.body) return;
    (mine ? composerRef.current : headingRef.current)?.focus();
  }, [conversation.status, mine]);

  // Alt+N on a chat that is not mine opens the note box.
  useEffect(() => {
    if (!mine && props.mode === 'note') setNoting(true);
  }, [props.mode, mine]);

  const name = contactLabel(conversation);
  const composer = (replyAllowed: boolean) => (
    <Composer
      textareaRef={composerRef}
      initial={props.draft}
      onDraft={props.onDraft}
      online={online}
      mode={props.mode}
      onMode={props.onMode}
      replyAllowed={replyAllowed}
      canned={props.canned}
      onSend={(text) => controller.send(conversation.id, text)}
      onNote={(text) => controller.addNote(conversation.id, text)}
      onTyping={(typing) => controller.typing(conversation.id, typing)}
    />
  );
  return (
    <div class="conversation">
      <header class="conversation__header">
        <div class="conversation__who">
          <h1 class="conversation__title" tabIndex={-1} ref={headingRef}>
            {name}
          </h1>
          <span class={`badge badge--${conversation.status}`}>{statusLabels[conversation.status]}</span>
          <PageLine page={conversation.page} />
          <p class="conversation__sub">
            Conversation #{shortId(conversation.id)}
            {(conversation.status === 'live' || conversation.status === 'callback') && conversation.assignedAgentName !== null && (
              <> · with {conversation.assignedAgentId === agent.id ? 'you' : conversation.assignedAgentName}</>
            )}
          </p>
        </div>
        <div class="conversation__actions">
          {conversation.status === 'queued' && (
            <button
              type="button"
              class="button button--primary button--large"
              disabled={!online}
              aria-keyshortcuts="Alt+A"
              onClick={() => controller.accept(conversation.id)}
            >
              Accept
            </button>
          )}
          {mine && (
            <button type="button" class="button button--secondary" disabled={!online} aria-keyshortcuts="Alt+T" onClick={props.onTransfer}>
              Transfer
            </button>
          )}
          {mine && (
            <button
              type="button"
              class="button button--secondary"
              disabled={!online}
              aria-keyshortcuts="Alt+C"
              onClick={() => controller.closeConversation(conversation.id)}
            >
              Close conversation
            </button>
          )}
          <button
            type="button"
            class="button button--ghost side-toggle"
            aria-expanded={sideOpen}
            aria-controls="side-panel"
            onClick={() => setSideOpen(!sideOpen)}
          >
            Visitor info
          </button>
        </div>
      </header>
      <div class="conversation__body">
        <div class="conversation__main">
          {props.callbackBar}
          <Transcript
            conversationId={conversation.id}
            contactName={name}
            transcript={transcript}
            pending={pending}
            now={now}
            onRetry={controller.retry}
            seenSeq={props.seenSeq}
            visitorTyping={props.visitorTyping}
          />
          {mine ? (
            composer(true)
          ) : (
            <div class="conversation__note">
              <p>{noteFor(conversation, agent.id)}</p>
              {noting ? (
                composer(false)
              ) : (
                <button type="button" class="button button--link" onClick={() => setNoting(true)}>
                  Add internal note
                </button>
              )}
            </div>
          )}
        </div>
        <aside id="side-panel" class={`side${sideOpen ? ' side--open' : ''}`} aria-label="Visitor information">
          <ContextPanel
            contact={conversation}
            context={transcript?.context ?? null}
            handoff={transcript?.handoff ?? null}
            now={now}
            onOpen={(id) => controller.open(id)}
            callbacks={props.contextCallbacks}
            agentId={agent.id}
            timeZone={props.timeZone}
            onOpenCallback={(id) => controller.openCallback(id)}
          />
        </aside>
      </div>
    </div>
  );
}

function noteFor(conversation: ConversationSummary, agentId: string): string {
  switch (conversation.status) {
    case 'queued':
      return 'This visitor is waiting for a person. Accept the chat to reply.';
    case 'bot':
      return 'The bot is handling this chat. It moves to the queue when the visitor asks for a person.';
    case 'live':
      return conversation.assignedAgentId === agentId
        ? ''
        : `${conversation.assignedAgentName ?? 'Another agent'} is handling this chat.`;
    case 'callback':
      // NOTE: nobody writes to a visitor waiting for a call: the call is the reply. Notes stay open.
      return conversation.assignedAgentId === agentId
        ? 'You claimed the call for this conversation. Record how it went above.'
        : 'This visitor is waiting for a call back. Claim the call above to take it.';
    case 'closed':
      return 'This conversation is closed.';
    default: {
      const unreachable: never = conversation.status;
      throw new Error(`Unknown status: ${String(unreachable)}`);
    }
  }
}

function PageLine({ page }: { page: ConversationSummary['page'] }) {
  if (page === null) return null;
  const href = safeHttpUrl(page.url);
  const label = page.title?.trim() || page.url;
  return (
    <p class="conversation__page">
      <span class="conversation__page-label">On page </span>
      {href === null ? (
        <span title={page.url}>{label}</span>
      ) : (
        <a href={href} target="_blank" rel="noopener noreferrer" title={page.url}>
          {label}
        </a>
      )}
    </p>
  );
}
