import type { ConversationStatus } from '../../../protocol/codes';
import type { MessageKey } from '../i18n';

export interface HeaderProps {
  title: string;
  /** The team's picture (a same-origin upload), or null. */
  avatar: string | null;
  status: ConversationStatus;
  agentName: string | null;
  /** Before the visitor asks for a person: whether one can take the chat now (null: not known yet). */
  agentsAvailable: boolean | null;
  /** "Talk to a person" is offered only while the bot is answering and the link is up. */
  canHandoff: boolean;
  /** "Call me back": the site takes callbacks and nothing is booked or being booked. */
  canCallBack: boolean;
  tr: (key: MessageKey, vars?: Record<string, string>) => string;
  onHandoff: () => void;
  onCallBack: () => void;
  onClose: () => void;
}

function statusLine(props: HeaderProps): string {
  switch (props.status) {
    case 'bot':
      if (props.agentsAvailable === null) return props.tr('statusBot');
      return props.tr(props.agentsAvailable ? 'statusAvailable' : 'statusAway');
    case 'queued':
      return props.tr('statusQueued');
    case 'live':
      return props.tr('statusLive', { name: props.agentName ?? props.tr('someone') });
    case 'callback':
      return props.tr('statusCallback');
    case 'closed':
      return props.tr('statusClosed');
    default:
      return props.status satisfies never;
  }
}

const away = (props: HeaderProps): boolean => props.status === 'bot' && props.agentsAvailable === false;

/**
 * NOTE: the avatar, the name and "Talk to a person" wrap inside `.header-main`, so on a narrow or
 * wordy header the button takes a row of its own while the call-back and close buttons keep theirs;
 * narrower than the desktop frame the stylesheet lays it out as a grid instead (styles.css, header).
 */
export function Header(props: HeaderProps) {
  const { tr } = props;
  return (
    <header class="header">
      <div class="header-main">
        {props.avatar && <img class="header-avatar" src={props.avatar} alt={props.title} width={36} height={36} />}
        <div class="header-text">
          {/* Cut with an ellipsis when long: the title gives the whole name on hover. */}
          <h1 class="header-title" title={props.title}>
            {props.title}
          </h1>
          <p class={'header-status is-' + (away(props) ? 'away' : props.status)}>
            <span class="dot" aria-hidden="true" />
            <span>{statusLine(props)}</span>
          </p>
        </div>
        {props.canHandoff && (
          <button type="button" class="handoff" onClick={props.onHandoff}>
            {tr('talkToPerson')}
          </button>
        )}
      </div>
      {props.canCallBack && (
        <button type="button" class="icon-button" aria-label={tr('callMeBack')} title={tr('callMeBack')} onClick={props.onCallBack}>
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M5 4h4l2 5-2.5 1.5a11 11 0 0 0 5 5L15 13l5 2v4a2 2 0 0 1-2 2A16 16 0 0 1 3 6a2 2 0 0 1 2-2" />
          </svg>
        </button>
      )}
      <button type="button" class="icon-button" aria-label={tr('closeChat')} onClick={props.onClose}>
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M6 6l12 12M18 6 6 18" />
        </svg>
      </button>
    </header>
  );
}
