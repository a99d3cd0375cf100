import type { HandoffInfo } from '../../protocol/frames';
import { formatFullTime, handoffFacts, handoffText } from '../format';

/**
 * What the bot handed over, on top of the conversation: why, a short summary, and the facts the
 * visitor already gave (so nobody asks again). Plain selectable text; each fact value selects
 * whole on click, and "Copy" puts the lot on the clipboard as text.
 */
export function HandoffPanel({ handoff }: { handoff: HandoffInfo }) {
  const facts = handoffFacts(handoff.facts);
  const copy = () => {
    navigator.clipboard.writeText(handoffText(handoff)).catch((error: unknown) => {
      // The text stays on screen to select by hand; say why the button did nothing.
      console.warn('[ponte] could not copy the handoff summary', error);
    });
  };
  return (
    <section class="handoff" aria-labelledby="handoff-title">
      <div class="handoff__head">
        <h2 class="handoff__title" id="handoff-title">
          Handed over by the bot — {handoff.reason}
        </h2>
        <button type="button" class="button button--link" onClick={copy}>
          Copy
        </button>
      </div>
      {handoff.summary.trim() !== '' && <p class="handoff__summary">{handoff.summary}</p>}
      {facts.length > 0 && (
        <dl class="handoff__facts">
          {facts.map((fact) => (
            <div class="handoff__fact" key={fact.label}>
              <dt>{fact.label}</dt>
              <dd>{fact.value}</dd>
            </div>
          ))}
        </dl>
      )}
      <p class="handoff__time">
        <time dateTime={handoff.createdAt}>{formatFullTime(handoff.createdAt)}</time>
      </p>
    </section>
  );
}
