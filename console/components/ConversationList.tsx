import type { ComponentChildren } from 'preact';
import { previewText } from '../../protocol/markdown';
import type { ConversationSummary } from '../../protocol/frames';
import { contactLabel, formatCountdown, formatTime, formatWait, statusLabels } from '../format';
import type { ConsoleState } from '../state';
import { isOfferedTo, queueEnteredAt, selectSections, selectSiteFilter, selectSiteRefs, siteName, teamMemberName } from '../selectors';

export interface ConversationListProps {
  state: ConsoleState;
  agentId: string;
  now: Date;
  onOpen: (conversationId: string) => void;
  onAccept: (conversationId: string) => void;
  /** Accepting needs the socket. */
  online: boolean;
  /** Picks the site whose conversations to show (null: all sites). */
  onSiteFilter: (siteKey: string | null) => void;
}

export function ConversationList({ state, agentId, now, onOpen, onAccept, online, onSiteFilter }: ConversationListProps) {
  const sections = selectSections(state, agentId, now);
  const sites = selectSiteRefs(state);
  const filter = selectSiteFilter(state);
  // A site label only helps once the relay names sites; with a filter on, every row is that site.
  const labelOf = (c: ConversationSummary): string | null => (sites.length === 0 || filter !== null ? null : siteName(state, c.siteKey));
  const item = (conversation: ConversationSummary, meta: string, showStatus = false) => (
    <ConversationItem
      key={conversation.id}
      conversation={conversation}
      meta={meta}
      status={showStatus ? statusLabels[conversation.status] : null}
      current={conversation.id === state.openId}
      unread={state.unread[conversation.id] === true}
      site={labelOf(conversation)}
      onOpen={onOpen}
    />
  );
  const updated = (c: ConversationSummary) => formatTime(c.updatedAt, now);
  const queueItem = (c: ConversationSummary) => {
    const waiting = `Waiting ${formatWait(now.getTime() - Date.parse(queueEnteredAt(state, c)))}`;
    if (isOfferedTo(c, agentId, now)) {
      const left = c.offerExpiresAt === null ? null : formatCountdown(Date.parse(c.offerExpiresAt) - now.getTime());
      return (
        <OfferedItem
          key={c.id}
          conversation={c}
          meta={waiting}
          countdown={left}
          site={labelOf(c)}
          current={c.id === state.openId}
          online={online}
          onOpen={onOpen}
          onAccept={onAccept}
        />
      );
    }
    const offeredElsewhere =
      c.offeredToAgentId !== null && c.offeredToAgentId !== agentId && c.offerExpiresAt !== null && Date.parse(c.offerExpiresAt) > now.getTime();
    return (
      <ConversationItem
        key={c.id}
        conversation={c}
        meta={waiting}
        status={offeredElsewhere && c.offeredToAgentId !== null ? `Offered to ${teamMemberName(state, c.offeredToAgentId)}` : null}
        current={c.id === state.openId}
        unread={state.unread[c.id] === true}
        site={labelOf(c)}
        onOpen={onOpen}
      />
    );
  };

  return (
    <div class="sections">
      {sites.length > 1 && (
        <div class="site-filter">
          <label class="site-filter__label" for="site-filter">
            Site:
          </label>
          <select
            id="site-filter"
            class="input input--small"
            value={filter ?? ''}
            onChange={(event) => onSiteFilter(event.currentTarget.value === '' ? null : event.currentTarget.value)}
          >
            <option value="">All sites</option>
            {sites.map((site) => (
              <option key={site.key} value={site.key}>
                {site.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <Section id="queue" title="Queue" count={sections.queue.length} empty="No one is waiting." highlight>
        {sections.queue.map(queueItem)}
      </Section>
      <Section id="mine" title="My chats" count={sections.mine.length} empty="No chats assigned to you.">
        {sections.mine.map((c) => item(c, updated(c)))}
      </Section>
      <Section id="bot" title="With the bot" count={sections.bot.length} empty="No one is talking to the bot.">
        {sections.bot.map((c) => item(c, updated(c)))}
      </Section>
      {sections.teammates.length > 0 && (
        <Section id="teammates" title="With teammates" count={sections.teammates.length} empty="" collapsible>
          {sections.teammates.map((c) => item(c, c.assignedAgentName ?? updated(c)))}
        </Section>
      )}
      <Section id="closed" title="Closed" count={sections.closed.length} empty="Nothing closed yet." collapsible>
        {sections.closed.map((c) => item(c, updated(c), true))}
      </Section>
    </div>
  );
}

interface SectionProps {
  id: string;
  title: string;
  count: number;
  empty: string;
  highlight?: boolean;
  collapsible?: boolean;
  children: ComponentChildren;
}

function Section({ id, title, count, empty, highlight = false, collapsible = false, children }: SectionProps) {
  const headingId = `section-${id}`;
  const body =
    count === 0 ? (
      <p class="section__empty">{empty}</p>
    ) : (
      <ul class="section__list" aria-labelledby={headingId}>
        {children}
      </ul>
    );
  const heading = (
    <>
      <span id={headingId}>{title}</span>
      <span class={`count${highlight && count > 0 ? ' count--hot' : ''}`} aria-label={`${count} conversations`}>
        {count}
      </span>
    </>
  );
  if (collapsible) {
    return (
      <details class="section section--collapsible">
        <summary class="section__title">{heading}</summary>
        {body}
      </details>
    );
  }
  return (
    <section class="section" aria-labelledby={headingId}>
      <h2 class="section__title">{heading}</h2>
      {body}
    </section>
  );
}

interface ItemProps {
  conversation: ConversationSummary;
  meta: string;
  status: string | null;
  current: boolean;
  unread: boolean;
  /** The site's name, or null when it goes without saying. */
  site: string | null;
  onOpen: (conversationId: string) => void;
}

function ConversationItem({ conversation, meta, status, current, unread, site, onOpen }: ItemProps) {
  const name = contactLabel(conversation);
  return (
    <li>
      <button
        type="button"
        class={`item${current ? ' item--current' : ''}${unread ? ' item--unread' : ''}`}
        aria-current={current ? 'true' : undefined}
        aria-controls="conversation"
        onClick={() => onOpen(conversation.id)}
      >
        <span class="item__top">
          <span class="item__name">{name}</span>
          <span class="item__meta">{meta}</span>
        </span>
        <span class="item__preview">
          {unread && <span class="visually-hidden">Unread. </span>}
          {conversation.lastMessage === null ? 'No messages yet' : previewText(conversation.lastMessage)}
        </span>
        {site !== null && <span class="item__site">{site}</span>}
        {status !== null && <span class="item__status">{status}</span>}
        {unread && <span class="item__dot" aria-hidden="true" />}
      </button>
    </li>
  );
}

interface OfferedItemProps {
  conversation: ConversationSummary;
  meta: string;
  /** "27 s" left, or null when the server gave no expiry. */
  countdown: string | null;
  site: string | null;
  current: boolean;
  online: boolean;
  onOpen: (conversationId: string) => void;
  onAccept: (conversationId: string) => void;
}

/** A queued chat the router offered to me: on top, marked, with its own Accept so it takes one click. */
function OfferedItem({ conversation, meta, countdown, site, current, online, onOpen, onAccept }: OfferedItemProps) {
  return (
    <li class="offer">
      <button
        type="button"
        class={`item item--offer${current ? ' item--current' : ''}`}
        aria-current={current ? 'true' : undefined}
        aria-controls="conversation"
        onClick={() => onOpen(conversation.id)}
      >
        <span class="item__top">
          <span class="item__name">{contactLabel(conversation)}</span>
          <span class="item__meta">{meta}</span>
        </span>
        <span class="item__preview">{conversation.lastMessage === null ? 'No messages yet' : previewText(conversation.lastMessage)}</span>
        {site !== null && <span class="item__site">{site}</span>}
        <span class="item__offer">
          Offered to you
          {countdown !== null && (
            <>
              {' · '}
              <span role="timer" aria-live="off">
                {countdown} left
              </span>
            </>
          )}
        </span>
      </button>
      <button
        type="button"
        class="button button--primary offer__accept"
        disabled={!online}
        onClick={() => onAccept(conversation.id)}
      >
        Accept
      </button>
    </li>
  );
}
