import { useEffect, useState } from 'preact/hooks';
import type { BookingPanel, BookingPanelProps } from '../callback/BookingPanel';
import { CallbackCard } from '../callback/CallbackCard';
import { awayShown, callbackOffer, cardAnchor } from '../callback/offer';
import { activeCallback, type BookingInput } from '../callback/state';
import { whenText } from '../callback/time';
import { queueText, t, type MessageKey } from '../i18n';
import { seenMessageKey, typingAgent } from '../signals';
import { feedbackTarget, queueSpot, shownStatus, type State } from '../state';
import { Composer } from './Composer';
import { Header } from './Header';
import { MessageList } from './MessageList';

/** The booking panel's module, loaded on first use (a dynamic import in main.tsx). */
export interface BookingModule {
  BookingPanel: typeof BookingPanel;
}

/** What varies with the page the panel runs in; main.tsx reads it, tests could pin it. */
export interface Environment {
  /** The visitor's IANA zone; undefined: the browser could not say. */
  timeZone: string | undefined;
  languages: readonly string[];
  loadBooking: () => Promise<BookingModule>;
}

/** What the UI can ask for; the composition root (main.tsx) implements it. */
export interface Actions {
  send(text: string): void;
  /** The visitor is typing (true, on every edit) or stopped (false: cleared the box, left it). */
  typing(typing: boolean): void;
  retry(clientMsgId: string): void;
  feedback(messageId: string, helpful: boolean): void;
  handoff(): void;
  close(): void;
  /** Opens the booking panel, to book or (with a booking's id) to move it; asks for the free times. */
  openBooking(moveId: string | null): void;
  closeBooking(): void;
  book(input: BookingInput): void;
  cancelCallback(callbackId: string): void;
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
    case 'site_disabled':
      return 'errorSiteDisabled';
    case null:
      return null;
    default:
      return state.failure satisfies never;
  }
}

/** The booking panel, once its chunk is here; a spinner meanwhile, and a retry if it could not load. */
function LazyBooking(props: Omit<BookingPanelProps, 'languages' | 'timeZone'> & { env: Environment; tr: (key: MessageKey) => string }) {
  const { env, tr, ...rest } = props;
  const [module, setModule] = useState<BookingModule | null>(null);
  const [failed, setFailed] = useState(false);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    env.loadBooking().then(
      (loaded) => live && setModule(loaded),
      (error: unknown) => {
        console.warn('[ponte] could not load the booking panel', error);
        if (live) setFailed(true);
      },
    );
    return () => {
      live = false;
    };
  }, [env, attempt]);
  if (module) return <module.BookingPanel {...rest} timeZone={env.timeZone} languages={env.languages} />;
  return (
    <div class="state-message" aria-busy={!failed}>
      {failed ? (
        <>
          <span role="alert">{tr('loadFailed')}</span>
          <button
            type="button"
            class="link"
            onClick={() => {
              setFailed(false);
              setAttempt(attempt + 1);
            }}
          >
            {tr('retry')}
          </button>
        </>
      ) : (
        <span class="spinner" aria-hidden="true" />
      )}
    </div>
  );
}

export function Panel({ state, actions, env }: { state: State; actions: Actions; env: Environment }) {
  const tr = (key: MessageKey, vars?: Record<string, string>) => t(state.locale, key, vars);
  const status = shownStatus(state);
  const notice = banner(state);
  const failure = failureText(state);
  // NOTE: a site turned off mid-chat keeps what the visitor had on screen, read-only (`is-off`
  // hides every button in the transcript: quick replies, ratings, retries), with the reason below.
  const siteOff = state.failure === 'site_disabled' && state.messages.length > 0;
  const look = state.look;
  // The team name first: the console's preview changes it before any welcome says so.
  const siteName = look?.teamName ?? state.site?.name ?? (look?.name || 'Chat');
  const greeting = look?.greeting[state.locale] ?? state.site?.greeting ?? '';
  // 'message': nobody can come, so the visitor leaves a message instead of booking a call.
  const leaveMessage = look?.whenUnavailable === 'message' && state.agentsAvailable === false && status === 'bot';
  const asking = feedbackTarget(state);
  const spot = queueSpot(state);
  const active = activeCallback(state);
  const offer = callbackOffer(state);
  const booking = state.booking;
  const bookButton = (
    <button type="button" class="chip is-small offer" onClick={() => actions.openBooking(null)}>
      {tr('bookCallback')}
    </button>
  );
  // NOTE: the hours come only with the welcome; past the announced opening, the line would be stale.
  const opensAt = state.opensAt && !Number.isNaN(Date.parse(state.opensAt)) ? new Date(state.opensAt) : null;
  const card = active && (
    <CallbackCard
      held={active}
      locale={state.locale}
      timeZone={env.timeZone}
      cancelling={state.cancelling}
      cancelError={state.cancelError}
      tr={tr}
      onChangeTime={(id) => actions.openBooking(id)}
      onCancel={actions.cancelCallback}
    />
  );
  return (
    <div
      class={siteOff ? 'panel is-off' : 'panel'}
      onKeyDown={(event) => {
        // Escape steps back one level: out of the booking panel first, then out of the chat.
        if (event.key === 'Escape') {
          if (booking) actions.closeBooking();
          else actions.close();
        }
      }}
    >
      <Header
        title={siteName}
        avatar={look?.avatar ?? null}
        status={status}
        agentName={state.agentName}
        agentsAvailable={state.agentsAvailable}
        canHandoff={status === 'bot' && state.connection === 'online' && !state.failure}
        canCallBack={state.callbacksEnabled && !active && !booking && !state.failure && state.status !== 'live'}
        tr={tr}
        onHandoff={actions.handoff}
        onCallBack={() => actions.openBooking(null)}
        onClose={actions.close}
      />
      {/* Always in the DOM, empty when not queued: a live region that exists before its text
          changes is announced reliably; one inserted together with its text often is not. */}
      <p class="queue" role="status">
        {spot && queueText(state.locale, spot.position, spot.estimatedWaitSeconds)}
      </p>
      {offer?.at === 'queue' && <div class="offer-row">{bookButton}</div>}
      {awayShown(state) && !booking && !(opensAt && opensAt.getTime() <= Date.now()) && (
        <div class="notice">
          <span>
            {opensAt
              ? tr('awayUntil', { when: whenText(state.locale, env.timeZone, opensAt, new Date()) })
              : tr('awayNow')}
            {leaveMessage && ' ' + tr('leaveMessage')}
          </span>
          {offer?.at === 'away' && bookButton}
        </div>
      )}
      {leaveMessage && !awayShown(state) && (
        <div class="notice">
          <span>{tr('leaveMessage')}</span>
        </div>
      )}
      {notice && (
        <p class={'banner is-' + state.connection} role="status">
          {tr(notice)}
        </p>
      )}
      {failure && !siteOff ? (
        <div class="state-message" role="alert">
          {tr(failure)}
        </div>
      ) : booking ? (
        <LazyBooking
          env={env}
          booking={booking}
          locale={state.locale}
          prefill={booking.moveId && active ? { phone: active.callback.phoneDisplay, note: active.callback.note ?? '' } : null}
          tr={tr}
          onBook={actions.book}
          onClose={actions.closeBooking}
        />
      ) : state.site || state.messages.length > 0 ? (
        <MessageList
          locale={state.locale}
          greeting={greeting}
          siteName={siteName}
          messages={state.messages}
          drafts={state.drafts}
          feedback={asking?.id ? { messageId: asking.id, answer: state.feedback[asking.id] } : null}
          agentName={state.agentName}
          typing={typingAgent(state)}
          seenKey={seenMessageKey(state)}
          offerKey={offer?.at === 'message' ? offer.key : null}
          card={card}
          cardAfter={cardAnchor(state)}
          cardVersion={active ? active.callback.id + active.callback.start + active.callback.state : ''}
          tr={tr}
          onBookCallback={() => actions.openBooking(null)}
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
      {siteOff && (
        <p class="notice" role="alert">
          {tr('errorSiteDisabled')}
        </p>
      )}
      {/* Hidden, not unmounted, while booking: what the visitor was typing stays. Gone when the
          site is turned off: nothing typed there could ever be sent. */}
      {state.failure !== 'site_disabled' && (
        <Composer
          hidden={!!booking && !failure}
          disabled={!!failure}
          focusRequest={state.focusRequest}
          tr={tr}
          onSend={actions.send}
          onTyping={actions.typing}
        />
      )}
    </div>
  );
}
