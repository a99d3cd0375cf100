import { useEffect, useRef, useState } from 'preact/hooks';
import { Limits } from '../../protocol/codes';
import type { Callback, CallbackOutcome } from '../../protocol/frames';
import { callbackContact, type CallbackRequest, type RescheduleSlots } from '../callbacks';
import type { Controller } from '../controller';
import { callbackStatusText, formatSlot, theirTime, visitorLocalTime } from '../format';
import { clockIn, dateIn, dayKey } from '../zoned';

export interface CallbackBarProps {
  callback: Callback;
  agentId: string;
  online: boolean;
  now: Date;
  /** The agent's IANA zone. */
  timeZone: string | undefined;
  /** My claim/outcome/slots request about this callback, while unanswered or refused. */
  request: CallbackRequest | undefined;
  /** Free times, when the latest answer was for this callback. */
  slots: RescheduleSlots | null;
  controller: Controller;
}

const outcomeButtons: readonly { outcome: Exclude<CallbackOutcome, 'rescheduled'>; label: string }[] = [
  { outcome: 'reached', label: 'Reached' },
  { outcome: 'no_answer_retry', label: 'No answer — retry' },
  { outcome: 'no_answer_close', label: 'No answer — close' },
];

/**
 * The call on top of its conversation: who and when (their clock too), then the agent's next
 * step — claim it, or once claimed say how it went, with an optional call note.
 */
export function CallbackBar({ callback, agentId, online, now, timeZone, request, slots, controller }: CallbackBarProps) {
  const mine = callback.state === 'claimed' && callback.claimedById === agentId;
  const claimable = callback.state === 'booked' || callback.state === 'missed';
  // Loading free times does not hold up the outcome buttons; a claim or outcome on its way does.
  const sending = request?.status === 'sending' && request.ref !== 'callback.slots';
  const [note, setNote] = useState('');
  const [picking, setPicking] = useState(false);
  const [slotStart, setSlotStart] = useState('');
  const headingRef = useRef<HTMLHeadingElement>(null);
  const firstOutcomeRef = useRef<HTMLButtonElement>(null);
  const lastPhase = useRef(`${callback.state}/${callback.claimedById ?? ''}`);

  // The button just used goes away when the call changes hands or ends; put focus on the next step.
  useEffect(() => {
    const phase = `${callback.state}/${callback.claimedById ?? ''}`;
    if (lastPhase.current === phase) return;
    lastPhase.current = phase;
    if (!mine) {
      setNote('');
      setPicking(false);
      setSlotStart('');
    }
    const active = document.activeElement;
    if (active !== null && active !== document.body) return;
    (mine ? firstOutcomeRef.current : headingRef.current)?.focus();
  }, [callback.state, callback.claimedById, mine]);

  const ownSlots = slots !== null && slots.callbackId === callback.id ? slots : null;
  const atSlot = theirTime(callback.start, callback.timeZone, timeZone);
  const nowThere = callback.timeZone === null ? null : visitorLocalTime(callback.timeZone, now);
  const barId = `callback-bar-${callback.id}`;

  const record = (outcome: CallbackOutcome) => {
    controller.recordOutcome(callback.id, outcome, outcome === 'rescheduled' && slotStart !== '' ? { note, slotStart } : { note });
  };

  return (
    <section class={`cbbar cbbar--${callback.state}`} aria-labelledby={`${barId}-title`}>
      <div class="cbbar__head">
        <h2 class="cbbar__title" id={`${barId}-title`} tabIndex={-1} ref={headingRef}>
          Callback — {callbackContact(callback)}
        </h2>
        <span class="cbbar__status" role="status">
          {sending ? 'Saving…' : callbackStatusText(callback, agentId)}
        </span>
      </div>
      <dl class="cbbar__facts">
        <div class="facts__row">
          <dt>Phone</dt>
          <dd>
            <a href={`tel:${callback.phone}`}>{callback.phoneDisplay}</a>
          </dd>
        </div>
        <div class="facts__row">
          <dt>Time</dt>
          <dd>
            <time dateTime={callback.start}>{formatSlot(callback.start, now, timeZone)}</time>
            {atSlot !== null && <span class="cbbar__their"> · {atSlot}</span>}
          </dd>
        </div>
        {nowThere !== null && (
          <div class="facts__row">
            <dt>Their time now</dt>
            <dd>{nowThere}</dd>
          </div>
        )}
        {callback.note !== null && callback.note.trim() !== '' && (
          <div class="facts__row">
            <dt>Their note</dt>
            <dd class="cbbar__note">{callback.note}</dd>
          </div>
        )}
      </dl>

      {request?.status === 'failed' && (
        <div class="cbbar__error" role="alert">
          <span>{request.error ?? 'The server refused this.'}</span>
          <button type="button" class="button button--ghost button--small" onClick={() => controller.dismissCallbackError(callback.id)}>
            Dismiss
          </button>
        </div>
      )}

      {claimable && (
        <div class="cbbar__actions">
          <button
            type="button"
            class="button button--primary"
            disabled={!online || sending}
            onClick={() => controller.claimCallback(callback.id)}
          >
            Claim call
          </button>
        </div>
      )}

      {mine && (
        <div class="cbbar__outcome">
          <label class="field">
            <span class="field__label">Call note</span>
            <textarea
              class="input cbbar__input"
              rows={2}
              maxLength={Limits.messageChars}
              placeholder="What was said on the call (optional, saved as an internal note)"
              value={note}
              onInput={(event) => setNote(event.currentTarget.value)}
            />
          </label>
          <div class="cbbar__actions">
            {outcomeButtons.map(({ outcome, label }, index) => (
              <button
                key={outcome}
                type="button"
                class={`button ${outcome === 'reached' ? 'button--primary' : 'button--secondary'}`}
                disabled={!online || sending}
                ref={index === 0 ? firstOutcomeRef : undefined}
                onClick={() => record(outcome)}
              >
                {label}
              </button>
            ))}
            <button
              type="button"
              class="button button--secondary"
              disabled={!online || sending}
              aria-expanded={picking}
              aria-controls={`${barId}-picker`}
              onClick={() => {
                const next = !picking;
                setPicking(next);
                if (next) controller.requestRescheduleSlots(callback.id);
              }}
            >
              Reschedule
            </button>
          </div>
          {picking && (
            <div class="cbbar__picker" id={`${barId}-picker`}>
              {ownSlots === null ? (
                <p role="status">{request?.ref === 'callback.slots' && request.status === 'failed' ? 'Could not load free times.' : 'Loading free times…'}</p>
              ) : ownSlots.slots.length === 0 ? (
                <p role="status">No free times left in the booking window.</p>
              ) : (
                <SlotPicker
                  slots={ownSlots}
                  visitorZone={callback.timeZone}
                  timeZone={timeZone}
                  value={slotStart}
                  onChange={setSlotStart}
                />
              )}
              <div class="cbbar__actions">
                <button
                  type="button"
                  class="button button--primary"
                  disabled={!online || sending || slotStart === '' || ownSlots === null}
                  onClick={() => record('rescheduled')}
                >
                  Confirm new time
                </button>
                <button type="button" class="button button--ghost" onClick={() => setPicking(false)}>
                  Keep current time
                </button>
              </div>
            </div>
          )}
        </div>
      )}

      {callback.state === 'claimed' && !mine && (
        <p class="cbbar__hint">{callback.claimedByName ?? 'Another agent'} is on this call.</p>
      )}
      {(callback.state === 'done' || callback.state === 'cancelled') && (
        <p class="cbbar__hint">This call is finished. You can still add an internal note below.</p>
      )}
    </section>
  );
}

interface SlotPickerProps {
  slots: RescheduleSlots;
  visitorZone: string | null;
  timeZone: string | undefined;
  value: string;
  onChange: (slotStart: string) => void;
}

/** Free times grouped by the agent's day, each with the customer's clock beside it. */
function SlotPicker({ slots, visitorZone, timeZone, value, onChange }: SlotPickerProps) {
  const days = new Map<string, { label: string; options: { start: string; text: string }[] }>();
  for (const slot of slots.slots) {
    const date = new Date(slot.start);
    if (Number.isNaN(date.getTime())) continue;
    const key = dayKey(date, timeZone);
    let day = days.get(key);
    if (day === undefined) {
      day = { label: dateIn(date, timeZone), options: [] };
      days.set(key, day);
    }
    const clock = clockIn(date, timeZone);
    const theirs = theirTime(slot.start, visitorZone, timeZone);
    day.options.push({ start: slot.start, text: theirs === null ? clock : `${clock} — ${theirs}` });
  }
  return (
    <label class="field">
      <span class="field__label">New time</span>
      <select class="input" value={value} onChange={(event) => onChange(event.currentTarget.value)}>
        <option value="">Pick a time…</option>
        {[...days.entries()].map(([key, day]) => (
          <optgroup key={key} label={day.label}>
            {day.options.map((option) => (
              <option key={option.start} value={option.start}>
                {option.text}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
}
