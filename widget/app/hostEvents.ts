/**
 * What the host page hears about a state change: new bot/agent messages, the unread count, and
 * status changes (with `handoff` when the conversation enters the queue). Pure, so it is tested
 * without a DOM; the composition root posts the result through the bridge.
 */
import type { FrameMessage } from '../loader/messages';
import type { State } from './state';

export function hostEvents(before: State, after: State): FrameMessage[] {
  const out: FrameMessage[] = [];
  if (after.unread !== before.unread) out.push({ type: 'unread', detail: after.unread });
  // The first welcome loads history: nothing in it is news to the host page.
  if (before.site === null) return out;
  const known = new Set(before.messages.map((m) => m.key));
  for (const m of after.messages) {
    if (!known.has(m.key) && (m.author === 'bot' || m.author === 'agent')) {
      out.push({ type: 'message', detail: { author: m.author, text: m.text } });
    }
  }
  if (after.status && after.status !== before.status) {
    out.push({ type: 'status', status: after.status });
    if (after.status === 'queued') out.push({ type: 'handoff' });
  }
  return out;
}
