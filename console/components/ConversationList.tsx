import type { ComponentChildren } from 'preact';
import type { ConversationSummary } from '../../protocol/frames';
import { contactLabel, formatTime, formatWait, statusLabels } from '../format';
import { selectSections, type ConsoleState } from '../state';

export interface ConversationListProps {
  state: ConsoleState;
  agentId: string;
  now: Date;
  onOpen: (conversationId: string) => void;
}

export function ConversationList({ state, agentId, now, onOpen }: ConversationListProps) {
  const sections = selectSections(state, agentId);
  const item = (conversation: ConversationSummary, meta: string, showStatus = false) => (
    <ConversationItem
      key={conversation.id}
      conversation={conversation}
      meta={meta}
      status={showStatus ? statusLabels[conversation.status] : null}
      current={conversation.id === state.openId}
      unread={state.unread[conversation.id] === true}
      onOpen={onOpen}
    />
  );
  const queuedAt = (c: ConversationSummary) => state.queuedSince[c.id] ?? c.updatedAt;
  const updated = (c: ConversationSummary) => formatTime(c.updatedAt, now);

  return (
    <div class="sections">
      <Section id="queue" title="Queue" count={sections.queue.length} empty="No one is waiting." highlight>
        {sections.queue.map((c) => item(c, `Waiting ${formatWait(now.getTime() - Date.parse(queuedAt(c)))}`))}
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
  onOpen: (conversationId: string) => void;
}

function ConversationItem({ conversation, meta, status, current, unread, onOpen }: ItemProps) {
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
          {conversation.lastMessage ?? 'No messages yet'}
        </span>
        {status !== null && <span class="item__status">{status}</span>}
        {unread && <span class="item__dot" aria-hidden="true" />}
      </button>
    </li>
  );
}
