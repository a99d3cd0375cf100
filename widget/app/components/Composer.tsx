import { useEffect, useRef, useState } from 'preact/hooks';
import { Limits } from '../../../protocol/codes';
import type { MessageKey } from '../i18n';

export interface ComposerProps {
  /** Out of sight (the booking panel is open), keeping its text. */
  hidden?: boolean;
  disabled: boolean;
  /** Changes when the visitor opens the panel: take focus. */
  focusRequest: number;
  tr: (key: MessageKey) => string;
  onSend: (text: string) => void;
  onTyping: (typing: boolean) => void;
}

/** The message box: Enter sends, Shift+Enter is a new line; it grows with its text up to a limit. */
export function Composer(props: ComposerProps) {
  const [text, setText] = useState('');
  const box = useRef<HTMLTextAreaElement>(null);
  const { tr } = props;

  // Only when the visitor opened the panel, not when the loader reopens it after a page load
  // (no focus theft from the host page, no surprise phone keyboard).
  useEffect(() => {
    if (props.focusRequest > 0) box.current?.focus();
  }, [props.focusRequest]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = Math.min(el.scrollHeight, 120) + 'px';
  }, [text]);

  const submit = () => {
    const value = text.trim();
    if (!value || props.disabled) return;
    props.onSend(value);
    setText('');
    box.current?.focus();
  };

  return (
    <form
      class="composer"
      hidden={props.hidden}
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <textarea
        ref={box}
        rows={1}
        aria-label={tr('message')}
        placeholder={tr('placeholder')}
        maxLength={Limits.messageChars}
        value={text}
        disabled={props.disabled}
        onInput={(event) => {
          const value = event.currentTarget.value;
          setText(value);
          props.onTyping(value.trim() !== '');
        }}
        onBlur={() => props.onTyping(false)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            submit();
          }
        }}
      />
      <button type="submit" class="send" aria-label={tr('send')} disabled={props.disabled || !text.trim()}>
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M4 12l16-8-6 16-2-7z" />
        </svg>
      </button>
    </form>
  );
}
