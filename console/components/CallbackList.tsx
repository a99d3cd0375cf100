import type { ComponentChildren } from 'preact';
import type { Callback } from '../../protocol/frames';
import { callbackContact, type CallbackGroups } from '../callbacks';
import { callbackStatusText, formatSlot, theirTime, visitorLocalTime } from '../format';

export interface CallbackListProps {
  groups: CallbackGroups;
  agentId: string;
  now: Date;
  /** The agent's IANA zone: slot times and "today" are theirs. */
  timeZone: string | undefined;
  selectedId: string | null;
  onOpen: (callbackId: string) => void;
}

/** The callback work list: due calls first, then later today, later days, and missed ones. */
export function CallbackList({ groups, agentId, now, timeZone, selectedId, onOpen }: CallbackListProps) {
  const row = (callback: Callback) => (
    <CallbackRow
      key={callback.id}
      callback={callback}
      agentId={agentId}
      now={now}
      timeZone={timeZone}
      current={callback.id === selectedId}
      onOpen={onOpen}
    />
  );
  return (
    <div class="sections">
      <Group id="due" title="Due now" count={groups.dueNow.length} empty="No callbacks due" hot>
        {groups.dueNow.map(row)}
      </Group>
      <Group id="today" title="Today" count={groups.today.length} empty="No more callbacks today">
        {groups.today.map(row)}
      </Group>
      <Group id="upcoming" title="Upcoming" count={groups.upcoming.length} empty="No upcoming callbacks">
        {groups.upcoming.map(row)}
      </Group>
      <Group id="missed" title="Missed" count={groups.missed.length} empty="No missed callbacks">
        {groups.missed.map(row)}
      </Group>
      {groups.teammates.length > 0 && (
        <Folded id="teammates" title="Claimed by teammates" count={groups.teammates.length}>
          {groups.teammates.map(row)}
        </Folded>
      )}
      {groups.finished.length > 0 && (
        <Folded id="finished" title="Finished" count={groups.finished.length}>
          {groups.finished.map(row)}
        </Folded>
      )}
    </div>
  );
}

interface GroupProps {
  id: string;
  title: string;
  count: number;
  empty: string;
  hot?: boolean;
  children: ComponentChildren;
}

/** A region named by its heading alone ("Due now"), so people and tests find it by that name. */
function Group({ id, title, count, empty, hot = false, children }: GroupProps) {
  const headingId = `cb-section-${id}`;
  return (
    <section class="section" aria-labelledby={headingId}>
      <div class="section__title">
        <h2 class="section__heading" id={headingId}>
          {title}
        </h2>
        <span class={`count${hot && count > 0 ? ' count--hot' : ''}`} aria-hidden="true">
          {count}
        </span>
      </div>
      {count === 0 ? (
        <p class="section__empty">{empty}</p>
      ) : (
        <ul class="section__list" aria-labelledby={headingId}>
          {children}
        </ul>
      )}
    </section>
  );
}

function Folded({ id, title, count, children }: { id: string; title: string; count: number; children: ComponentChildren }) {
  const labelId = `cb-section-${id}`;
  return (
    <details class="section section--collapsible">
      <summary class="section__title">
        <span id={labelId}>{title}</span>
        <span class="count" aria-hidden="true">
          {count}
        </span>
      </summary>
      <ul class="section__list" aria-labelledby={labelId}>
        {children}
      </ul>
    </details>
  );
}

interface RowProps {
  callback: Callback;
  agentId: string;
  now: Date;
  timeZone: string | undefined;
  current: boolean;
  onOpen: (callbackId: string) => void;
}

function CallbackRow({ callback, agentId, now, timeZone, current, onOpen }: RowProps) {
  const detailsId = `cb-${callback.id}-details`;
  const atSlot = theirTime(callback.start, callback.timeZone, timeZone);
  const nowThere = callback.timeZone === null ? null : visitorLocalTime(callback.timeZone, now);
  return (
    <li class={`cb${current ? ' cb--current' : ''}`}>
      <button
        type="button"
        class={`item${current ? ' item--current' : ''}`}
        aria-current={current ? 'true' : undefined}
        aria-controls="conversation"
        aria-describedby={detailsId}
        onClick={() => onOpen(callback.id)}
      >
        <span class="item__top">
          <span class="item__name">
            {callbackContact(callback)}
            {/* The phone is part of the name, so a row can be found by number when the contact gave no name. */}
            <span class="visually-hidden">, {callback.phoneDisplay}</span>
          </span>
          <span class="item__meta">
            <time dateTime={callback.start}>{formatSlot(callback.start, now, timeZone)}</time>
          </span>
        </span>
      </button>
      <div class="cb__details" id={detailsId}>
        <a class="cb__phone" href={`tel:${callback.phone}`}>
          {callback.phoneDisplay}
        </a>
        {atSlot !== null && <span class="cb__their">{atSlot}</span>}
        {nowThere !== null && nowThere !== 'unknown' && <span class="cb__their">Now there: {nowThere}</span>}
        {callback.note !== null && callback.note.trim() !== '' && <span class="cb__note">“{callback.note}”</span>}
        <span class="cb__status">{callbackStatusText(callback, agentId)}</span>
      </div>
    </li>
  );
}
