import type { RefObject } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Limits } from '../../protocol/codes';
import { cannedQuery, matchCanned } from '../canned';
import type { CannedReply } from '../state';

export type ComposerMode = 'reply' | 'note';

export interface ComposerProps {
  textareaRef: RefObject<HTMLTextAreaElement>;
  initial: string;
  onDraft: (text: string) => void;
  online: boolean;
  mode: ComposerMode;
  onMode: (mode: ComposerMode) => void;
  /** False when only notes may be written here (not my live chat). */
  replyAllowed: boolean;
  canned: readonly CannedReply[];
  onSend: (text: string) => void;
  onNote: (text: string) => void;
  /** Reply box has text (true) or was cleared/left (false); the controller throttles. */
  onTyping: (typing: boolean) => void;
}

export function Composer(props: ComposerProps) {
  const { textareaRef, onDraft, online, replyAllowed, canned, onTyping } = props;
  const mode: ComposerMode = replyAllowed ? props.mode : 'note';
  const [text, setText] = useState(props.initial);
  const [active, setActive] = useState(0);
  /** The text the canned list was dismissed at (Esc); it reopens once the text changes. */
  const [dismissedAt, setDismissedAt] = useState<string | null>(null);
  const empty = text.trim() === '';
  const note = mode === 'note';

  useEffect(() => onDraft(text), [text]);

  const query = note || dismissedAt === text ? null : cannedQuery(text);
  const matches = query === null ? [] : matchCanned(canned, query);
  const listOpen = matches.length > 0;
  const current = Math.min(active, matches.length - 1);

  const submit = () => {
    if (empty) return;
    if (note) props.onNote(text);
    else props.onSend(text);
    setText('');
    textareaRef.current?.focus();
  };

  const insert = (reply: CannedReply) => {
    setText(reply.text);
    setActive(0);
    if (!note) onTyping(true);
    textareaRef.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (listOpen) {
      const choice = matches[current];
      switch (event.key) {
        case 'ArrowDown':
          event.preventDefault();
          setActive((current + 1) % matches.length);
          return;
        case 'ArrowUp':
          event.preventDefault();
          setActive((current - 1 + matches.length) % matches.length);
          return;
        case 'Enter':
        case 'Tab':
          if (event.shiftKey || event.isComposing || choice === undefined) break;
          event.preventDefault();
          insert(choice);
          return;
        case 'Escape':
          event.preventDefault();
          // Esc here closes the list only, not a dialog or anything around it.
          event.stopPropagation();
          setDismissedAt(text);
          return;
        default:
          break;
      }
    }
    // Enter sends, Shift+Enter is a new line; never send in the middle of an IME composition.
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    submit();
  };

  const switchTo = (next: ComposerMode) => {
    if (next === 'note') onTyping(false);
    props.onMode(next);
    textareaRef.current?.focus();
  };

  const label = note ? 'Internal note' : 'Reply';
  return (
    <form
      class={`composer${note ? ' composer--note' : ''}`}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <div class="composer__tabs" role="tablist" aria-label="Write a">
        {replyAllowed && (
          <button type="button" role="tab" aria-selected={!note} class="composer__tab" onClick={() => switchTo('reply')}>
            Reply
          </button>
        )}
        <button type="button" role="tab" aria-selected={note} class="composer__tab composer__tab--note" onClick={() => switchTo('note')}>
          Note
        </button>
        {note && <span class="composer__warning">Internal note (the visitor never sees this)</span>}
      </div>
      <label class="visually-hidden" for="reply">
        {label}
      </label>
      <textarea
        id="reply"
        class="composer__input"
        ref={textareaRef}
        rows={3}
        maxLength={Limits.messageChars}
        placeholder={note ? 'Write a note for your team…' : 'Write a reply… (type / for canned replies)'}
        value={text}
        onInput={(event) => {
          const value = event.currentTarget.value;
          setText(value);
          setActive(0);
          if (!note) onTyping(value.trim() !== '');
        }}
        onBlur={() => {
          if (!note) onTyping(false);
        }}
        onKeyDown={onKeyDown}
        role={listOpen ? 'combobox' : undefined}
        aria-autocomplete={note ? undefined : 'list'}
        aria-expanded={note ? undefined : listOpen}
        aria-controls={listOpen ? 'canned-list' : undefined}
        aria-activedescendant={listOpen ? `canned-${current}` : undefined}
        aria-describedby="reply-hint"
      />
      {listOpen && (
        <ul class="canned" id="canned-list" role="listbox" aria-label="Canned replies">
          {matches.map((reply, index) => (
            <li
              key={reply.id}
              id={`canned-${index}`}
              role="option"
              aria-selected={index === current}
              class={`canned__option${index === current ? ' canned__option--active' : ''}`}
              // mousedown, not click: the textarea must not lose focus (and send typing:false) first.
              onMouseDown={(event) => {
                event.preventDefault();
                insert(reply);
              }}
            >
              <span class="canned__shortcut">/{reply.shortcut}</span>
              <span class="canned__text">{reply.text}</span>
            </li>
          ))}
        </ul>
      )}
      <div class="composer__bar">
        <span id="reply-hint" class="composer__hint">
          {!online
            ? note
              ? 'Offline — notes can be added when the connection is back'
              : 'Offline — replies will be sent when the connection is back'
            : listOpen
              ? '↑/↓ to choose · Enter or Tab to insert · Esc to close'
              : 'Enter to send · Shift+Enter for a new line'}
        </span>
        <button type="submit" class={`button ${note ? 'button--note' : 'button--primary'}`} disabled={empty || (note && !online)}>
          {note ? 'Add note' : 'Send'}
        </button>
      </div>
    </form>
  );
}
