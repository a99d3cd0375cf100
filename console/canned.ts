import type { CannedReply } from './state';

/** Canned replies in the composer: typing `/` at the start of the reply box lists matches. */

/** How many suggestions the listbox shows at most. */
export const CannedLimit = 8;

/** The text after `/` when the whole reply box is a slash command in progress, else null. */
export function cannedQuery(text: string): string | null {
  const m = /^\/([a-z0-9-]*)$/i.exec(text);
  return m === null ? null : (m[1] ?? '').toLowerCase();
}

/**
 * Replies for a query: shortcuts starting with it first, then shortcuts containing it, then
 * replies whose text contains it; each group by shortcut. An empty query lists everything.
 */
export function matchCanned(replies: readonly CannedReply[], query: string): CannedReply[] {
  const q = query.toLowerCase();
  const rank = (reply: CannedReply): number => {
    const shortcut = reply.shortcut.toLowerCase();
    if (shortcut.startsWith(q)) return 0;
    if (shortcut.includes(q)) return 1;
    if (reply.text.toLowerCase().includes(q)) return 2;
    return -1;
  };
  return replies
    .map((reply) => ({ reply, rank: rank(reply) }))
    .filter((entry) => entry.rank !== -1)
    .sort((a, b) => a.rank - b.rank || a.reply.shortcut.localeCompare(b.reply.shortcut))
    .slice(0, CannedLimit)
    .map((entry) => entry.reply);
}

/** Shortcut rule from the API: 1–32 of a-z 0-9 -. Returns the problem in words, or null. */
export function shortcutProblem(shortcut: string): string | null {
  if (shortcut.length === 0) return 'Enter a shortcut.';
  if (shortcut.length > 32) return 'A shortcut can be at most 32 characters.';
  if (!/^[a-z0-9-]+$/.test(shortcut)) return 'Use only lowercase letters, digits and "-".';
  return null;
}
