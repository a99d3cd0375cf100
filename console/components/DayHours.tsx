import { MaxRangesPerDay, type Weekday } from '../businessHours';
import { fieldId, WeekdayNames, type FieldKey, type HoursEdit, type HoursForm, type Problem } from '../hoursForm';

/** Names every range after the first by its number: "Monday opens", "Monday opens, range 2". */
const rangeSuffix = (index: number): string => (index === 0 ? '' : `, range ${index + 1}`);

export interface DayHoursProps {
  day: Weekday;
  form: HoursForm;
  problems: readonly Problem[];
  onEdit: (change: HoursEdit, focus?: string | null) => void;
}

/** One weekday's row: "Closed", its opening ranges (add, remove), and what is wrong with them. */
export function DayHours({ day, form, problems, onEdit }: DayHoursProps) {
  const name = WeekdayNames[day];
  const draft = form.days[day];
  const mine = draft.closed ? [] : problems.filter((p) => p.field.startsWith(`${day}.`));
  const problemsId = `hours-${day}-problems`;
  const invalid = (key: FieldKey): boolean => mine.some((p) => p.field === key);
  const addId = `hours-${day}-add`;

  return (
    <div class="hours__day" role="group" aria-labelledby={`hours-${day}-name`}>
      <span class="hours__day-name" id={`hours-${day}-name`}>
        {name}
      </span>
      <label class="hours__closed">
        <input
          type="checkbox"
          checked={draft.closed}
          onChange={(event) => onEdit({ type: 'closed', day, closed: event.currentTarget.checked })}
        />
        Closed<span class="visually-hidden"> on {name}</span>
      </label>
      {!draft.closed && (
        <div class="hours__ranges">
          {draft.ranges.map((range, index) => {
            const openKey = `${day}.${index}.open`;
            const closeKey = `${day}.${index}.close`;
            return (
              <div key={index} class="hours__range">
                <label class="hours__inline">
                  <span class="hours__inline-label" aria-hidden="true">
                    Opens
                  </span>
                  <input
                    id={fieldId(openKey)}
                    class="input input--small"
                    type="time"
                    aria-label={`${name} opens${rangeSuffix(index)}`}
                    value={range.open}
                    aria-invalid={invalid(openKey)}
                    aria-describedby={mine.length > 0 ? problemsId : undefined}
                    onInput={(event) => onEdit({ type: 'range', day, index, part: 'open', value: event.currentTarget.value })}
                  />
                </label>
                <label class="hours__inline">
                  <span class="hours__inline-label" aria-hidden="true">
                    Closes
                  </span>
                  <input
                    id={fieldId(closeKey)}
                    class="input input--small"
                    type="time"
                    aria-label={`${name} closes${rangeSuffix(index)}`}
                    value={range.close}
                    aria-invalid={invalid(closeKey)}
                    aria-describedby={mine.length > 0 ? problemsId : undefined}
                    onInput={(event) => onEdit({ type: 'range', day, index, part: 'close', value: event.currentTarget.value })}
                  />
                </label>
                {draft.ranges.length > 1 && (
                  <button
                    type="button"
                    class="button button--ghost button--small"
                    aria-label={`Remove ${name} range ${index + 1}`}
                    onClick={() => onEdit({ type: 'removeRange', day, index }, addId)}
                  >
                    Remove
                  </button>
                )}
              </div>
            );
          })}
          {draft.ranges.length < MaxRangesPerDay && (
            <div>
              <button
                type="button"
                id={addId}
                class="button button--ghost button--small"
                aria-label={`Add hours on ${name}`}
                onClick={() => onEdit({ type: 'addRange', day }, fieldId(`${day}.${draft.ranges.length}.open`))}
              >
                Add hours
              </button>
            </div>
          )}
          {mine.length > 0 && (
            <ul class="hours__problems" id={problemsId}>
              {mine.map((p) => (
                <li key={`${p.field}:${p.message}`} class="hours__problem">
                  {p.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
