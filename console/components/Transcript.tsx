import { useLayoutEffect, useRef } from 'preact/hooks';
import type { Message } from '../../protocol/frames';
import { describeEvent, formatFullTime, formatTime } from '../format';
import type { PendingSend } from '../outbox';
import type { Transcript as TranscriptData } from '../state';
import { Markdown } from './Markdown';

export interface TranscriptProps {
  conversationId: string;
  contactName: string;
  transcript: TranscriptData | undefined;
  pending: readonly PendingSend[];
  now: Date;
  onRetry: (clientMsgId: string) => void;
}

/** Within this many pixels of the bottom the view follows new messages. */
const StickyPx = 120;

export function Transcript({ conversationId, contactName, transcript, pending, now, onRetry }: TranscriptProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const messages = transcript?.messages ?? [];
  const count = messages.length + pending.length;

  // Follow new messages unless the agent scrolled up to read; their own replies always show.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el === null) return;
    const ownSendWaiting = pending.some((p) => p.status === 'sending');
    if (atBottom.current || ownSendWaiting) el.scrollTop = el.scrollHeight;
  }, [conversationId, count]);

  const onScroll = () => {
    const el = scroller.current;
    if (el === null) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < StickyPx;
  };

  return (
    <div class="transcript" ref={scroller} onScroll={onScroll}>
      {transcript === undefined || !transcript.loaded ? (
        <p class="transcript__loading" role="status">
          Loading the transcript…
        </p>
      ) : null}
      {/* role="log": new messages are announced politely by screen readers. */}
      <ol class="transcript__list" role="log" aria-label="Transcript">
        {messages.map((message) => (
          <MessageRow key={message.id} message={message} contactName={contactName} now={now} />
        ))}
        {pending.map((p) => (
          <li key={p.clientMsgId} class={`msg msg--agent msg--${p.status}`}>
            <div class="msg__bubble">{p.text}</div>
            <div class="msg__meta">
              {p.status === 'sending' ? (
                'Sending…'
              ) : (
                <>
                  <span class="msg__error">Not sent{p.error ? `: ${p.error}` : ''}</span>
                  <button type="button" class="button button--link" onClick={() => onRetry(p.clientMsgId)}>
                    Retry
                  </button>
                </>
              )}
            </div>
          </li>
        ))}
      </ol>
    </div>
  );
}

function MessageRow({ message, contactName, now }: { message: Message; contactName: string; now: Date }) {
  const time = (
    <time dateTime={message.createdAt} title={formatFullTime(message.createdAt)}>
      {formatTime(message.createdAt, now)}
    </time>
  );
  switch (message.author) {
    case 'system':
      return (
        <li class="event">
          <span class="event__text">
            {message.event === undefined ? message.text : describeEvent(message.event, message.authorName)}
          </span>{' '}
          <span class="event__time">{time}</span>
        </li>
      );
    case 'bot':
      return (
        <li class="msg msg--bot">
          <div class="msg__author">
            <span class="tag tag--bot">Bot</span>
            {message.authorName !== null && message.authorName !== 'Bot' && <span> {message.authorName}</span>}
          </div>
          <div class="msg__bubble">
            <Markdown text={message.text} />
          </div>
          {message.quickReplies !== undefined && message.quickReplies.length > 0 && (
            <ul class="chips" aria-label="Quick replies offered">
              {message.quickReplies.map((reply) => (
                <li class="chip" key={reply}>
                  {reply}
                </li>
              ))}
            </ul>
          )}
          <div class="msg__meta">{time}</div>
        </li>
      );
    case 'agent':
      return (
        <li class="msg msg--agent">
          <div class="msg__author">{message.authorName ?? 'Agent'}</div>
          <div class="msg__bubble">
            <Markdown text={message.text} />
          </div>
          <div class="msg__meta">
            <span class="msg__sent">Sent</span> · {time}
          </div>
        </li>
      );
    case 'visitor':
      return (
        <li class="msg msg--visitor">
          <div class="msg__author">{contactName}</div>
          <div class="msg__bubble">{message.text}</div>
          <div class="msg__meta">{time}</div>
        </li>
      );
    default: {
      const unreachable: never = message.author;
      throw new Error(`Unknown author: ${String(unreachable)}`);
    }
  }
}
