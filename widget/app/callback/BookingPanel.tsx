/**
 * The booking panel (a lazy chunk: most visitors never open it): free times by day in the
 * visitor's own time zone, named on screen; the phone country and number; an optional note.
 * The server validates and formats the number; its refusals show next to the field they are about.
 */
import './booking.css';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Locale } from '../../../protocol/codes';
import { countryOptions, guessCountry } from './countries';
import { groupSlots, zoneName } from './slots';
import type { BookingForm, BookingInput, CallbackError } from './state';
import { bookingErrorText, bookingText, errorPlace, type BookingKey } from './words';

export interface BookingPanelProps {
  booking: BookingForm;
  locale: Locale;
  /** The visitor's IANA zone (undefined: the browser could not say; times are then the browser's). */
  timeZone: string | undefined;
  /** The browser's languages, for the first guess of the phone country. */
  languages: readonly string[];
  /** Moving a booking: its number and note, to start from. */
  prefill: { phone: string; note: string } | null;
  onBook: (input: BookingInput) => void;
  onClose: () => void;
}

/** A check the panel makes before sending (the server makes the real ones). */
type LocalError = { place: 'slot'; key: 'pickTime' } | { place: 'phone'; key: 'phoneRequired' };

export function BookingPanel(props: BookingPanelProps) {
  const { booking, locale, timeZone } = props;
  const tr = (key: BookingKey, vars?: Record<string, string>) => bookingText(locale, key, vars);
  const days = useMemo(() => groupSlots(booking.slots ?? [], locale, timeZone), [booking.slots, locale, timeZone]);
  const countries = useMemo(() => countryOptions(locale, booking.countries), [locale, booking.countries]);
  const [dayKey, setDayKey] = useState<string | null>(null);
  const [slotStart, setSlotStart] = useState<string | null>(null);
  const [country, setCountry] = useState<string | null>(null);
  const [phone, setPhone] = useState(props.prefill?.phone ?? '');
  const [note, setNote] = useState(props.prefill?.note ?? '');
  const [local, setLocal] = useState<LocalError | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const phoneBox = useRef<HTMLInputElement>(null);
  const slotBox = useRef<HTMLParagraphElement>(null);

  // Fresh slots (after slot_full) may no longer hold the choice: then nothing is chosen.
  const day = days.find((d) => d.key === dayKey) ?? days[0];
  const chosen = booking.slots?.some((s) => s.start === slotStart) ? slotStart : null;
  const guessed = useMemo(
    () => guessCountry(props.languages, timeZone, booking.countries),
    [props.languages, timeZone, booking.countries],
  );
  const shownCountry = country ?? guessed ?? '';
  const zone = timeZone ? zoneName(locale, timeZone, new Date()) : null;

  const serverError = booking.error;
  const place = serverError ? errorPlace(serverError.code) : null;
  const errorText = (error: CallbackError) => bookingErrorText(locale, error);
  const slotError = local?.place === 'slot' ? tr(local.key) : place === 'slot' && serverError ? errorText(serverError) : null;
  const phoneError = local?.place === 'phone' ? tr(local.key) : place === 'phone' && serverError ? errorText(serverError) : null;
  const formError = place === 'form' && serverError ? errorText(serverError) : null;

  useEffect(() => heading.current?.focus(), []);
  // A refusal is shown by what it is about; bring that into view (the form scrolls in a small frame).
  useEffect(() => {
    if (place === 'phone') phoneBox.current?.focus();
    else if (place === 'slot') slotBox.current?.scrollIntoView({ block: 'nearest' });
  }, [serverError, place]);

  const slotNote = slotError && (
    <p id="booking-slot-error" class="field-error" role="alert" ref={slotBox}>
      {slotError}
    </p>
  );

  const submit = () => {
    if (booking.busy !== null) return;
    if (!chosen) return setLocal({ place: 'slot', key: 'pickTime' });
    if (!phone.trim()) {
      phoneBox.current?.focus();
      return setLocal({ place: 'phone', key: 'phoneRequired' });
    }
    setLocal(null);
    props.onBook({ slotStart: chosen, phone, country: shownCountry || null, note });
  };

  return (
    <section class="booking" aria-labelledby="booking-title">
      <div class="booking-head">
        <button type="button" class="icon-button" aria-label={tr('backToChat')} onClick={props.onClose}>
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M15 6l-6 6 6 6" />
          </svg>
        </button>
        <h2 id="booking-title" class="booking-title" tabIndex={-1} ref={heading}>
          {tr(booking.moveId ? 'moveTitle' : 'bookingTitle')}
        </h2>
      </div>
      {booking.slots === null ? (
        <div class="state-message is-loading" aria-busy="true">
          <span class="spinner" aria-hidden="true" />
          {tr('slotsLoading')}
        </div>
      ) : (
        <form
          class="booking-body"
          noValidate
          aria-busy={booking.busy !== null}
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          {days.length === 0 || !day ? (
            <>
              {slotNote}
              {formError && (
                <p class="field-error" role="alert">
                  {formError}
                </p>
              )}
              <p class="booking-empty" role="status">
                {tr('slotsEmpty')}
              </p>
            </>
          ) : (
            <>
              {zone && <p class="booking-zone">{tr('zoneNote', { zone })}</p>}
              <fieldset class="choices">
                <legend>{tr('day')}</legend>
                {days.map((d) => (
                  <label key={d.key} class={'choice' + (d === day ? ' is-on' : '')}>
                    <input
                      type="radio"
                      name="ponte-day"
                      value={d.key}
                      checked={d === day}
                      onChange={() => setDayKey(d.key)}
                    />
                    {d.label}
                  </label>
                ))}
              </fieldset>
              {slotNote}
              <fieldset class="choices" aria-describedby={slotError ? 'booking-slot-error' : undefined}>
                <legend>{tr('time')}</legend>
                {day.slots.map(({ slot, time }) => (
                  <label key={slot.start} class={'choice is-time' + (slot.start === chosen ? ' is-on' : '')}>
                    <input
                      type="radio"
                      name="ponte-time"
                      value={slot.start}
                      checked={slot.start === chosen}
                      onChange={() => {
                        setSlotStart(slot.start);
                        if (local?.place === 'slot') setLocal(null);
                      }}
                    />
                    {time}
                  </label>
                ))}
              </fieldset>
              <label class="field">
                <span>{tr('country')}</span>
                <select autocomplete="country" value={shownCountry} onChange={(event) => setCountry(event.currentTarget.value)}>
                  {shownCountry === '' && <option value="" />}
                  {countries.map((c) => (
                    <option key={c.code} value={c.code}>
                      {c.name}
                    </option>
                  ))}
                </select>
              </label>
              <label class="field">
                <span>{tr('phone')}</span>
                <input
                  ref={phoneBox}
                  type="tel"
                  autocomplete="tel"
                  inputMode="tel"
                  maxLength={32}
                  value={phone}
                  aria-invalid={phoneError ? true : undefined}
                  aria-describedby={phoneError ? 'booking-phone-error' : undefined}
                  onInput={(event) => {
                    setPhone(event.currentTarget.value);
                    if (local?.place === 'phone') setLocal(null);
                  }}
                />
              </label>
              {phoneError && (
                <p id="booking-phone-error" class="field-error" role="alert">
                  {phoneError}
                </p>
              )}
              <label class="field">
                <span>{tr('note')}</span>
                <textarea rows={2} maxLength={500} value={note} onInput={(event) => setNote(event.currentTarget.value)} />
              </label>
              {formError && (
                <p class="field-error" role="alert">
                  {formError}
                </p>
              )}
              <button type="submit" class="primary" disabled={booking.busy !== null} aria-busy={booking.busy !== null}>
                {booking.busy !== null && <span class="spinner is-small" aria-hidden="true" />}
                {tr('bookCall')}
              </button>
            </>
          )}
        </form>
      )}
    </section>
  );
}
