import { Fragment, type ComponentChildren } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';
import type { Locale } from '../../../protocol/codes';
import type { StatusEvent } from '../../../protocol/frames';
import type { MessageKey } from '../i18n';
import type { ChatMessage, Draft } from '../state';
import { Linkified } from './Linkified';
import { Markdown, type MarkdownClasses } from '../../../client/Markdown';

/** This stylesheet's names for Markdown paragraphs and lists. */
const markdownClasses: MarkdownClasses = { paragraph: 'md-p', list: 'md-list' };

export interface MessageListProps {
  locale: Locale;
  greeting: string;
  siteName: string;
  messages: ChatMessage[];
  drafts: Draft[];
  /** The bot message that asks "did that help?", and the answer given to it (undefined: none yet). */
  feedback: { messageId: string; answer: boolean | undefined } | null;
  agentName: string | null;
  /** The agent typing now: their name (null: unnamed), or undefined when nobody is. */
  typing: string | null | undefined;
  /** The visitor message the agent has read: it shows "Seen". */
  seenKey: string | null;
  /** The message that shows "Book a call back" under it (see `callbackOffer`), or null. */
  offerKey: string | null;
  /** The booking card, shown after message `cardAfter` (null: at the end of the log). */
  card: ComponentChildren;
  cardAfter: string | null;
  /** Changes when the card does, so the log follows it like a new message. */
  cardVersion: string;
  tr: (key: MessageKey, vars?: Record<string, string>) => string;
  onBookCallback: () => void;
  onQuickReply: (text: string) => void;
  onRetry: (clientMsgId: string) => void;
  onFeedback: (messageId: string, helpful: boolean) => void;
}

/** A call-back transcript event (by its code), in the visitor's words; null when not one. */
function callbackLine(event: StatusEvent, name: string, tr: MessageListProps['tr']): string | null {
  switch (event.code) {
    case 'callback_booked':
      return tr('eventCallbackBooked');
    case 'callback_moved':
      return tr('eventCallbackMoved');
    case 'callback_cancelled':
      return tr('eventCallbackCancelled');
    case 'callback_claimed':
      return tr('eventCallbackClaimed', { name });
    case 'callback_retry':
      return tr('eventCallbackRetry');
    case 'callback_rescheduled':
      return tr('eventCallbackRescheduled');
    case 'callback_done':
      return tr('eventCallbackDone');
    case 'callback_missed':
      return tr('eventCallbackMissed');
    default:
      return null;
  }
}

/**
 * A status event in the visitor's words; null when it needs no line. `own` is the name the line
 * itself carries: a drop names who stepped away only from there, never the agent of the moment
 * (by then it may be the next person).
 */
export function eventLine(event: StatusEvent, name: string, tr: MessageListProps['tr'], own: string | null = null): string | null {
  const callback = callbackLine(event, name, tr);
  if (callback) return callback;
  // Server codes (lifecycle.ts `DropCode`): the agent let go without a transfer.
  if (event.code === 'agent_offline' || event.code === 'agent_unassigned') {
    return own ? tr('eventAgentLeft', { name: own }) : tr('eventAgentLeftUnnamed');
  }
  switch (event.to) {
    case 'queued':
      // Nobody was online: the bot said a person will write back, so do not promise a queue.
      return tr(event.code === 'callback_offered' ? 'eventQueuedAway' : 'eventQueued');
    case 'live':
      return tr('eventLive', { name });
    case 'callback':
      return tr('eventCallbackBooked');
    case 'closed':
      return tr('eventClosed');
    case 'bot':
      return null; // A new conversation with the bot needs no announcement.
    default:
      return event.to satisfies never;
  }
}

/** The conversation as a chat log: greeting first, then messages; quick replies under the last one. */
export function MessageList(props: MessageListProps) {
  const { tr, messages, drafts, feedback, typing } = props;
  const typingShown = typing !== undefined;
  const log = useRef<HTMLDivElement>(null);
  const time = new Intl.DateTimeFormat(props.locale, { hour: 'numeric', minute: '2-digit' });
  const last = messages[messages.length - 1];

  // Follow new messages, unless the visitor scrolled up to read (then leave the view alone).
  const nearBottom = useRef(true);
  useLayoutEffect(() => {
    const el = log.current;
    if (el && (nearBottom.current || last?.author === 'visitor')) el.scrollTop = el.scrollHeight;
  }, [messages.length, last?.key, drafts.length, drafts[drafts.length - 1]?.text.length, feedback?.answer, typingShown, props.cardVersion]);
  const onScroll = () => {
    const el = log.current;
    if (el) nearBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 48;
  };

  return (
    <div class="log" role="log" aria-live="polite" ref={log} onScroll={onScroll} tabIndex={0}>
      {props.greeting && (
        <div class="row from-bot">
          <span class="author">{props.siteName}</span>
          <div class="bubble">
            <Linkified text={props.greeting} />
          </div>
        </div>
      )}
      {messages.map((m, i) => {
        const after = (
          <>
            {m.key === props.offerKey && (
              <button type="button" class="chip offer" onClick={props.onBookCallback}>
                {tr('bookCallback')}
              </button>
            )}
            {m.key === props.cardAfter && props.card}
          </>
        );
        if (m.author === 'system') {
          const text = m.event ? eventLine(m.event, m.authorName ?? props.agentName ?? tr('someone'), tr, m.authorName) : m.text;
          return (
            <Fragment key={m.key}>
              {text && <p class="event">{text}</p>}
              {after}
            </Fragment>
          );
        }
        const mine = m.author === 'visitor';
        const previous = messages[i - 1];
        const showAuthor =
          !mine && (previous?.author !== m.author || previous.authorName !== m.authorName || previous.authorAvatar !== m.authorAvatar);
        return (
          <div key={m.key} class={'row ' + (mine ? 'from-me' : 'from-' + m.author)}>
            {showAuthor && (
              <span class="author">
                {/* The name beside it says who it is: decorative. Sized before it loads, so nothing moves. */}
                {m.author === 'agent' && m.authorAvatar && (
                  <img class="author-avatar" src={m.authorAvatar} alt="" width={24} height={24} loading="lazy" />
                )}
                {m.authorName ?? props.siteName}
              </span>
            )}
            {mine && <span class="sr-only">{tr('you')}: </span>}
            <div class={'bubble' + (m.delivery === 'failed' ? ' is-failed' : '')} title={time.format(new Date(m.createdAt))}>
              {mine ? <Linkified text={m.text} /> : <Markdown text={m.text} classes={markdownClasses} />}
            </div>
            {feedback !== null && feedback.messageId === m.id && (
              <FeedbackPrompt answered={feedback.answer !== undefined} tr={tr} onAnswer={(helpful) => props.onFeedback(feedback.messageId, helpful)} />
            )}
            {m.delivery === 'sending' && <span class="meta">{tr('sending')}</span>}
            {m.key === props.seenKey && <span class="meta">{tr('seen')}</span>}
            {m.delivery === 'failed' && m.clientMsgId && (
              <span class="meta is-failed">
                {tr('notSent')}{' '}
                <button type="button" class="link" onClick={() => props.onRetry(m.clientMsgId!)}>
                  {tr('retry')}
                </button>
              </span>
            )}
            {after}
          </div>
        );
      })}
      {props.cardAfter === null && props.card}
      {drafts.map((d) => (
        <div key={'draft:' + d.draftId} class="row from-bot">
          <span class="sr-only">{tr('typing')}</span>
          <div class="bubble is-draft" aria-busy="true">
            <Markdown text={d.text} classes={markdownClasses} />
          </div>
        </div>
      ))}
      {typingShown && (
        <div class="row from-agent typing">
          <div class="bubble is-typing" aria-hidden="true">
            <i />
            <i />
            <i />
          </div>
          <span class="meta">{tr('agentTyping', { name: typing ?? props.agentName ?? tr('someone') })}</span>
        </div>
      )}
      {last?.author === 'bot' && last.quickReplies && last.quickReplies.length > 0 && (
        <div class="quick-replies">
          {last.quickReplies.map((reply) => (
            <button type="button" key={reply} class="chip" onClick={() => props.onQuickReply(reply)}>
              {reply}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}

function FeedbackPrompt(props: { answered: boolean; tr: MessageListProps['tr']; onAnswer: (helpful: boolean) => void }) {
  const { tr } = props;
  if (props.answered) {
    return (
      <p class="meta feedback" role="status">
        {tr('feedbackThanks')}
      </p>
    );
  }
  return (
    <div class="meta feedback" role="group" aria-label={tr('feedbackAsk')}>
      <span aria-hidden="true">{tr('feedbackAsk')}</span>
      <button type="button" class="chip is-small" onClick={() => props.onAnswer(true)}>
        {tr('feedbackYes')}
      </button>
      <button type="button" class="chip is-small" onClick={() => props.onAnswer(false)}>
        {tr('feedbackNo')}
      </button>
    </div>
  );
}
