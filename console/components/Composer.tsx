import type { RefObject } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { Limits } from '../../protocol/codes';

export interface ComposerProps {
  textareaRef: RefObject<HTMLTextAreaElement>;
  initial: string;
  onDraft: (text: string) => void;
  onSend: (text: string) => void;
  online: boolean;
}

export function Composer({ textareaRef, initial, onDraft, onSend, online }: ComposerProps) {
  const [text, setText] = useState(initial);
  const empty = text.trim() === '';

  useEffect(() => onDraft(text), [text]);

  const submit = () => {
    if (empty) return;
    onSend(text);
    setText('');
    textareaRef.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    // Enter sends, Shift+Enter is a new line; never send in the middle of an IME composition.
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    submit();
  };

  return (
    <form
      class="composer"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label class="visually-hidden" for="reply">
        Reply
      </label>
      <textarea
        id="reply"
        class="composer__input"
        ref={textareaRef}
        rows={3}
        maxLength={Limits.messageChars}
        placeholder="Write a reply…"
        value={text}
        onInput={(event) => setText(event.currentTarget.value)}
        onKeyDown={onKeyDown}
        aria-describedby="reply-hint"
      />
      <div class="composer__bar">
        <span id="reply-hint" class="composer__hint">
          {online ? 'Enter to send · Shift+Enter for a new line' : 'Offline — replies will be sent when the connection is back'}
        </span>
        <button type="submit" class="button button--primary" disabled={empty}>
          Send
        </button>
      </div>
    </form>
  );
}
