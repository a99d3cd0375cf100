/**
 * What the host page hears about a state change: new bot/agent messages, the unread count,
 * status changes (with `handoff` when the conversation enters the queue), and the visitor's call
 * back when it changes (`callback`: its state and times only). Pure, so it is tested
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
  const was = before.callback?.callback;
  const is = after.callback?.callback;
  // A welcome that shows no booking any more says nothing of how it ended: no news to pass on.
  if (is && (is.id !== was?.id || is.state !== was.state || is.start !== was.start || is.end !== was.end)) {
    out.push({ type: 'callback', detail: { state: is.state, start: is.start, end: is.end } });
  }
  return out;
}
