/**
 * The booked call, as a card in the conversation: when (in the visitor's zone), the number the
 * server formatted, the note, and what the visitor can do with it: add it to their calendar, move
 * it, cancel it (after a confirm step).
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Locale } from '../../../protocol/codes';
import { callbackErrorText, type MessageKey } from '../i18n';
import type { CallbackError, HeldCallback } from './state';
import { rangeText } from './time';

export interface CallbackCardProps {
  held: HeldCallback;
  locale: Locale;
  timeZone: string | undefined;
  cancelling: boolean;
  cancelError: CallbackError | null;
  tr: (key: MessageKey, vars?: Record<string, string>) => string;
  onChangeTime: (callbackId: string) => void;
  onCancel: (callbackId: string) => void;
}

/**
 * A `blob:` URL for the calendar file. A new file gets a new URL and the old one is revoked
 * (after the render that stops using it), as is the last one when the card goes.
 */
function useIcsUrl(ics: string): string | null {
  const url = useMemo(() => (ics ? URL.createObjectURL(new Blob([ics], { type: 'text/calendar' })) : null), [ics]);
  useEffect(
    () => () => {
      if (url !== null) URL.revokeObjectURL(url);
    },
    [url],
  );
  return url;
}

export function CallbackCard(props: CallbackCardProps) {
  const { held, tr } = props;
  const { callback } = held;
  const [confirming, setConfirming] = useState(false);
  const url = useIcsUrl(held.ics);
  const when = rangeText(props.locale, props.timeZone, new Date(callback.start), new Date(callback.end));
  const headingId = 'callback-card-' + callback.id;
  return (
    <section class="callback-card" aria-labelledby={headingId}>
      <h2 id={headingId} class="callback-card-title">
        {tr('callBooked')}
      </h2>
      <p class="callback-card-when">{tr('yourTime', { when })}</p>
      <p class="callback-card-phone">{callback.phoneDisplay}</p>
      {callback.note && <p class="callback-card-note">{callback.note}</p>}
      {callback.state === 'claimed' && callback.claimedByName && (
        <p class="meta">{tr('callerNamed', { name: callback.claimedByName })}</p>
      )}
      {callback.state === 'missed' && <p class="meta">{tr('callbackMissed')}</p>}
      {/* NOTE: while an agent is calling, the call can no longer be moved or cancelled (the server refuses too). */}
      {callback.state === 'claimed' ? (
        url && (
          <div class="callback-card-actions">
            <a class="chip is-small" href={url} download="callback.ics">
              {tr('addToCalendar')}
            </a>
          </div>
        )
      ) : confirming ? (
        <div class="callback-card-actions" role="group" aria-label={tr('cancelAsk')}>
          <span aria-hidden="true">{tr('cancelAsk')}</span>
          <button
            type="button"
            class="chip is-small is-danger"
            disabled={props.cancelling}
            aria-busy={props.cancelling}
            onClick={() => props.onCancel(callback.id)}
          >
            {tr('cancelYes')}
          </button>
          <button type="button" class="chip is-small" onClick={() => setConfirming(false)}>
            {tr('cancelNo')}
          </button>
        </div>
      ) : (
        <div class="callback-card-actions">
          {url && (
            <a class="chip is-small" href={url} download="callback.ics">
              {tr('addToCalendar')}
            </a>
          )}
          <button type="button" class="chip is-small" onClick={() => props.onChangeTime(callback.id)}>
            {tr('changeTime')}
          </button>
          <button type="button" class="chip is-small" onClick={() => setConfirming(true)}>
            {tr('cancelCall')}
          </button>
        </div>
      )}
      {props.cancelError && (
        <p class="meta is-failed" role="alert">
          {callbackErrorText(props.locale, props.cancelError)}
        </p>
      )}
    </section>
  );
}
