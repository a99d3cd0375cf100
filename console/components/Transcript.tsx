import { useLayoutEffect, useRef } from 'preact/hooks';
import type { Message, Note } from '../../protocol/frames';
import { describeEvent, formatFullTime, formatTime } from '../format';
import { timeline } from '../notes';
import type { PendingSend } from '../outbox';
import type { Transcript as TranscriptData } from '../state';
import { Markdown, type MarkdownClasses } from '../../client/Markdown';

/** This stylesheet's names for Markdown paragraphs and lists. */
const markdownClasses: MarkdownClasses = { paragraph: 'md__p', list: 'md__list' };

export interface TranscriptProps {
  conversationId: string;
  contactName: string;
  transcript: TranscriptData | undefined;
  pending: readonly PendingSend[];
  now: Date;
  onRetry: (clientMsgId: string) => void;
  /** The seq of my last reply when the visitor has read it, else null. */
  seenSeq: number | null;
  visitorTyping: boolean;
}

/** Within this many pixels of the bottom the view follows new messages. */
const StickyPx = 120;

export function Transcript(props: TranscriptProps) {
  const { conversationId, contactName, transcript, pending, now, onRetry, seenSeq, visitorTyping } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const messages = transcript?.messages ?? [];
  const notes = transcript?.notes ?? [];
  const count = messages.length + pending.length + notes.length + (visitorTyping ? 1 : 0);

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
        {timeline(messages, notes).map((item) =>
          item.kind === 'note' ? (
            <NoteRow key={`note-${item.note.id}`} note={item.note} now={now} />
          ) : (
            <MessageRow
              key={item.message.id}
              message={item.message}
              contactName={contactName}
              now={now}
              seen={seenSeq !== null && item.message.seq === seenSeq}
            />
          ),
        )}
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
      <p class="typing" aria-live="polite">
        {visitorTyping ? 'Visitor is typing…' : ''}
      </p>
    </div>
  );
}

function NoteRow({ note, now }: { note: Note; now: Date }) {
  return (
    <li class="note">
      <div class="note__head">
        <span class="tag tag--note">Note</span> <span class="note__author">{note.authorName}</span> ·{' '}
        <time dateTime={note.createdAt} title={formatFullTime(note.createdAt)}>
          {formatTime(note.createdAt, now)}
        </time>
      </div>
      <div class="note__text">{note.text}</div>
    </li>
  );
}

function MessageRow({ message, contactName, now, seen }: { message: Message; contactName: string; now: Date; seen: boolean }) {
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
            <Markdown text={message.text} classes={markdownClasses} />
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
          <div class="msg__author">
            {message.authorAvatar !== undefined && <img class="msg__avatar" src={message.authorAvatar} alt="" width={20} height={20} loading="lazy" />}
            {message.authorName ?? 'Agent'}
          </div>
          <div class="msg__bubble">
            <Markdown text={message.text} classes={markdownClasses} />
          </div>
          <div class="msg__meta">
            <span class="msg__sent">{seen ? 'Seen' : 'Sent'}</span> · {time}
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
