import type { Callback, ConversationSummary, HandoffInfo, VisitorContextInfo } from '../../protocol/frames';
import { callbackStatusText, formatFullTime, formatSlot, safeHttpUrl, statusLabels, visitorLocalTime } from '../format';
import { summarizeUserAgent } from '../useragent';
import { HandoffPanel } from './HandoffPanel';

export interface ContextPanelProps {
  /**
   * What the visitor told about themselves, from the conversation's summary: it is kept fresh by
   * live updates as they write, where the context is as of opening the conversation.
   */
  contact: Pick<ConversationSummary, 'contactName' | 'contactEmail' | 'contactPhone' | 'contactOrderNumber'>;
  context: VisitorContextInfo | null;
  handoff: HandoffInfo | null;
  /** Refreshed each minute by the caller, for the visitor's local time. */
  now: Date;
  onOpen: (conversationId: string) => void;
  /** The contact's callbacks (from the context, kept fresh by live updates), newest first. */
  callbacks: readonly Callback[];
  agentId: string;
  /** The agent's IANA zone, for call times. */
  timeZone: string | undefined;
  onOpenCallback: (callbackId: string) => void;
}

/**
 * Who the visitor is: contact, page, language, local time, device, their calls and past
 * conversations. All untrusted, shown as text.
 */
export function ContextPanel({ contact, context, handoff, now, onOpen, callbacks, agentId, timeZone, onOpenCallback }: ContextPanelProps) {
  return (
    <div class="side__content">
      {handoff !== null && <HandoffPanel handoff={handoff} />}
      <section class="side__section" aria-labelledby="side-visitor">
        <h2 class="side__title" id="side-visitor">
          Visitor details
        </h2>
        {context === null ? (
          <p class="side__empty">Loading…</p>
        ) : (
          <dl class="facts">
            <Fact label="Name" value={contact.contactName} />
            <Fact label="Email" value={contact.contactEmail} />
            <Fact label="Phone" value={contact.contactPhone} />
            <Fact label="Order number" value={contact.contactOrderNumber} />
            <div class="facts__row">
              <dt>Page</dt>
              <dd>
                <PageLink page={context.page} />
              </dd>
            </div>
            <Fact label="Language" value={context.locale} />
            <Fact label="Local time" value={visitorLocalTime(context.timeZone, now)} title={context.timeZone ?? undefined} />
            <Fact label="Device" value={summarizeUserAgent(context.userAgent)} title={context.userAgent ?? undefined} />
          </dl>
        )}
      </section>
      {context !== null && callbacks.length > 0 && (
        <section class="side__section" aria-labelledby="side-callbacks">
          <h2 class="side__title" id="side-callbacks">
            Their callbacks
          </h2>
          <ul class="past">
            {callbacks.map((callback) => (
              <li key={callback.id} class="past__entry">
                <button type="button" class="past__item" onClick={() => onOpenCallback(callback.id)}>
                  <span class="past__top">
                    <span>Call {formatSlot(callback.start, now, timeZone)}</span>
                    <span class="past__phone">{callback.phoneDisplay}</span>
                  </span>
                </button>
                {/* Outside the button: its name stays "Call …", apart from the outcome buttons' names. */}
                <span class="past__last past__state">{callbackStatusText(callback, agentId)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      {context !== null && (
        <section class="side__section" aria-labelledby="side-past">
          <h2 class="side__title" id="side-past">
            Past conversations
          </h2>
          {context.past.length === 0 ? (
            <p class="side__empty">None before this one.</p>
          ) : (
            <ul class="past">
              {context.past.map((past) => (
                <li key={past.id}>
                  <button type="button" class="past__item" onClick={() => onOpen(past.id)}>
                    <span class="past__top">
                      <span>{statusLabels[past.status]}</span>
                      <time dateTime={past.createdAt}>{formatFullTime(past.createdAt)}</time>
                    </span>
                    <span class="past__last">{past.lastMessage ?? 'No messages'}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </div>
  );
}

function Fact({ label, value, title }: { label: string; value: string | null; title?: string | undefined }) {
  const shown = value?.trim() ? value : null;
  return (
    <div class="facts__row">
      <dt>{label}</dt>
      <dd title={title} class={shown === null ? 'facts__none' : undefined}>
        {shown ?? 'unknown'}
      </dd>
    </div>
  );
}

function PageLink({ page }: { page: VisitorContextInfo['page'] }) {
  if (page === null) return <span class="facts__none">unknown</span>;
  const href = safeHttpUrl(page.url);
  const label = page.title?.trim() || page.url;
  return (
    <>
      {href === null ? (
        <span title={page.url}>{label}</span>
      ) : (
        <a href={href} target="_blank" rel="noopener noreferrer" title={page.url}>
          {label}
        </a>
      )}
      {page.title?.trim() ? <span class="facts__url">{page.url}</span> : null}
    </>
  );
}
